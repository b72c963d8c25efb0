import { BODY_LINE_FEATURES, bodyLineFeatureRows, type BodyLinePage } from './body-line-features.js';
import { isEndMarker, isListHeader, lineFeatures } from './line-features.js';

/** A node of a regression tree: a split on one feature (value < threshold goes left), or a leaf's score. */
export type BodyTreeNode = number | { readonly feature: number; readonly threshold: number; readonly left: BodyTreeNode; readonly right: BodyTreeNode };

/** Boosted regression trees over BODY_LINE_FEATURES (body-weights.ts, written by train-body.ts): log-odds = base + the trees' sum. */
export interface BodyWeights {
  readonly features: readonly string[];
  readonly base: number;
  readonly trees: readonly BodyTreeNode[];
}

/** A chosen body this short is no article: the rules' body is kept instead. */
const MIN_BODY_WORDS = 15;
/**
 * A line the model doubts (probability at least this share of the threshold) is kept when body
 * lines stand right above and below it: a short line inside the story (a subheading, a quote's
 * attribution) rather than furniture around it.
 */
const GAP_SHARE = 0.5;
/** Probability from which a line is body text. */
export const BODY_THRESHOLD = 0.5;

const sigmoid = (value: number) => 1 / (1 + Math.exp(-value));

function treeScore(node: BodyTreeNode, row: Float64Array): number {
  let current = node;
  while (typeof current !== 'number') current = row[current.feature]! < current.threshold ? current.left : current.right;
  return current;
}

/** Probability that each row (a non-empty line, bodyLineFeatureRows) is body text. */
export function bodyLineProbabilities(rows: readonly Float64Array[], model: BodyWeights): number[] {
  if (model.features.length !== BODY_LINE_FEATURES.length || model.features.some((name, index) => name !== BODY_LINE_FEATURES[index])) {
    throw new Error('body weights were fitted on other features; run npm run train:body');
  }
  return rows.map((row) => {
    let sum = model.base;
    for (const tree of model.trees) sum += treeScore(tree, row);
    return sigmoid(sum);
  });
}

/**
 * Which rows are body. The story is one run of text: the run of rows where the model's confidence,
 * weighed by words, adds up most (maximum subarray of (probability - threshold) × words), and in
 * it the rows at or above the threshold, and a lone doubtful row between two body rows
 * (GAP_SHARE). Prose elsewhere on the page (teasers, comments, another story's summary) stays
 * out, as the hand rules' span keeps it out. When the rules found body rows (`anchors`), the run
 * holds one of them: the model moves the story's ends, and does not pick another block of prose
 * (a comment thread longer than the story). Holding all of them instead (the run reaching on
 * from the rules' first and last row) scored lower in CV: AEB as text 0.8882 against 0.8956
 * body 4-gram F1, GN1 0.9594 against 0.9624 (Readability's pages 0.8450 against 0.8364).
 * Rows are in page order.
 */
export function decodeBodyRows(probabilities: readonly number[], words: readonly number[], anchors: readonly number[] = [], threshold = BODY_THRESHOLD): boolean[] {
  const count = probabilities.length;
  const gains = probabilities.map((probability, row) => (probability - threshold) * Math.max(1, words[row]!));
  // endingAt[row]: the best sum of a run ending at row, and where it starts; from[row]: of a run after row.
  const endingAt = new Float64Array(count);
  const startOf = new Int32Array(count);
  for (let row = 0; row < count; row++) {
    const previous = row > 0 ? endingAt[row - 1]! : 0;
    if (row > 0 && previous > 0) {
      endingAt[row] = previous + gains[row]!;
      startOf[row] = startOf[row - 1]!;
    } else {
      endingAt[row] = gains[row]!;
      startOf[row] = row;
    }
  }
  const after = new Float64Array(count + 1);
  const endOf = new Int32Array(count + 1);
  endOf[count] = count - 1;
  for (let row = count - 1; row >= 0; row--) {
    // The best run starting at row, or nothing (sum 0, ending before row).
    const extended = gains[row]! + after[row + 1]!;
    if (extended > 0) {
      after[row] = extended;
      endOf[row] = after[row + 1]! > 0 ? endOf[row + 1]! : row;
    } else {
      after[row] = 0;
      endOf[row] = row - 1;
    }
  }
  let best: [number, number, number] | null = null;
  const candidates = anchors.length > 0 ? anchors : probabilities.flatMap((probability, row) => (probability >= threshold ? [row] : []));
  for (const row of candidates) {
    const sum = endingAt[row]! + after[row + 1]!;
    if (!best || sum > best[2]) best = [startOf[row]!, after[row + 1]! > 0 ? endOf[row + 1]! : row, sum];
  }
  const chosen = probabilities.map(() => false);
  if (!best) return chosen;
  const [first, last] = best as [number, number, number];
  for (let row = first; row <= last; row++) chosen[row] = probabilities[row]! >= threshold;
  for (let row = first + 1; row < last; row++) {
    if (!chosen[row] && chosen[row - 1] && chosen[row + 1] && probabilities[row]! >= GAP_SHARE * threshold) chosen[row] = true;
  }
  return chosen;
}

/**
 * The body does not reach past an end marker (readers' comments, a footer, a list header) below
 * the rules' span, nor above one over it: a comment thread reads like prose, line by line, and
 * only the marker above it says what it is. CV on the development pages: AEB as text 0.8838 ->
 * 0.8954 body 4-gram F1, GN1 0.9673 -> 0.9623, Readability's pages 0.8514 -> 0.8369.
 */
function fenceAtEndMarkers(page: BodyLinePage, indices: readonly number[], probabilities: number[]): void {
  // Nor does it take the headline, or what stands above it, as the rules do not.
  const headline = page.headlineIndex;
  if (headline !== null) indices.forEach((index, row) => {
    if (index <= headline) probabilities[row] = 0;
  });
  let fenced = false;
  indices.forEach((index, row) => {
    if (index <= page.end) return;
    const text = page.lines[index]!.text;
    if (isEndMarker(text) || isListHeader(text)) fenced = true;
    if (fenced) probabilities[row] = 0;
  });
  fenced = false;
  for (let row = indices.length - 1; row >= 0; row--) {
    const index = indices[row]!;
    if (index >= page.start) continue;
    const text = page.lines[index]!.text;
    if (isEndMarker(text) || isListHeader(text)) fenced = true;
    if (fenced) probabilities[row] = 0;
  }
}

/** The page's body lines as the fitted model decides them, or the rules' when it finds too little text. */
export function learnedBodyLines(page: BodyLinePage, model: BodyWeights): number[] {
  const { indices, rows } = bodyLineFeatureRows(page);
  const words = indices.map((index) => lineFeatures(page.lines[index]!.text).words);
  const rule = new Set(page.ruleLines);
  const anchors = indices.flatMap((index, row) => (rule.has(index) ? [row] : []));
  const probabilities = bodyLineProbabilities(rows, model);
  fenceAtEndMarkers(page, indices, probabilities);
  const chosen = decodeBodyRows(probabilities, words, anchors);
  const lines = indices.filter((_, row) => chosen[row]);
  const chosenWords = lines.reduce((sum, index) => sum + lineFeatures(page.lines[index]!.text).words, 0);
  return chosenWords >= MIN_BODY_WORDS ? lines : [...page.ruleLines];
}
