import { isEndMarker, isListHeader, lineFeatures } from './line-features.js';
import type { Line } from './text-lines.js';

/** What the learned body decision reads of a page (text-extraction.ts's BodyLineContext). */
export interface BodyLinePage {
  readonly lines: readonly Line[];
  readonly start: number;
  readonly end: number;
  readonly headlineIndex: number | null;
  readonly ruleLines: readonly number[];
}

/**
 * Names of the per-line features, in the order of the weights (body-weights.ts checks them):
 * the line's own measures, the hand rules' decision, its place on the page and what its
 * neighbours are. Neighbours are the nearest non-empty lines.
 */
export const BODY_LINE_FEATURES = [
  'bias',
  'rule',
  'inSpan',
  'content',
  'boilerplate',
  'structural',
  'logWords',
  'stopwordRatio',
  'endsSentence',
  'repeated',
  'indented',
  'aboveHeadline',
  'logBelowHeadline',
  'logOutsideSpan',
  'relativePosition',
  'previousRule',
  'nextRule',
  'previousContent',
  'nextContent',
  'previousLogWords',
  'nextLogWords',
  'startsLower',
  'capitalisedShare',
  'digitShare',
  'endsColon',
  'listMarker',
  'allUpper',
  'pipe',
  'short',
  'long',
  'windowRule',
  'windowContent',
  'contentRule',
  'outsideContent',
  'endMarkerBetween',
  'logFurnitureBetween',
  'windowBoilerplate',
] as const;

