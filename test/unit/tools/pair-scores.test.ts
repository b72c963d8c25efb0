import { describe, expect, it } from 'vitest';
import { chooseThreshold, count, decide, emptyCounts, figures } from '../../../tools/digest/pair-scores.js';

describe('same-story pair scoring', () => {
  it('cuts between the same pairs and the different ones when a cut separates them', () => {
    const pairs = [
      { score: 0.9, same: true },
      { score: 0.7, same: true },
      { score: 0.4, same: false },
      { score: 0.2, same: false },
    ];
    const threshold = chooseThreshold(pairs);
    expect(threshold).toBeCloseTo(0.55);
    expect(pairs.map((pair) => decide(pair, threshold))).toEqual([true, true, false, false]);
  });

  it('takes the best F1 when none separates them, and never decides a pair a guard ruled out', () => {
    const pairs = [
      { score: 0.9, same: true },
      { score: 0.6, same: false },
      { score: 0.5, same: true },
      { score: 0.1, same: false },
      { score: null, same: true },
    ];
    const threshold = chooseThreshold(pairs);
    const counts = emptyCounts();
    for (const pair of pairs) count(counts, decide(pair, threshold), pair.same);
    expect(counts).toEqual({ tp: 2, fp: 1, fn: 1, tn: 1 });
    expect(figures(counts).f1).toBeCloseTo(2 / 3);
    expect(decide({ score: null, same: true }, Number.NEGATIVE_INFINITY)).toBe(false);
  });

  it('decides nothing when the training pairs hold no same pair', () => {
    expect(decide({ score: 5, same: false }, chooseThreshold([{ score: 5, same: false }, { score: 1, same: false }]))).toBe(false);
  });
});
