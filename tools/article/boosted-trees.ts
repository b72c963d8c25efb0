import type { BodyTreeNode } from '../../lambda/article/body-line-model.js';

/** What fitting the trees reads: feature rows, 0/1 labels and a weight per row. */
export interface TreeExamples {
  readonly rows: readonly Float64Array[];
  readonly labels: readonly number[];
  readonly weights: readonly number[];
  /**
   * Consecutive rows of one ranking problem (a page's candidate lines) share a group number: the
   * loss is then a softmax over each group's rows (the conditional logit the headline ranker fits),
   * each group's labels summing to 1, instead of each row's log-loss; the base score is 0.
   */
  readonly groups?: readonly number[];
}

export interface BoostingOptions {
  readonly rounds: number;
  readonly depth: number;
  readonly learningRate: number;
  /** L2 penalty on a leaf's score (XGBoost's lambda). */
  readonly leafPenalty: number;
  /** Least summed hessian in a leaf. */
  readonly minLeafHessian: number;
  /** Candidate thresholds per feature, at quantiles of its values. */
  readonly bins: number;
}

/** Thresholds between a feature's values at its quantiles (every value when there are few). */
function thresholdsOf(values: Float64Array, bins: number): number[] {
  const sorted = Float64Array.from(values).sort();
  const distinct: number[] = [];
  for (const value of sorted) if (distinct.length === 0 || distinct.at(-1) !== value) distinct.push(value);
  const cuts: number[] = [];
  if (distinct.length <= bins) {
    for (let index = 1; index < distinct.length; index++) cuts.push((distinct[index - 1]! + distinct[index]!) / 2);
    return cuts;
  }
  for (let bin = 1; bin < bins; bin++) {
    const value = sorted[Math.floor((bin * sorted.length) / bins)]!;
    if (cuts.length === 0 || cuts.at(-1)! < value) cuts.push(value);
  }
  return cuts;
}

/**
 * Gradient-boosted regression trees for the log-loss, or a softmax over each group of rows
 * (TreeExamples.groups), with Newton leaves and histogram splits, in
 * plain TypeScript: the model is small and fitted offline, so no library is needed.
 * Deterministic: no sampling.
 */
