import { isEndMarker, isListHeader, lineFeatures } from './line-features.js';
import type { Line } from './text-lines.js';

/** A page read up to the choice of its body lines (text-extraction.ts's readBodyLinePage): the hand rules' choice and what the learned one reads. */
export interface BodyLinePage {
  readonly lines: readonly Line[];
  /** The rules' body span, its start moved below the headline when the span began above it. */
  readonly start: number;
  readonly end: number;
  readonly headlineIndex: number | null;
  /** Lines the hand rules take as the body, in page order. */
  readonly ruleLines: readonly number[];
  /**
   * The rules' span of the text below theirs (text-extraction.ts's storyRest): where the story's
   * rest may lie when a photo gallery or a box of links cut the rules' span short. The learned
   * decision scores it as if the rules had chosen it (body-line-model.ts's restLines).
   */
  readonly rest?: BodyLineRegion | null;
}

/** A region of the page the rules would take as a body: its span and body lines. */
export interface BodyLineRegion {
  readonly start: number;
  readonly end: number;
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
/** Characters read for the shares of capitalised words and digits, and for all capitals: a sample, as a long paragraph's share is that of its start. */
const SAMPLE_CHARS = 400;

const isLetterCode = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code >= 192;

/** Share of the words (letter runs) of a line's start that begin with a capital letter: title case and names. */
function capitalisedShare(text: string): number {
  let words = 0;
  let capitalised = 0;
  let inWord = false;
  const length = Math.min(text.length, SAMPLE_CHARS);
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    const letter = isLetterCode(code);
    if (letter && !inWord) {
      words++;
      if (code >= 65 && code <= 90) capitalised++;
      else if (code >= 192) {
        const char = text[index]!;
        if (char !== char.toLowerCase()) capitalised++;
      }
    }
    inWord = letter || (inWord && (code === 39 || code === 45 || code === 0x2019));
  }
  return words ? capitalised / words : 0;
}

function digitShare(text: string): number {
  const sample = text.slice(0, SAMPLE_CHARS);
  let digits = 0;
  for (let index = 0; index < sample.length; index++) {
    const code = sample.charCodeAt(index);
    if (code >= 48 && code <= 57) digits++;
  }
  return sample.length ? digits / sample.length : 0;
}

/** Letters in the line's start, all of them capitals ("BREAKING NEWS"). */
function allUpper(text: string): boolean {
  let upper = false;
  const length = Math.min(text.length, SAMPLE_CHARS);
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 97 && code <= 122) return false;
    if (code >= 65 && code <= 90) upper = true;
    else if (code >= 192) {
      const char = text[index]!;
      if (char !== char.toUpperCase()) return false;
      if (char !== char.toLowerCase()) upper = true;
    }
  }
  return upper;
}

/**
 * Rows farther than this from the rules' span (in non-empty lines) are fenced too: the story's
 * ends move by a few paragraphs, not by a page, and scoring every line of a long page's furniture
 * cost a fifth of the extraction's time.
 */
const FAR_ROWS = 10;
/** A marker is a short line (the comments' count, a form's labels): longer lines are not run through the markers' patterns. */
const MARKER_LOG_WORDS = Math.log1p(30);

/** A fenced row's features, never read: its probability is 0. */
const NO_FEATURES = new Float64Array(0);

/**
 * Feature rows of the page's non-empty lines, in page order: `indices` says which line each row
 * is. Empty lines are never body text, so they get no row.
 *
 * `fenced` marks the rows the body never takes, whatever the model says: the headline and what
 * stands above it, as the rules do not take them; what lies past an end marker (readers'
 * comments, a footer, a list header) below the rules' span or above one over it, as a comment
 * thread reads like prose line by line and only the marker above it says what it is. With
 * skipFenced their features are not computed (NO_FEATURES): reading a page costs less.
 */