const FEATURE_COUNT = BODY_LINE_FEATURES.length;
/** Lines either side whose rule decisions and content the window features average. */
const WINDOW = 3;
const LETTER_WORD = /[\p{L}][\p{L}'’-]*/gu;

/** Share of a line's words (of its first 80) that begin with a capital letter: title case and names. */
function capitalisedShare(text: string): number {
  const words = text.slice(0, 600).match(LETTER_WORD) ?? [];
  if (words.length === 0) return 0;
  let capitalised = 0;
  for (const word of words.slice(0, 80)) if (word[0] !== word[0]!.toLowerCase()) capitalised++;
  return capitalised / Math.min(words.length, 80);
}

function digitShare(text: string): number {
  const sample = text.slice(0, 400);
  let digits = 0;
  for (let index = 0; index < sample.length; index++) {
    const code = sample.charCodeAt(index);
    if (code >= 48 && code <= 57) digits++;
  }
  return sample.length ? digits / sample.length : 0;
}

/**
 * Feature rows of the page's non-empty lines, in page order: `indices` says which line each row
 * is. Empty lines are never body text, so they get no row.
 */
export function bodyLineFeatureRows(page: BodyLinePage): { readonly indices: number[]; readonly rows: Float64Array[] } {
  const indices: number[] = [];
  page.lines.forEach((line, index) => {
    if (line.text !== '') indices.push(index);
  });
  const rule = new Set(page.ruleLines);
  const count = indices.length;
  const ruleOf = indices.map((index) => (rule.has(index) ? 1 : 0));
  const contentOf = indices.map((index) => (page.lines[index]!.content ? 1 : 0));
  const logWordsOf = indices.map((index) => Math.log1p(lineFeatures(page.lines[index]!.text).words));
  // Prefix sums, so each window's share is one subtraction.
  const ruleSums = [0];
  const contentSums = [0];
  for (let row = 0; row < count; row++) {
    ruleSums.push(ruleSums[row]! + ruleOf[row]!);
    contentSums.push(contentSums[row]! + contentOf[row]!);
  }
  const boilerplateSums = [0];
  for (let row = 0; row < count; row++) boilerplateSums.push(boilerplateSums[row]! + (page.lines[indices[row]!]!.boilerplate ? 1 : 0));
  // Below the rules' span: whether an end marker ("Comments", a footer, a list header) stands between
  // the span and the line, and how many lines that are not article text do.
  const markerBelow = new Uint8Array(count);
  const furnitureBelow = new Float64Array(count);
  const markerAbove = new Uint8Array(count);
  const furnitureAbove = new Float64Array(count);
  let seenMarker = 0;
  let furniture = 0;
  for (let row = 0; row < count; row++) {
    const index = indices[row]!;
    if (index <= page.end) continue;
    markerBelow[row] = seenMarker;
    furnitureBelow[row] = furniture;
    const text = page.lines[index]!.text;
    if (isEndMarker(text) || isListHeader(text)) seenMarker = 1;
    if (!page.lines[index]!.content) furniture++;
  }
  seenMarker = 0;
  furniture = 0;
  for (let row = count - 1; row >= 0; row--) {
    const index = indices[row]!;
    if (index >= page.start) continue;
    markerAbove[row] = seenMarker;
    furnitureAbove[row] = furniture;
    const text = page.lines[index]!.text;
    if (isEndMarker(text) || isListHeader(text)) seenMarker = 1;
    if (!page.lines[index]!.content) furniture++;
  }
  const headline = page.headlineIndex;
  // Rows of the span's first and last line, for distances counted in non-empty lines.
  let firstInSpan = count;
  let lastInSpan = -1;
  indices.forEach((index, row) => {
    if (index >= page.start && index <= page.end) {
      firstInSpan = Math.min(firstInSpan, row);
      lastInSpan = row;
    }
  });
  let headlineRow = -1;
  if (headline !== null) headlineRow = indices.findIndex((index) => index >= headline);
  const rows = indices.map((index, row) => {
    const line = page.lines[index]!;
    const text = line.text;
    const measured = lineFeatures(text);
    const from = Math.max(0, row - WINDOW);
    const to = Math.min(count, row + WINDOW + 1);
    const inSpan = index >= page.start && index <= page.end;
    const outside = inSpan ? 0 : row < firstInSpan ? firstInSpan - row : row - lastInSpan;
    const features = new Float64Array(FEATURE_COUNT);
    const values = [
      1,
      ruleOf[row]!,
      inSpan ? 1 : 0,
      contentOf[row]!,
      line.boilerplate ? 1 : 0,
      line.structural ? 1 : 0,
      logWordsOf[row]!,
      measured.stopwordRatio,
      measured.endsSentence ? 1 : 0,
      line.repeats >= 2 ? 1 : 0,
      line.indent > 0 ? 1 : 0,
      headline !== null && index < headline ? 1 : 0,
      headlineRow >= 0 && index > headline! ? Math.log1p(row - headlineRow) : 0,
      Math.log1p(outside),
      count > 1 ? row / (count - 1) : 0,
      row > 0 ? ruleOf[row - 1]! : 0,
      row + 1 < count ? ruleOf[row + 1]! : 0,
      row > 0 ? contentOf[row - 1]! : 0,
      row + 1 < count ? contentOf[row + 1]! : 0,
      row > 0 ? logWordsOf[row - 1]! : 0,
      row + 1 < count ? logWordsOf[row + 1]! : 0,
      /^[\p{Ll}]/u.test(text) ? 1 : 0,
      capitalisedShare(text),
      digitShare(text),
      text.endsWith(':') ? 1 : 0,
      /^([*+•·◦▪-]|\d{1,3}[.)])\s/.test(text) ? 1 : 0,
      /\p{L}/u.test(text) && text === text.toUpperCase() ? 1 : 0,
      text.includes('|') ? 1 : 0,
      measured.words <= 3 ? 1 : 0,
      measured.words >= 20 ? 1 : 0,
      (ruleSums[to]! - ruleSums[from]!) / (to - from),
      (contentSums[to]! - contentSums[from]!) / (to - from),
      ruleOf[row]! * contentOf[row]!,
      inSpan ? 0 : contentOf[row]!,
      markerBelow[row]! || markerAbove[row]!,
      Math.log1p(furnitureBelow[row]! + furnitureAbove[row]!),
      (boilerplateSums[to]! - boilerplateSums[from]!) / (to - from),
    ];
    features.set(values);
    return features;
  });
  return { indices, rows };
}
