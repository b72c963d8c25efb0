import { describe, expect, it } from 'vitest';
import { findPublicationDate } from '../../../lambda/article/publication-date.js';
import { splitSentences, summarise } from '../../../lambda/article/summary.js';
import { segmentPage } from '../../../lambda/article/text-extraction.js';
import { splitWireDateline } from '../../../lambda/article/wire-dateline.js';

describe('sentence splitting and summaries', () => {
  it('does not split at U.S., Mr. or initials', () => {
    expect(splitSentences('The U.S. envoy met Mr. Smith in Washington. George W. Bush was not there. It rained.')).toEqual([
      'The U.S. envoy met Mr. Smith in Washington.',
      'George W. Bush was not there.',
      'It rained.',
    ]);
  });

  it('cuts unpunctuated text past 400 characters at a word', () => {
    expect(summarise(['word '.repeat(200).trim()], 50).endsWith('word…')).toBe(true);
  });

  it('never ends mid-sentence: a first sentence longer than the usual length stays whole', () => {
    const long = `The ministers, who had met in Geneva for three days of talks that ${'ran late into the night and '.repeat(8)}ended on Friday, agreed to cut tariffs.`;
    expect(long.length).toBeGreaterThan(300);
    expect(long.length).toBeLessThanOrEqual(400);
    expect(summarise([long, 'The deal takes effect in January.'])).toBe(long);
  });

  it.each([
    ['GENEVA, Nov 20 (Global Wire) - Trade ministers agreed on Friday to cut tariffs.'],
    ['LOS ANGELES (AP) — Trade ministers agreed on Friday to cut tariffs.'],
    ['MOSCOW - Trade ministers agreed on Friday to cut tariffs.'],
    ['Lima : Trade ministers agreed on Friday to cut tariffs.'],
    ['Rio de Janeiro, Nov 3 (AFP) — Trade ministers agreed on Friday to cut tariffs.'],
  ])('starts the summary of %j after its dateline, which stays in the body', (lede) => {
    expect(summarise([lede, 'The deal takes effect in January.'])).toBe('Trade ministers agreed on Friday to cut tariffs. The deal takes effect in January.');
  });

  it.each([['US: the view from the other side of the talks.'], ['Breaking news is what we do.'], ['Warning: this story contains graphic detail.']])(
    'keeps an opening that is not a dateline: %j',
    (lede) => {
      expect(summarise([lede])).toBe(lede);
    },
  );
});

describe('wire datelines', () => {
  it('names the agency of a dateline and keeps a dateline that opens the lede as body text', () => {
    expect(splitWireDateline('LOS ANGELES (AP) — To LeBron James, triple-doubles are not a goal.')).toEqual({
      dateline: 'LOS ANGELES (AP) —',
      agency: 'AP',
      rest: 'To LeBron James, triple-doubles are not a goal.',
    });
    expect(splitWireDateline('GENEVA, Nov 20 (Global Wire) -')).toMatchObject({ agency: 'Global Wire', rest: '' });
    const page = segmentPage(
      ['Lakers hold off Thunder', 'LOS ANGELES (AP) — To LeBron James, triple-doubles are not a goal.', PARAGRAPH, PARAGRAPH.replace('They', 'The wins')].join('\n'),
    );
    expect(page.body[0]).toBe('LOS ANGELES (AP) — To LeBron James, triple-doubles are not a goal.');
  });
});

const PARAGRAPH = 'They are only a side effect of the consistent, brilliant all-around play he has been dishing out for seventeen seasons in the league.';

describe('publication dates', () => {
  it.each([
    ['Source: CCTV.com | 05-16-2007 09:41', '2007-05-16'],
    ['(China Daily 04/14/2017 page1)', '2017-04-14'],
    ['Published: 18 November 2026 08:15 CET', '2026-11-18T08:15:00+01:00'],
    ['Updated 2026-11-19T14:30:00Z', '2026-11-19T14:30:00Z'],
    ['said on 31/12/2025', '2025-12-31'],
  ])('reads %j', (text, expected) => {
    expect(findPublicationDate(text)).toBe(expected);
  });

  it.each(['Lavrov said Sunday.', 'seized last week', 'GENEVA, Nov 20 (Global Wire)', 'on 02/30/2024'])('does not guess from %j', (text) => {
    expect(findPublicationDate(text)).toBeNull();
  });
});