export function fitBoostedTrees(examples: TreeExamples, options: BoostingOptions): { base: number; trees: BodyTreeNode[] } {
  const count = examples.rows.length;
  const width = examples.rows[0]?.length ?? 0;
  const thresholds: number[][] = [];
  // bin[feature][example]: index of the first threshold above the value (value < thresholds[b] ⇔ bin ≤ b).
  const bins: Uint8Array[] = [];
  for (let feature = 0; feature < width; feature++) {
    const values = Float64Array.from(examples.rows, (row) => row[feature]!);
    const cuts = thresholdsOf(values, options.bins);
    thresholds.push(cuts);
    const binned = new Uint8Array(count);
    for (let example = 0; example < count; example++) {
      let bin = 0;
      while (bin < cuts.length && values[example]! >= cuts[bin]!) bin++;
      binned[example] = bin;
    }
    bins.push(binned);
  }
  let positive = 0;
  let total = 0;
  for (let example = 0; example < count; example++) {
    positive += examples.weights[example]! * examples.labels[example]!;
    total += examples.weights[example]!;
  }
  const prior = Math.min(Math.max(positive / total, 1e-6), 1 - 1e-6);
  // A softmax is blind to a score added to every row, so a ranking starts from 0.
  const groups = examples.groups;
  const base = groups ? 0 : Math.log(prior / (1 - prior));
  const score = new Float64Array(count).fill(base);
  const gradient = new Float64Array(count);
  const hessian = new Float64Array(count);
  const trees: BodyTreeNode[] = [];
  const leafValue = (g: number, h: number) => (-g / (h + options.leafPenalty)) * options.learningRate;

  const grow = (members: Uint32Array, depth: number): BodyTreeNode => {
    let g = 0;
    let h = 0;
    for (const example of members) {
      g += gradient[example]!;
      h += hessian[example]!;
    }
    if (depth === 0 || members.length < 2) return leafValue(g, h);
    const parentGain = (g * g) / (h + options.leafPenalty);
    let best: { feature: number; bin: number; gain: number } | null = null;
    for (let feature = 0; feature < width; feature++) {
      const cuts = thresholds[feature]!.length;
      if (cuts === 0) continue;
      const gs = new Float64Array(cuts + 1);
      const hs = new Float64Array(cuts + 1);
      const binned = bins[feature]!;
      for (const example of members) {
        gs[binned[example]!]! += gradient[example]!;
        hs[binned[example]!]! += hessian[example]!;
      }
      let gLeft = 0;
      let hLeft = 0;
      for (let bin = 0; bin < cuts; bin++) {
        gLeft += gs[bin]!;
        hLeft += hs[bin]!;
        const hRight = h - hLeft;
        if (hLeft < options.minLeafHessian || hRight < options.minLeafHessian) continue;
        const gRight = g - gLeft;
        const gain = (gLeft * gLeft) / (hLeft + options.leafPenalty) + (gRight * gRight) / (hRight + options.leafPenalty) - parentGain;
        if (gain > 1e-12 && (!best || gain > best.gain)) best = { feature, bin, gain };
      }
    }
    if (!best) return leafValue(g, h);
    const binned = bins[best.feature]!;
    const left = members.filter((example) => binned[example]! <= best.bin);
    const right = members.filter((example) => binned[example]! > best.bin);
    return { feature: best.feature, threshold: thresholds[best.feature]![best.bin]!, left: grow(left, depth - 1), right: grow(right, depth - 1) };
  };

  const everyone = Uint32Array.from({ length: count }, (_, example) => example);
  const groupEnds: number[] = [];
  if (groups) for (let example = 1; example <= count; example++) if (example === count || groups[example] !== groups[example - 1]) groupEnds.push(example);
  for (let round = 0; round < options.rounds; round++) {
    if (groups) softmaxGradients(score, examples, groupEnds, gradient, hessian);
    else {
      for (let example = 0; example < count; example++) {
        const probability = 1 / (1 + Math.exp(-score[example]!));
        gradient[example] = examples.weights[example]! * (probability - examples.labels[example]!);
        hessian[example] = examples.weights[example]! * Math.max(probability * (1 - probability), 1e-6);
      }
    }
    const tree = grow(everyone, options.depth);
    trees.push(tree);
    for (let example = 0; example < count; example++) score[example]! += treeScore(tree, examples.rows[example]!);
  }
  return { base, trees };
}

/**
 * Gradient and diagonal hessian of each group's softmax cross-entropy against its labels (scaled
 * to sum to 1), weighted by the group's first row's weight; a group without a positive row teaches nothing.
 */
function softmaxGradients(score: Float64Array, examples: TreeExamples, groupEnds: readonly number[], gradient: Float64Array, hessian: Float64Array): void {
  let start = 0;
  for (const end of groupEnds) {
    let positives = 0;
    let max = Number.NEGATIVE_INFINITY;
    for (let example = start; example < end; example++) {
      positives += examples.labels[example]!;
      max = Math.max(max, score[example]!);
    }
    let sum = 0;
    for (let example = start; example < end; example++) sum += Math.exp(score[example]! - max);
    const weight = positives > 0 ? examples.weights[start]! : 0;
    for (let example = start; example < end; example++) {
      const probability = Math.exp(score[example]! - max) / sum;
      const target = positives > 0 ? examples.labels[example]! / positives : 0;
      gradient[example] = weight * (probability - target);
      hessian[example] = weight * Math.max(probability * (1 - probability), 1e-6);
    }
    start = end;
  }
}

/** The score of the leaf a row reaches in one tree, walking it from its root. */
function treeScore(tree: BodyTreeNode, row: ArrayLike<number>): number {
  let node = tree;
  while (typeof node !== 'number') node = row[node.feature]! < node.threshold ? node.left : node.right;
  return node;
}

/** The trees' summed score of one row (the base not included). */
export function treesScore(trees: readonly BodyTreeNode[], row: ArrayLike<number>): number {
  let sum = 0;
  for (const tree of trees) sum += treeScore(tree, row);
  return sum;
}
