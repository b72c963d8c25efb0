import { describe, expect, it } from 'vitest';
import { eventText, firstSentence, leadNames, ledeWeekdays, numbersIn, QUOTE_SHINGLE_WORDS, quotedShingles, storyFacts } from '../../../lambda/digest/story-facts.js';
import { cosine } from '../../../lambda/digest/story-similarity.js';

describe('who, what, when and how much of a report', () => {
  it('takes the shingles of quoted speech only, in straight or curly quotes, and not a short title in quotes', () => {
    const report = quotedShingles({
      headline: 'Minister: "no reopening before inspection"',
      body: ['The minister said \u201cWe will not reopen the mine\u201d on Tuesday.', 'Workers watched the film "Salt" with the unions, who "will strike if needed," a leader said.'],
    });
    const copy = quotedShingles({ headline: 'Mine stays shut', body: ['"We will not reopen the mine," he said.'] });
    const unquoted = quotedShingles({ headline: 'Mine stays shut', body: ['We will not reopen the mine, he said.'] });

    // "no reopening before inspection" (1), "We will not reopen the mine" (3), "will strike if needed" (1); "Salt" is too short.
    expect(report.indices.length).toBe(1 + (6 - QUOTE_SHINGLE_WORDS + 1) + 1);
    expect(cosine(report, copy)).toBe(3);
    expect(unquoted.indices.length).toBe(0);
  });

  it('takes the figures that identify an event, not single digits or bare years', () => {
    expect(numbersIn('Denver won 124-120 on Dec. 29, 2007; 13 hurt, 7.5 percent, $300,000 and 4 - 3.')).toEqual(new Set(['124-120', '29', '13', '7.5', '300,000', '4-3']));
  });

  it('reads the weekdays the headline and first two paragraphs name, not those further down', () => {
    expect(ledeWeekdays({ headline: 'Talks on Monday', body: ['They met on Friday night.', 'Nothing else.', 'Again on Sunday.'] })).toBe((1 << 0) | (1 << 4));
    expect(ledeWeekdays({ headline: 'No day', body: ['None here.'] })).toBe(0);
  });

  it('ends the first sentence at a full stop before a capital, not after an abbreviation', () => {
    expect(firstSentence({ body: ['U.S. envoy Mr. Smith met Jan. 5 with officials. Then he left.'] })).toBe('U.S. envoy Mr. Smith met Jan. 5 with officials.');
    expect(firstSentence({ body: [] })).toBe('');
  });

  it('says what happened without who: names left out, a sentence\u2019s first word kept', () => {
    expect(eventText({ headline: 'Greek sprinters cleared by tribunal', body: ['Sprinters Kostas Kenteris and Katerina Thanou were cleared. More.'] }).split(/\s+/).filter(Boolean)).toEqual([
      'Greek', 'sprinters', 'cleared', 'by', 'tribunal', 'Sprinters', 'and', 'were', 'cleared.',
    ]);
  });

  it('weighs a rare name above a common one, so sharing it says more', () => {
    const rare = storyFacts({ headline: 'Galyani Vadhana', body: [] });
    const common = storyFacts({ headline: 'United States', body: [] });
    const both = storyFacts({ headline: 'Report', body: ['Galyani Vadhana and the United States.'] });
    expect(cosine(rare, both)).toBeGreaterThan(cosine(common, both));
  });

  it('counts the names two leads share with a dot product of their indicator vectors', () => {
    const a = leadNames({ headline: 'Rice meets Lavrov', body: ['Condoleezza Rice met Sergei Lavrov in Moscow.'] });
    const b = leadNames({ headline: 'Talks in Moscow', body: ['Sergei Lavrov hosted talks.'] });
    // "sergei lavrov", its surname "lavrov", and "moscow".
    expect(cosine(a, b)).toBe(3);
  });
});
