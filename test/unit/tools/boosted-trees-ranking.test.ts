import { describe, expect, it } from 'vitest';
import type { BodyTreeNode } from '../../../lambda/article/body-line-model.js';
import { fitBoostedTrees, treesScore } from '../../../tools/article/boosted-trees.js';

const OPTIONS = { rounds: 60, depth: 2, learningRate: 0.3, leafPenalty: 1, minLeafHessian: 0.01, bins: 64 };


/**
 * Twelve pages of three candidates; on page g the candidates' value is g, g + 1 and g + 2 and the
 * largest is the right one. No threshold on the value tells a right candidate from a wrong one, so
 * only a ranking within each page (the softmax over its rows) can learn "the largest wins".
 */
function pages() {
  const rows: Float64Array[] = [];
  const labels: number[] = [];
  const groups: number[] = [];
  for (let page = 0; page < 12; page++) {
    for (let rank = 0; rank < 3; rank++) {
      rows.push(Float64Array.of(page + rank));
      labels.push(rank === 2 ? 1 : 0);
      groups.push(page);
    }
  }
  return { rows, labels, groups, weights: labels.map(() => 1) };
}

const topPicksRight = (trees: readonly BodyTreeNode[], examples: ReturnType<typeof pages>) => {
  let right = 0;
  for (let page = 0; page < 12; page++) {
    const scores = [0, 1, 2].map((rank) => treesScore(trees, examples.rows[page * 3 + rank]!));
    if (scores[2]! > Math.max(scores[0]!, scores[1]!)) right++;
  }
  return right;
};

describe('boosted trees with a softmax per group', () => {
  it('learns to rank within each group where a per-row log-loss cannot', () => {
    const examples = pages();
    const ranking = fitBoostedTrees(examples, OPTIONS);
    expect(ranking.base).toBe(0);
    expect(topPicksRight(ranking.trees, examples)).toBe(12);
    const pointwise = fitBoostedTrees({ rows: examples.rows, labels: examples.labels, weights: examples.weights }, OPTIONS);
    expect(topPicksRight(pointwise.trees, examples)).toBeLessThan(12);
  });

  it('learns nothing from a group without a right row', () => {
    const examples = { rows: [Float64Array.of(0), Float64Array.of(1)], labels: [0, 0], weights: [1, 1], groups: [0, 0] };
    const { trees } = fitBoostedTrees(examples, OPTIONS);
    expect(trees.every((tree) => tree === 0 || (typeof tree === 'number' && Math.abs(tree) < 1e-12))).toBe(true);
  });
});
