import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capitalisedShare } from '../../../lambda/article/headline-features.js';
import { endsSentence, lineFeatures, normaliseLine } from '../../../lambda/article/line-features.js';
import { STOPWORDS } from '../../../lambda/text/stopwords.js';
import { countWords, wordsOf } from '../../../lambda/text/words.js';

/**
 * lineFeatures and normaliseLine take shortcuts for speed (an ASCII line is counted without
 * listing its words and its stopwords found by a trie, lone spaces are not replaced, a line is
 * tested for a sentence ending only when its last character may end one, results are memoised). These pin them to the
 * plain definitions they stand for, on lines made of the characters where shortcuts could differ.
 */
const plainNormalised = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
function plainStopwordRatio(text: string): number {
  const words = wordsOf(text);
  return words.length ? words.filter((word) => STOPWORDS.has(word.toLowerCase())).length / words.length : 0;
}

const PIECES = ['The', 'the', 'THE', 'of', 'a', 'it', "it's", "O'Neil-Smith", '-', "'", '’', '--x', 'x-', 'through', 'Between', 'betweenness', '12', '3-2', ' ', '  ', '\t', '.', '|', 'İstanbul', 'K', 'zürich', '日本語', '😀', '\u00a0', 'ΣΟΦΙΑ'];
const line = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((pieces) => pieces.join(''));
const RUNS = { seed: 7, numRuns: 500 };

describe('line measures', () => {
  it('counts the words and stopwords wordsOf finds, and normalises as the plain replace does', () => {
    fc.assert(
      fc.property(line, (text) => {
        const features = lineFeatures(text);
        expect(features.words).toBe(countWords(text));
        expect(features.stopwordRatio).toBe(plainStopwordRatio(text));
        expect(normaliseLine(text)).toBe(plainNormalised(text));
      }),
      RUNS,
    );
  });

  it('ends a sentence exactly where the plain pattern says so', () => {
    const plainEndsSentence = (text: string) => /[.!?。！？]["'”’)\]」』）]*$|[.!?]\s*["'”’]$|:["'“]?$/.test(text.trimEnd().slice(-64).trimStart());
    const ENDINGS = ['word', ' ', '\t', '.', '!', '?', '。', '！', '？', '"', "'", '”', '’', ')', ']', '」', '』', '）', ':', '“', '…', ';', ',', '-', '\u00a0'];
    // Every ending of up to three of these, then longer ones at random.
    for (const a of ENDINGS) for (const b of ENDINGS) for (const c of ENDINGS) expect(endsSentence(`Word${a}${b}${c}`)).toBe(plainEndsSentence(`Word${a}${b}${c}`));
    const ending = fc.array(fc.constantFrom(...ENDINGS), { maxLength: 8 });
    fc.assert(
      fc.property(line, ending, (start, end) => {
        const text = start + end.join('');
        expect(endsSentence(text)).toBe(plainEndsSentence(text));
      }),
      RUNS,
    );
  });

  it("gives the headline ranker's share of capitalised tokens as splitting and testing each token does", () => {
    const plainCapitalisedShare = (text: string) => {
      const tokens = text.split(/\s+/).filter((token) => /\p{L}/u.test(token));
      return tokens.length ? tokens.filter((token) => /^[^\p{L}]*\p{Lu}/u.test(token)).length / tokens.length : 0;
    };
    const asciiPieces = PIECES.filter((piece) => [...piece].every((char) => char.charCodeAt(0) < 128));
    const tokens = fc.array(fc.constantFrom(...asciiPieces, '\n', '\v', '\f', '\r', '"A', '(b', '1st', '--', 'x'), { maxLength: 30 }).map((pieces) => pieces.join(''));
    fc.assert(
      fc.property(fc.oneof(tokens, line), (text) => {
        expect(capitalisedShare(text)).toBe(plainCapitalisedShare(text));
      }),
      RUNS,
    );
    expect(capitalisedShare('Ferry Timetable approved by 12 votes')).toBe(2 / 5);
  });

  it('counts hyphenated and apostrophed ASCII words as one, and stopwords whatever their case', () => {
    expect(lineFeatures("The O'Neil-Smith case -- of it").words).toBe(5);
    expect(lineFeatures('THE Of tHe betweenness').stopwordRatio).toBe(3 / 4);
  });
});
