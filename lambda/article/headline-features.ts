import { isBoilerplateLine, lineFeatures, wordsOf } from './line-features.js';
import { findPublicationDate } from './publication-date.js';
import { parseByLine, sourceFromLine } from './source-and-byline.js';
import type { Line } from './text-lines.js';

/** Names of the features, in vector order; the weights file is checked against this list. */
export const HEADLINE_FEATURES = [
  'bias',
  'distance',
  'logDistance',
  'adjacent',
  'words',
  'titleLength',
  'tooShort',
  'tooLong',
  'endsPeriod',
  'endsColon',
  'endsQuestion',
  'capitalised',
  'allLower',
  'allUpper',
  'digitShare',
  'dateOrTime',
  'structural',
  'repeated',
  'firstLineOverlap',
  'ledeOverlap',
  'separator',
  'creditOrByline',
  'content',
  'stopwords',
  'relativePosition',
  'bestLedeOverlap',
  'bestFirstLineOverlap',
  'nextIsMeta',
  'previousIsBoilerplate',
] as const;




const DATE_OR_TIME = /\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d|\d{1,2}:\d{2}|\b(am|pm|a\.m\.|p\.m\.)\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/i;
const COMMON = new Set(['the', 'a', 'an', 'of', 'to', 'in', 'on', 'for', 'and', 'is', 'at', 'by', 'with', 'as', 'from', 'said', 'says']);

function contentWords(text: string): Set<string> {
  return new Set(wordsOf(text.toLowerCase()).filter((word) => !COMMON.has(word) && word.length > 2));
}

function share(words: Set<string>, within: Set<string>): number {
  if (words.size === 0) return 0;
  let found = 0;
  for (const word of words) if (within.has(word)) found++;
  return found / words.size;
}

/** What the page says about itself: its first line (often the <title>) and the lede's words. */
export interface HeadlineContext {
  readonly firstLineWords: Set<string>;
  readonly ledeWords: Set<string>;
  readonly totalLines: number;
}

export function headlineContext(lines: readonly Line[], body: readonly string[]): HeadlineContext {
  const firstLine = lines.find((line) => line.text !== '')?.text ?? '';
  return { firstLineWords: contentWords(firstLine), ledeWords: contentWords(body.slice(0, 2).join(' ')), totalLines: lines.length };
}

function neighbour(lines: readonly Line[], index: number, step: 1 | -1): Line | undefined {
  for (let i = index + step; i >= 0 && i < lines.length; i += step) if (lines[i]!.text !== '') return lines[i];
  return undefined;
}

const isMeta = (text: string) => parseByLine(text) !== null || sourceFromLine(text) !== null || DATE_OR_TIME.test(text) || findPublicationDate(text) !== null;

/** Feature vector of the candidate at `index`, `distance` non-empty lines above the body. */
export function headlineFeatures(lines: readonly Line[], index: number, distance: number, context: HeadlineContext): number[] {
  const line = lines[index]!;
  const text = line.text;
  const features = lineFeatures(text);
  const tokens = text.split(/\s+/).filter((token) => /\p{L}/u.test(token));
  const capitalised = tokens.length ? tokens.filter((token) => /^[^\p{L}]*\p{Lu}/u.test(token)).length / tokens.length : 0;
  const digits = (text.match(/\d/g) ?? []).length / Math.max(text.length, 1);
  const words = contentWords(text);
  const value: Record<(typeof HEADLINE_FEATURES)[number], number> = {
    bias: 1,
    distance: Math.min(distance, 30) / 10,
    logDistance: Math.log1p(distance),
    adjacent: distance === 0 ? 1 : 0,
    words: Math.min(features.words, 40) / 10,
    titleLength: features.words >= 4 && features.words <= 16 ? 1 : 0,
    tooShort: features.words <= 2 ? 1 : 0,
    tooLong: features.words > 25 ? 1 : 0,
    endsPeriod: /\.$/.test(text) ? 1 : 0,
    endsColon: /:$/.test(text) ? 1 : 0,
    endsQuestion: /[?!]$/.test(text) ? 1 : 0,
    capitalised,
    allLower: text === text.toLowerCase() ? 1 : 0,
    allUpper: text === text.toUpperCase() && /\p{L}/u.test(text) ? 1 : 0,
    digitShare: digits * 5,
    dateOrTime: DATE_OR_TIME.test(text) || findPublicationDate(text) !== null ? 1 : 0,
    structural: isBoilerplateLine(text, 1) ? 1 : 0,
    repeated: line.repeats >= 2 ? Math.min(line.repeats, 5) / 5 : 0,
    firstLineOverlap: share(words, context.firstLineWords),
    ledeOverlap: share(words, context.ledeWords),
    separator: /\s[|»]\s|\s[-–—]\s\S+$/.test(text) ? 1 : 0,
    creditOrByline: parseByLine(text) !== null || sourceFromLine(text) !== null ? 1 : 0,
    content: line.content ? 1 : 0,
    stopwords: features.stopwordRatio,
    relativePosition: index / Math.max(context.totalLines, 1),
    bestLedeOverlap: 0,
    bestFirstLineOverlap: 0,
    nextIsMeta: (() => {
      const next = neighbour(lines, index, 1);
      return next && next.text.split(/\s+/).length <= 15 && isMeta(next.text) ? 1 : 0;
    })(),
    previousIsBoilerplate: neighbour(lines, index, -1)?.structural ? 1 : 0,
  };
  return HEADLINE_FEATURES.map((name) => value[name]);
}
