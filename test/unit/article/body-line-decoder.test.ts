import { describe, expect, it } from 'vitest';
import { decodeBodyRows } from '../../../lambda/article/body-line-model.js';

describe('decoding line probabilities into the body', () => {
  it('takes the one run where confidence weighed by words adds up most, not prose elsewhere on the page', () => {
    const probabilities = [0.9, 0.1, 0.1, 0.9, 0.9, 0.8];
    // Two long lines of furniture part a teaser from the story.
    expect(decodeBodyRows(probabilities, [30, 40, 40, 40, 40, 40])).toEqual([false, false, false, true, true, true]);
    // Across two short lines the story reads on: a caption and a credit inside it.
    expect(decodeBodyRows(probabilities, [30, 3, 3, 40, 40, 40])).toEqual([true, false, false, true, true, true]);
  });

  it('keeps a lone doubtful line between two body lines, but not a line the model rules out', () => {
    expect(decodeBodyRows([0.9, 0.3, 0.9], [30, 4, 30])).toEqual([true, true, true]);
    expect(decodeBodyRows([0.9, 0.05, 0.9], [30, 2, 30])).toEqual([true, false, true]);
  });

  it('holds one of the rules’ body rows when there are any: a longer block elsewhere is not taken instead', () => {
    const probabilities = [0.9, 0.1, 0.1, 0.9, 0.9, 0.8];
    const words = [30, 60, 60, 40, 40, 40];
    expect(decodeBodyRows(probabilities, words)).toEqual([false, false, false, true, true, true]);
    expect(decodeBodyRows(probabilities, words, [0])).toEqual([true, false, false, false, false, false]);
    // The run reaches on past the anchor where the model is confident.
    expect(decodeBodyRows([0.9, 0.9, 0.1], [20, 20, 30], [0])).toEqual([true, true, false]);
  });

  it('never takes a line without a word (a rule drawn with box characters), however sure the model is', () => {
    expect(decodeBodyRows([0.9, 0.6, 0.9], [30, 0, 30])).toEqual([true, false, true]);
    expect(decodeBodyRows([0.9, 0.3, 0.9], [30, 0, 30])).toEqual([true, false, true]);
  });

  it('chooses nothing when no line reaches the threshold', () => {
    expect(decodeBodyRows([0.2, 0.1], [30, 30])).toEqual([false, false]);
    expect(decodeBodyRows([], [])).toEqual([]);
  });
});
