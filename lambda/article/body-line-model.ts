import { BODY_LINE_FEATURES, bodyLineFeatureRows, type BodyLinePage } from './body-line-features.js';

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
/**
 * A rules' body of fewer words than this is a short story (a few paragraphs), on which the model,
 * fitted mostly on long pages, is less sure than the rules: every line the rules take is kept, and
 * the model may only add lines. CV (40 trees): GN1 0.9584 -> 0.9590, AEB as text 0.8951 -> 0.8968;
 * at 150 words GN1 fell (0.9580).
 */
const SHORT_BODY_WORDS = 100;
/**
 * When the model keeps less than this share of the rules' body words, it is unsure of the page
 * rather than right about it (a how-to's steps, a list with a line of prose per entry, a Q&A
 * under short headings: prose parted by short lines, each paragraph scored 0.2-0.5), and the
 * rules' body is kept whole. CV (40 trees): GN1 0.9589 -> 0.9628, AEB as text 0.8968 -> 0.8968,
 * Readability's pages 0.8318 -> 0.8402; fitted on GN1, AEB as text 0.8677 -> 0.8832. At 0.5
 * Readability rose to 0.8483 but AEB as text fell to 0.8914; at 0.2 GN1 was 0.9616.
 */
const RULES_KEPT_SHARE = 0.3;
/**
 * The story's rest (BodyLinePage's rest) is added when the model's confidence in it, weighed by
 * words, sums to this share of its confidence in the chosen run: a teaser or an "About the
 * company" paragraph after a story sums to a small part of it, the rest of a story a box cut in
 * two to about as much. AEB renderings' dev part, with the committed trees (fitted on them): at
 * 0.2 a press release's "About" paragraphs and newsletter notice came in (ratio 0.36), and a
 * story's rest after a gallery of photos at 0.26-0.30 with them; the rests taken at 0.5 summed
 * to 1.1-2.9 times the chosen run.
 */
const REST_SHARE = 0.5;
/** Probability from which a line is body text. */
export const BODY_THRESHOLD = 0.5;

const sigmoid = (value: number) => 1 / (1 + Math.exp(-value));

/**
 * The trees laid out in flat arrays, each tree's root at `roots[tree]`: walking nested objects whose
 * nodes are numbers or objects was half the cost of reading a page's body.
 */
interface CompiledTrees {
  readonly roots: Int32Array;
  /** Feature of each node; -1 marks a leaf, whose score is in `values`. */
  readonly feature: Int32Array;
  readonly values: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
}

const compiled = new WeakMap<BodyWeights, CompiledTrees>();

function compile(model: BodyWeights): CompiledTrees {
  const known = compiled.get(model);
  if (known) return known;
  const feature: number[] = [];
  const values: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const add = (node: BodyTreeNode): number => {
    const at = feature.length;
    feature.push(-1);
    values.push(0);
    left.push(-1);
    right.push(-1);
    if (typeof node === 'number') {
      values[at] = node;
      return at;
    }
    feature[at] = node.feature;
    values[at] = node.threshold;
    left[at] = add(node.left);
    right[at] = add(node.right);
    return at;
  };
  const roots = Int32Array.from(model.trees.map(add));
  const trees = { roots, feature: Int32Array.from(feature), values: Float64Array.from(values), left: Int32Array.from(left), right: Int32Array.from(right) };
  compiled.set(model, trees);
  return trees;
}