export function bodyLineFeatureRows(
  page: BodyLinePage,
  skipFenced = false,
): { readonly indices: number[]; readonly rows: Float64Array[]; readonly fenced: Uint8Array; readonly words: number[] } {
  const indices: number[] = [];
  page.lines.forEach((line, index) => {
    if (line.text !== '') indices.push(index);
  });
  const rule = new Set(page.ruleLines);
  const count = indices.length;
  const ruleOf = indices.map((index) => (rule.has(index) ? 1 : 0));
  const contentOf = indices.map((index) => (page.lines[index]!.content ? 1 : 0));
  // Rows of the span's first and last line, for distances counted in non-empty lines.
  let firstInSpan = count;
  let lastInSpan = -1;
  indices.forEach((index, row) => {
    if (index >= page.start && index <= page.end) {
      firstInSpan = Math.min(firstInSpan, row);
      lastInSpan = row;
    }
  });
  // A skipped far row's words are never read but by the decoder, for which any count keeps it out.
  const words = indices.map((index, row) => (skipFenced && (row < firstInSpan - FAR_ROWS - 1 || row > lastInSpan + FAR_ROWS + 1) ? 1 : lineFeatures(page.lines[index]!.text).words));
  const logWordsOf = words.map((count) => Math.log1p(count));
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
  const far = (row: number) => row < firstInSpan - FAR_ROWS || row > lastInSpan + FAR_ROWS;
  // Rows outside the span that are end markers or list headers (inside it, the rules judged them);
  // a far row's only matters to far rows, so it is not looked at when they are skipped.
  const markers = new Uint8Array(count);
  indices.forEach((index, row) => {
    if ((index < page.start || index > page.end) && !(skipFenced && far(row)) && logWordsOf[row]! <= MARKER_LOG_WORDS) {
      markers[row] = isEndMarker(page.lines[index]!.text) || isListHeader(page.lines[index]!.text) ? 1 : 0;
    }
  });
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
    if (markers[row]) seenMarker = 1;
    if (!page.lines[index]!.content) furniture++;
  }
  seenMarker = 0;
  furniture = 0;
  for (let row = count - 1; row >= 0; row--) {
    const index = indices[row]!;
    if (index >= page.start) continue;
    markerAbove[row] = seenMarker;
    furnitureAbove[row] = furniture;
    if (markers[row]) seenMarker = 1;
    if (!page.lines[index]!.content) furniture++;
  }
  const headline = page.headlineIndex;
  const fenced = new Uint8Array(count);
  indices.forEach((index, row) => {
    if ((headline !== null && index <= headline) || (index > page.end && (markers[row] || markerBelow[row])) || (index < page.start && (markers[row] || markerAbove[row]))) fenced[row] = 1;
  });
  for (let row = 0; row < count; row++) if (far(row)) fenced[row] = 1;
  let headlineRow = -1;
  if (headline !== null) headlineRow = indices.findIndex((index) => index >= headline);
  const rows = indices.map((index, row) => {
    if (skipFenced && fenced[row]) return NO_FEATURES;
    const line = page.lines[index]!;
    const text = line.text;
    const measured = lineFeatures(text);
    const from = Math.max(0, row - WINDOW);
    const to = Math.min(count, row + WINDOW + 1);
    const inSpan = index >= page.start && index <= page.end;
    const outside = inSpan ? 0 : row < firstInSpan ? firstInSpan - row : row - lastInSpan;
    const features = new Float64Array(FEATURE_COUNT);
    let at = 0;
    features[at++] = 1;
    features[at++] = ruleOf[row]!;
    features[at++] = inSpan ? 1 : 0;
    features[at++] = contentOf[row]!;
    features[at++] = line.boilerplate ? 1 : 0;
    features[at++] = line.structural ? 1 : 0;
    features[at++] = logWordsOf[row]!;
    features[at++] = measured.stopwordRatio;
    features[at++] = measured.endsSentence ? 1 : 0;
    features[at++] = line.repeats >= 2 ? 1 : 0;
    features[at++] = line.indent > 0 ? 1 : 0;
    features[at++] = headline !== null && index < headline ? 1 : 0;
    features[at++] = headlineRow >= 0 && index > headline! ? Math.log1p(row - headlineRow) : 0;
    features[at++] = Math.log1p(outside);
    features[at++] = count > 1 ? row / (count - 1) : 0;
    features[at++] = row > 0 ? ruleOf[row - 1]! : 0;
    features[at++] = row + 1 < count ? ruleOf[row + 1]! : 0;
    features[at++] = row > 0 ? contentOf[row - 1]! : 0;
    features[at++] = row + 1 < count ? contentOf[row + 1]! : 0;
    features[at++] = row > 0 ? logWordsOf[row - 1]! : 0;
    features[at++] = row + 1 < count ? logWordsOf[row + 1]! : 0;
    features[at++] = /^[\p{Ll}]/u.test(text) ? 1 : 0;
    features[at++] = capitalisedShare(text);
    features[at++] = digitShare(text);
    features[at++] = text.endsWith(':') ? 1 : 0;
    features[at++] = /^([*+•·◦▪-]|\d{1,3}[.)])\s/.test(text) ? 1 : 0;
    features[at++] = allUpper(text) ? 1 : 0;
    features[at++] = text.includes('|') ? 1 : 0;
    features[at++] = measured.words <= 3 ? 1 : 0;
    features[at++] = measured.words >= 20 ? 1 : 0;
    features[at++] = (ruleSums[to]! - ruleSums[from]!) / (to - from);
    features[at++] = (contentSums[to]! - contentSums[from]!) / (to - from);
    features[at++] = ruleOf[row]! * contentOf[row]!;
    features[at++] = inSpan ? 0 : contentOf[row]!;
    features[at++] = markerBelow[row]! || markerAbove[row]!;
    features[at++] = Math.log1p(furnitureBelow[row]! + furnitureAbove[row]!);
    features[at++] = (boilerplateSums[to]! - boilerplateSums[from]!) / (to - from);
    return features;
  });
  return { indices, rows, fenced, words };
}
