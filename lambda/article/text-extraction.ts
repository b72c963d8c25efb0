import { NoArticleFoundError } from './article-error.js';
import { isBoilerplateLine, isEndMarker, lineFeatures, normaliseLine, wordsOf } from './line-features.js';
import { findPublicationDate } from './publication-date.js';
import { parseByLine, sourceFromCopyright, sourceFromLine } from './source-and-byline.js';

/** What the plain-text extractor finds; the caller merges metadata and adds the summary. */
export interface ExtractedText {
  readonly headline: string;
  readonly body: string[];
  readonly byline: string | null;
  readonly source: string | null;
  readonly published: string | null;
}

interface Line {
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
/** How far above the body a headline is looked for. */
const HEADLINE_WINDOW = 25;

function isContentLine(text: string): boolean {
  const features = lineFeatures(text);
  if (features.words >= 10 && features.stopwordRatio >= 0.15) return true;
  return features.endsSentence && features.words >= 5;
}

function analyseLines(text: string): Line[] {
  const raw = text.split('\n').map((line) => line.replace(/\s+/g, ' ').trim());
  const counts = new Map<string, number>();
  for (const line of raw) {
    const key = normaliseLine(line);
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return raw.map((line) => {
    const repeats = counts.get(normaliseLine(line)) ?? 0;
    // Credits and bylines are metadata, unless the line carries the story on (a dateline paragraph).
    const credit = lineFeatures(line).words <= 12 && (sourceFromLine(line) !== null || parseByLine(line) !== null);
    const structural = isBoilerplateLine(line, 1) || credit;
    const boilerplate = structural || isBoilerplateLine(line, repeats);
    return { text: line, repeats, boilerplate, structural, content: !boilerplate && line !== '' && isContentLine(line) };
  });
}

/** The highest-scoring contiguous run of lines (maximum subarray): where the article text is densest. */
function bodySpan(lines: readonly Line[]): [number, number] | null {
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

/** Joins a paragraph broken mid-sentence across lines ("…what it" / "means for …"). */
function mergeBrokenParagraphs(paragraphs: readonly string[]): string[] {
  const merged: string[] = [];
  for (const paragraph of paragraphs) {
    const previous = merged.at(-1);
    if (previous !== undefined && !lineFeatures(previous).endsSentence && /^[\p{Ll}]/u.test(paragraph)) {
      merged[merged.length - 1] = `${previous} ${paragraph}`;
    } else merged.push(paragraph);
  }
  return merged;
}

function titleScore(line: Line, distance: number, firstLineWords: Set<string>): number {
  const text = line.text;
  const features = lineFeatures(text);
  if (line.structural || line.repeats > 2 || text === '' || features.words < 3 || features.words > 30) return Number.NEGATIVE_INFINITY;
  if (findPublicationDate(text) && features.words <= 8) return Number.NEGATIVE_INFINITY;
  let score = 10 - distance * 0.4;
  if (/[.]$/.test(text) && !/[?!]$/.test(text)) score -= 6;
  if (features.words >= 5 && features.words <= 16) score += 3;
  if (text === text.toLowerCase()) score -= 5;
  if (text === text.toUpperCase()) score -= 3;
  if (/\)$/.test(text) || /\((?:l|r|left|right|c|center)\)/i.test(text)) score -= 4;
  const words = wordsOf(text.toLowerCase());
  const overlap = words.filter((word) => firstLineWords.has(word)).length / Math.max(words.length, 1);
  // Pages often repeat the title as their first line (from <title>): agreement with it is strong evidence.
  if (overlap >= 0.7 && firstLineWords.size >= 3) score += 6;
  if (line.repeats === 2) score -= 1;
  return score;
}

function findHeadline(lines: readonly Line[], bodyStart: number): string | null {
  const firstLine = lines.find((line) => line.text !== '');
  const firstLineWords = new Set(wordsOf((firstLine?.text ?? '').toLowerCase()));
  let best: { text: string; score: number } | null = null;
  const from = Math.max(0, bodyStart - HEADLINE_WINDOW);
  for (let index = bodyStart - 1; index >= from; index--) {
    const line = lines[index]!;
    if (line.content && lineFeatures(line.text).words > 30) continue;
    const distance = lines.slice(index + 1, bodyStart).filter((other) => other.text !== '').length;
    const score = titleScore(line, distance, firstLineWords);
    if (score > (best?.score ?? Number.NEGATIVE_INFINITY)) best = { text: line.text, score };
  }
  return best && best.score > 0 ? best.text : null;
}

/** Headline, body, byline, source and date of a scraped page given as plain text. */
export function extractFromText(text: string): ExtractedText {
  const lines = analyseLines(text);
  const span = bodySpan(lines);
  if (!span) throw new NoArticleFoundError('no paragraph of article text was found');
  const [start, end] = span;
  const spanLines = lines.slice(start, end + 1).filter((line) => line.text !== '' && !line.boilerplate);
  const continues = (line: Line | undefined) => line !== undefined && /^[\p{Ll}]/u.test(line.text);
  // Short non-sentence lines are captions or subheads, unless a sentence runs on from or into them.
  const body = mergeBrokenParagraphs(
    spanLines.filter((line, index) => line.content || continues(line) || continues(spanLines[index + 1])).map((line) => line.text),
  );
  if (wordsOf(body.join(' ')).length < 15) throw new NoArticleFoundError('the text is too short to be an article');

  const headerLines = lines.slice(0, start);
  const trailerLines = lines.slice(end + 1, Math.min(lines.length, end + 12));
  const headline = findHeadline(lines, start) ?? wordsOf(body[0]!).slice(0, 12).join(' ');

  let byline: string | null = null;
  let bylineSource: string | null = null;
  for (const line of headerLines.slice(-HEADLINE_WINDOW)) {
    const parsed = parseByLine(line.text);
    if (parsed) {
      byline ??= parsed.byline;
      bylineSource ??= parsed.source;
    }
  }
  const markerSource = [...headerLines.slice(-HEADLINE_WINDOW), lines[start]!, ...trailerLines]
    .map((line) => sourceFromLine(line.text))
    .find((source) => source !== null);
  const copyrightSource = lines
    .map((line) => (/copyright|©|all rights reserved/i.test(line.text) ? sourceFromCopyright(line.text) : null))
    .find((source) => source !== null);

  const dateLines = [...headerLines.slice(-HEADLINE_WINDOW), lines[start]!, ...trailerLines.filter((line) => sourceFromLine(line.text) !== null)];
  const published = dateLines.map((line) => findPublicationDate(line.text)).find((date) => date !== null) ?? null;

  return {
    headline,
    body,
    byline,
    source: markerSource ?? bylineSource ?? copyrightSource ?? null,
    published,
  };
}
