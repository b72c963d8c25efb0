import { describe, expect, it } from 'vitest';
import { COMMONEST_WORDS, STOPWORDS } from '../../../lambda/text/stopwords.js';

describe('stopwords', () => {
  it('are lower-case English function words, not words that carry a subject', () => {
    for (const word of ['the', 'and', 'of', 'which', 'would', 'said']) expect(STOPWORDS.has(word), word).toBe(true);
    for (const word of ['The', 'russia', 'talks', 'cooperate', 'bridge', 'says']) expect(STOPWORDS.has(word), word).toBe(false);
    for (const word of STOPWORDS) expect(word).toMatch(/^[a-z]+$/);
  });

  it('hold the commonest words, which add the reporting verbs of news', () => {
    expect([...COMMONEST_WORDS].filter((word) => !STOPWORDS.has(word))).toEqual(['says']);
    expect(COMMONEST_WORDS.has('after')).toBe(false);
    expect(COMMONEST_WORDS.size).toBeLessThan(STOPWORDS.size / 5);
  });
});
