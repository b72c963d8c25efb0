import { describe, expect, it } from 'vitest';
import { GoldBody, gram4F1 } from '../../../tools/article/body-line-labels.js';
import { fitBoostedTrees } from '../../../tools/article/boosted-trees.js';

const GOLD = [
  'The council approved the new ferry timetable on Monday after talks that lasted more than a year.',
  'Ferries will leave every twenty minutes at peak hours, the council said.',
  'Tour dates',
].join('\n');

describe('line labels aligned to a gold body', () => {
  it('labels a line body text when most of its word 4-grams occur in the gold, whatever its case, punctuation or wrapping', () => {
    const gold = new GoldBody(GOLD);
    expect(gold.has('The council approved the new ferry timetable on Monday')).toBe(true);
    // A line wrapped at 80 columns holds the end of one sentence and the start of the next.
    expect(gold.has('than a year. FERRIES will leave every twenty minutes')).toBe(true);
    expect(gold.has('Ferries will leave every twenty minutes, says a reader in the comments below')).toBe(false);
    expect(gold.has('Sign up for our newsletter to get the latest news')).toBe(false);
  });

  it('labels a short line by its words occurring in a row in the gold, and a line without words never', () => {
    const gold = new GoldBody(GOLD);
    expect(gold.has('Tour dates:')).toBe(true);
    expect(gold.has('dates Tour')).toBe(false);
    expect(gold.has('Advertisement')).toBe(false);
    expect(gold.has('* * *')).toBe(false);
  });

  it("scores a body by eval:extract's 4-gram F1", () => {
    expect(gram4F1(GOLD, GOLD)).toBe(1);
    expect(gram4F1('', '')).toBe(1);
    expect(gram4F1('', GOLD)).toBe(0);
    // Half the gold's 4-grams, all of them right: precision 1, recall 0.5.
    expect(gram4F1('a b c d e', 'a b c d e f g h')).toBeCloseTo((2 * 1 * 0.4) / 1.4, 10);
  });
});

describe('boosted trees for the body lines', () => {
  it('learns an interaction of two features (body only when both are on), which one split cannot express', () => {
    const rows: Float64Array[] = [];
    const labels: number[] = [];
    for (let copy = 0; copy < 50; copy++) {
      for (const [a, b] of [[0, 0], [0, 1], [1, 0], [1, 1]] as const) {
        rows.push(Float64Array.from([1, a, b]));
        labels.push(a === 1 && b === 1 ? 1 : 0);
      }
    }
    const model = fitBoostedTrees({ rows, labels, weights: labels.map(() => 1) }, { rounds: 60, depth: 2, learningRate: 0.3, leafPenalty: 1, minLeafHessian: 0.5, bins: 8 });
    const score = (row: Float64Array) => {
      let sum = model.base;
      for (let tree of model.trees) {
        while (typeof tree !== 'number') tree = row[tree.feature]! < tree.threshold ? tree.left : tree.right;
        sum += tree;
      }
      return sum;
    };
    expect(score(Float64Array.from([1, 1, 1]))).toBeGreaterThan(2);
    expect(score(Float64Array.from([1, 0, 1]))).toBeLessThan(-2);
    expect(score(Float64Array.from([1, 1, 0]))).toBeLessThan(-2);
    expect(score(Float64Array.from([1, 0, 0]))).toBeLessThan(-2);
  });
});
