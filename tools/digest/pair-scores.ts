/**
 * Precision, recall and F1 of same-story decisions, and the threshold a score is cut at: chosen
 * on training pairs only, the cross-validation in evaluate-stories.ts calls it once per fold.
 */

export interface ScoredPair {
  /** The rule's score, or null when a guard rules the pair out whatever the threshold (reports weeks apart). */
  readonly score: number | null;
  readonly same: boolean;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export function emptyCounts(): Counts {
  return { tp: 0, fp: 0, fn: 0, tn: 0 };
}

export function count(counts: Counts, decided: boolean, same: boolean): void {
  if (decided && same) counts.tp++;
  else if (decided) counts.fp++;
  else if (same) counts.fn++;
  else counts.tn++;
}

export function figures(counts: Counts): { readonly precision: number; readonly recall: number; readonly f1: number } {
  const precision = counts.tp / Math.max(counts.tp + counts.fp, 1);
  const recall = counts.tp / Math.max(counts.tp + counts.fn, 1);
  return { precision, recall, f1: (2 * precision * recall) / Math.max(precision + recall, 1e-9) };
}

export function decide(pair: ScoredPair, threshold: number): boolean {
  return pair.score !== null && pair.score >= threshold;
}

/**
 * The threshold with the best F1 on `pairs`: each midpoint between two neighbouring scores is
 * tried, and of equal F1 the one with the widest gap to the scores either side wins (the least
 * tuned to these pairs). No same pair at all: nothing above the highest score.
 */
export function chooseThreshold(pairs: readonly ScoredPair[]): number {
  const scores = [...new Set(pairs.map((pair) => pair.score).filter((score): score is number => score !== null))].sort((a, b) => a - b);
  if (scores.length === 0 || !pairs.some((pair) => pair.same && pair.score !== null)) return Number.POSITIVE_INFINITY;
  const candidates = [scores[0]! - 1, ...scores.slice(1).map((score, i) => (scores[i]! + score) / 2), scores.at(-1)! + 1];
  const gaps = [1, ...scores.slice(1).map((score, i) => score - scores[i]!), 1];
  let best = { threshold: candidates.at(-1)!, f1: -1, gap: -1 };
  for (const [i, threshold] of candidates.entries()) {
    const counts = emptyCounts();
    for (const pair of pairs) count(counts, decide(pair, threshold), pair.same);
    const { f1 } = figures(counts);
    if (f1 > best.f1 + 1e-12 || (Math.abs(f1 - best.f1) <= 1e-12 && gaps[i]! > best.gap)) best = { threshold, f1, gap: gaps[i]! };
  }
  return best.threshold;
}