/** Probability that each row (a non-empty line, bodyLineFeatureRows) is body text. */
export function bodyLineProbabilities(rows: readonly Float64Array[], model: BodyWeights): number[] {
  if (model.features.length !== BODY_LINE_FEATURES.length || model.features.some((name, index) => name !== BODY_LINE_FEATURES[index])) {
    throw new Error('body weights were fitted on other features; run npm run train:body');
  }
  const { roots, feature, values, left, right } = compile(model);
  return rows.map((row) => {
    if (row.length === 0) return 0;
    let sum = model.base;
    for (let tree = 0; tree < roots.length; tree++) {
      let node = roots[tree]!;
      while (feature[node]! >= 0) node = row[feature[node]!]! < values[node]! ? left[node]! : right[node]!;
      sum += values[node]!;
    }
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
 * from the rules' first and last row) scored lower in CV (80 trees): AEB as text 0.8882 against 0.8956
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
  // A line without a word (a rule drawn with box characters) adds no text to the story.
  for (let row = first; row <= last; row++) chosen[row] = probabilities[row]! >= threshold && words[row]! > 0;
  for (let row = first + 1; row < last; row++) {
    if (!chosen[row] && chosen[row - 1] && chosen[row + 1] && words[row]! > 0 && probabilities[row]! >= GAP_SHARE * threshold) chosen[row] = true;
  }
  return chosen;
}

/**
 * Rules' rows the model doubts (probability at least GAP_SHARE of the threshold) that continue the
 * chosen rows, above or below, row after row: the last entry of a list the rules read on to, a
 * paragraph the model scored just under the threshold. CV (40 trees, with SHORT_BODY_WORDS):
 * GN1 0.9590 -> 0.9589, AEB as text 0.8968 -> 0.8968, Readability's pages 0.8315 -> 0.8318.
 */
function extendAlongRules(chosen: boolean[], probabilities: readonly number[], ruleRows: ReadonlySet<number>, threshold = BODY_THRESHOLD): void {
  const doubted = (row: number) => !chosen[row] && ruleRows.has(row) && probabilities[row]! >= GAP_SHARE * threshold;
  for (let row = 1; row < chosen.length; row++) if (chosen[row - 1] && doubted(row)) chosen[row] = true;
  for (let row = chosen.length - 2; row >= 0; row--) if (chosen[row + 1] && doubted(row)) chosen[row] = true;
}

/** Sum of (probability - threshold) × words over the chosen rows' run, first to last chosen row. */
function runSum(chosen: readonly boolean[], probabilities: readonly number[], words: readonly number[], threshold = BODY_THRESHOLD): number {
  const first = chosen.indexOf(true);
  const last = chosen.lastIndexOf(true);
  let sum = 0;
  for (let row = first; first >= 0 && row <= last; row++) sum += (probabilities[row]! - threshold) * Math.max(1, words[row]!);
  return sum;
}

/**
 * The lines of the story's rest below the chosen ones (page.rest), scored as if the rules had
 * chosen its span, so that its distance from theirs and the box or gallery between do not count
 * against it: the model's features describe a line against the rules' span, and fitted on pages
 * where text that far from the span is hardly ever the story, it scores such text low wherever it
 * stands. Taken when its run sums to REST_SHARE of the chosen run's; none when the rest has no
 * line after the chosen ones.
 */
function restLines(page: BodyLinePage, model: BodyWeights, chosenSum: number, lastChosen: number): number[] {
  const rest = page.rest;
  if (!rest || chosenSum <= 0) return [];
  const region: BodyLinePage = { lines: page.lines, start: rest.start, end: rest.end, headlineIndex: page.headlineIndex, ruleLines: rest.ruleLines };
  const { indices, rows, fenced, words } = bodyLineFeatureRows(region, true);
  const rule = new Set(rest.ruleLines);
  const anchors = indices.flatMap((index, row) => (rule.has(index) ? [row] : []));
  const probabilities = bodyLineProbabilities(rows, model).map((probability, row) => (fenced[row] || indices[row]! <= lastChosen ? 0 : probability));
  const chosen = decodeBodyRows(probabilities, words, anchors);
  if (runSum(chosen, probabilities, words) < REST_SHARE * chosenSum) return [];
  return indices.filter((_, row) => chosen[row]);
}

/** The page's body lines as the fitted model decides them, or the rules' when it finds too little text or drops most of theirs (RULES_KEPT_SHARE). */
export function learnedBodyLines(page: BodyLinePage, model: BodyWeights): number[] {
  const { indices, rows, fenced, words } = bodyLineFeatureRows(page, true);
  const rule = new Set(page.ruleLines);
  const anchors = indices.flatMap((index, row) => (rule.has(index) ? [row] : []));
  // Fenced rows (bodyLineFeatureRows) have no features, and probability 0.
  const probabilities = bodyLineProbabilities(rows, model).map((probability, row) => (fenced[row] ? 0 : probability));
  const chosen = decodeBodyRows(probabilities, words, anchors);
  extendAlongRules(chosen, probabilities, new Set(anchors));
  const ruleWords = anchors.reduce((sum, row) => sum + words[row]!, 0);
  if (ruleWords < SHORT_BODY_WORDS) for (const row of anchors) chosen[row] = true;
  const keptRuleWords = anchors.reduce((sum, row) => sum + (chosen[row] ? words[row]! : 0), 0);
  const chosenWords = indices.reduce((sum, _, row) => sum + (chosen[row] ? words[row]! : 0), 0);
  if (keptRuleWords < RULES_KEPT_SHARE * ruleWords || chosenWords < MIN_BODY_WORDS) return [...page.ruleLines];
  const lines = indices.filter((_, row) => chosen[row]);
  // Only where the model's own choice stands: a page it is unsure of keeps the rules' body.
  return [...lines, ...restLines(page, model, runSum(chosen, probabilities, words), lines.at(-1)!)];
}
