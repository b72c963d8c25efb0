import { headlineContext, headlineFeatures, HEADLINE_FEATURES } from './headline-features.js';
import { HEADLINE_WEIGHTS } from './headline-weights.js';
import { lineFeatures, normaliseLine } from './line-features.js';
import type { Line } from './text-lines.js';

/** How far above the body a headline (and byline, dateline) is looked for, in lines. */
export const HEADLINE_WINDOW = 30;

if (HEADLINE_WEIGHTS.features.join(',') !== HEADLINE_FEATURES.join(',')) {
  throw new Error('headline-weights.ts does not match the headline features; run npm run train:headline');
}

export interface HeadlineCandidate {
  readonly index: number;
  readonly features: number[];
}

/** Non-empty lines above the body that could be its headline, nearest first. */
export function headlineCandidates(lines: readonly Line[], bodyStart: number, body: readonly string[]): HeadlineCandidate[] {
  const context = headlineContext(lines, body);
  const candidates: HeadlineCandidate[] = [];
  let distance = 0;
  for (let index = bodyStart - 1; index >= Math.max(0, bodyStart - HEADLINE_WINDOW); index--) {
    const line = lines[index]!;
    if (line.text === '') continue;
    const words = lineFeatures(line.text).words;
    if (words >= 1 && words <= 40) candidates.push({ index, features: headlineFeatures(lines, index, distance, context) });
    distance++;
  }
  // Which candidate agrees best with the lede and with the page's first line.
  for (const [feature, source] of [
    ['bestLedeOverlap', 'ledeOverlap'],
    ['bestFirstLineOverlap', 'firstLineOverlap'],
  ] as const) {
    const target = HEADLINE_FEATURES.indexOf(feature);
    const from = HEADLINE_FEATURES.indexOf(source);
    const best = Math.max(0, ...candidates.map((candidate) => candidate.features[from]!));
    if (best > 0) for (const candidate of candidates) candidate.features[target] = candidate.features[from] === best ? 1 : 0;
  }
  return candidates;
}

/**
 * Scraped pages often begin with their <title>; when that first line recurs just above the
 * body (4+ words, as the page's own heading), the recurrence names the headline. The line above
 * the body wins, as it keeps the page's casing and punctuation.
 */
function titleRepeatedFromFirstLine(lines: readonly Line[], bodyStart: number): string | null {
  const first = lines.findIndex((line) => line.text !== '');
  if (first < 0 || first >= bodyStart || lines[first]!.repeats !== 2 || lineFeatures(lines[first]!.text).words < 4) return null;
  const key = normaliseLine(lines[first]!.text);
  for (let index = bodyStart - 1; index > first && index >= bodyStart - HEADLINE_WINDOW; index--) {
    if (normaliseLine(lines[index]!.text) === key) return lines[index]!.text;
  }
  return null;
}

export function headlineScore(features: readonly number[], weights: readonly number[] = HEADLINE_WEIGHTS.weights): number {
  let sum = 0;
  for (let i = 0; i < features.length; i++) sum += features[i]! * weights[i]!;
  return sum;
}

/**
 * The headline: the candidate line a logistic model (trained on labelled GN1 pages, see
 * train-headline.ts) finds most title-like, or null when none is likely enough.
 */
export function chooseHeadline(lines: readonly Line[], bodyStart: number, body: readonly string[]): string | null {
  const repeatedTitle = titleRepeatedFromFirstLine(lines, bodyStart);
  if (repeatedTitle) return repeatedTitle;
  let best: { index: number; score: number } | null = null;
  for (const candidate of headlineCandidates(lines, bodyStart, body)) {
    const score = headlineScore(candidate.features);
    if (!best || score > best.score) best = { index: candidate.index, score };
  }
  return best && best.score > HEADLINE_WEIGHTS.minimumScore ? lines[best.index]!.text : null;
}
