import { isBoilerplateLine, isEndMarker, isRepeatedShortLine, lineFeatures, normaliseLine, wordsOf } from './line-features.js';
import { parseByLine, sourceFromLine } from './source-and-byline.js';

/** One line of a plain-text page with what the extractor knows about it. */
export interface Line {
  readonly text: string;
  readonly repeats: number;
  readonly boilerplate: boolean;
  /** Boilerplate by its form, whatever its repetition (a repeated title is still a title). */
  readonly structural: boolean;
  readonly content: boolean;
}

/** Penalty of a boilerplate line inside a candidate body span, in words of article text. */
const BOILERPLATE_WEIGHT = -12;
/** Penalty of a short non-sentence line (caption, subheading, list entry). */
const WEAK_WEIGHT = -3;
function isContentLine(text: string): boolean {
  const features = lineFeatures(text);
  if (features.words >= 10 && features.stopwordRatio >= 0.15) return true;
  return features.endsSentence && features.words >= 5;
}

export function analyseLines(text: string): Line[] {
  const raw = text.split('\n').map((line) => line.replace(/\s+/g, ' ').trim());
  const counts = new Map<string, number>();
  for (const line of raw) {
    const key = normaliseLine(line);
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return raw.map((line) => {
    const repeats = counts.get(normaliseLine(line)) ?? 0;
    // Credits and bylines are metadata, unless the line carries the story on (a dateline paragraph).
    const words = lineFeatures(line).words;
    const credit = words <= 12 && (sourceFromLine(line) !== null || parseByLine(line) !== null);
    const structural = credit || isBoilerplateLine(line, 1);
    const boilerplate = structural || isRepeatedShortLine(words, repeats);
    return { text: line, repeats, boilerplate, structural, content: !boilerplate && line !== '' && isContentLine(line) };
  });
}

/** The highest-scoring contiguous run of lines (maximum subarray): where the article text is densest. */
export function bodySpan(lines: readonly Line[]): [number, number] | null {
  let best: [number, number, number] | null = null;
  let start = 0;
  let sum = 0;
  lines.forEach((line, index) => {
    const weight = line.text === '' ? 0 : line.content ? Math.min(wordsOf(line.text).length, 120) : line.boilerplate ? BOILERPLATE_WEIGHT : WEAK_WEIGHT;
    if (sum <= 0) {
      start = index;
      sum = 0;
    }
    sum += weight;
    if (line.content && (!best || sum > best[2])) best = [start, index, sum];
  });
  if (!best) return null;
  let [first, last] = best as [number, number, number];
  // A title-like first line (no closing punctuation) belongs to the header, not the body.
  while (first <= last && (!lines[first]!.content || (!lineFeatures(lines[first]!.text).endsSentence && wordsOf(lines[first]!.text).length <= 30))) first++;
  // Stop at the first end-of-article marker inside the span.
  for (let index = first; index <= last; index++) {
    if (isEndMarker(lines[index]!.text)) {
      last = index - 1;
      break;
    }
  }
  return first <= last ? [first, last] : null;
}

