import { describe, expect, it } from 'vitest';
import { findPublicationDate } from '../../../lambda/article/publication-date.js';
import { splitSentences, summarise } from '../../../lambda/article/summary.js';

describe('sentence splitting and summaries', () => {
  it('does not split at U.S., Mr. or initials', () => {
    expect(splitSentences('The U.S. envoy met Mr. Smith in Washington. George W. Bush was not there. It rained.')).toEqual([
      'The U.S. envoy met Mr. Smith in Washington.',
      'George W. Bush was not there.',
      'It rained.',
    ]);
  });

  it('cuts a long first sentence at a word', () => {
    expect(summarise(['word '.repeat(200).trim()], 50).endsWith('word…')).toBe(true);
  });
});

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
