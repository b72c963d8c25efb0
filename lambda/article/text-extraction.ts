import { decodeHTML } from 'entities';
import { NoArticleFoundError } from './article-error.js';
import { chooseHeadline } from './headline-ranker.js';
import { endsSentence, isEndMarker } from './line-features.js';
import { countWords, wordsOf } from '../text/words.js';
import { analyseLines, bodySpan, type Line } from './text-lines.js';
import type { BodyLinePage, BodyLineRegion } from './body-line-features.js';
import { learnedBodyLines, type BodyWeights } from './body-line-model.js';
import { unwrapHardWrappedLines } from './hard-wrapped-lines.js';
import { unstackSideBySideColumns } from './side-by-side-columns.js';
import { NO_DEADLINE, type ParseDeadline } from './parse-deadline.js';
import { findPublicationDate } from './publication-date.js';
import { checkTextBudget } from './text-budget.js';
import { parseByLine, sourceFromCopyright, sourceFromLine } from './source-and-byline.js';

/**
 * How many lines above the body are searched for the byline, source credit and dateline (40
 * rather than 30: Readability's pages as text, bylines 3.9% -> 6.6%, dates 12 -> 13 of 33 right, none wrong more).
 */
const META_WINDOW = 40;

/** What the plain-text extractor finds; the caller merges metadata and adds the summary. */
export interface ExtractedText {
  readonly headline: string;
  readonly body: string[];
  readonly byline: string | null;
  readonly source: string | null;
  readonly published: string | null;
}

/** Joins a paragraph broken mid-sentence across lines ("…what it" / "means for …"). */
function mergeBrokenParagraphs(paragraphs: readonly string[]): string[] {
  const merged: string[] = [];
  // The paragraph last added, alone: a merged paragraph ends as it does (it starts with a letter,
  // so the sentence ending cannot reach back past it), and reading the whole of a growing merged
  // paragraph at every join made a megabyte of lower-case lines take seconds.
  let last: string | undefined;
  for (const paragraph of paragraphs) {
    if (last !== undefined && !endsSentence(last) && /^[\p{Ll}]/u.test(paragraph)) {
      merged[merged.length - 1] = `${merged.at(-1)!} ${paragraph}`;
    } else merged.push(paragraph);
    last = paragraph;
  }
  return merged;
}

/** A page split into lines, the body span found in them, and the body paragraphs. */
export interface SegmentedPage {
  readonly lines: Line[];
  readonly start: number;
  readonly end: number;
  /** Lines of boxes inside the span ("Related Coverage" and its links): not body text. */
  readonly boxes: ReadonlySet<number>;
  /** Entries of a list a paragraph announced ("Tour dates:"): the article's body keeps them, though not sentences. */
  readonly entries: ReadonlySet<number>;
  /**
   * The span's prose paragraphs, without those entries: what the headline ranker reads (its
   * weights were fitted on it), and whether there is an article at all.
   */
  readonly body: string[];
}

/** Lines of the span lines[start..end] that are body text: article text without boilerplate or boxes. */
function bodyLineIndices(lines: readonly Line[], start: number, end: number, boxes: ReadonlySet<number>, entries: ReadonlySet<number>): number[] {
  const span: number[] = [];
  for (let index = start; index <= end; index++) {
    const line = lines[index]!;
    if (line.text !== '' && !line.boilerplate && !boxes.has(index)) span.push(index);
  }
  const continues = (index: number | undefined) => index !== undefined && /^[\p{Ll}]/u.test(lines[index]!.text);
  // Short non-sentence lines are captions or subheads, unless a sentence runs on from or into them.
  return span.filter((index, offset) => lines[index]!.content || entries.has(index) || continues(index) || continues(span[offset + 1]));
}

/** The paragraphs of the chosen lines, broken lines joined. */
export function paragraphsOf(lines: readonly Line[], chosen: readonly number[]): string[] {
  return mergeBrokenParagraphs(chosen.map((index) => lines[index]!.text));
}

/** Body paragraphs of the span lines[start..end]: article text without boilerplate, broken lines joined. */
function bodyParagraphs(lines: readonly Line[], start: number, end: number, boxes: ReadonlySet<number>, entries: ReadonlySet<number>): string[] {
  return paragraphsOf(lines, bodyLineIndices(lines, start, end, boxes, entries));
}

/**
 * "Here &mdash; And They're Not Great", "Q&amp;A": a scraper that copied text out of HTML source
 * leaves its character references behind. Decoded with the entities package (htmlparser2's own
 * decoder, already in the bundle), which knows every HTML5 name; text without a reference is untouched.
 */
function withEntitiesDecoded(text: string): string {
  return /&(#\d{1,7}|#x[\da-f]{1,6}|[a-z][a-z\d]{1,31});/i.test(text) ? decodeHTML(text) : text;
}

const NO_ENTRIES: ReadonlySet<number> = new Set();

/**
 * "[vw-id-space-vizzion-concept-6-1]", "[1-300x300]", "[INS::INS]": a text browser's label for a
 * picture without words (w3m writes its file name), on a line of its own. A space inside the
 * brackets may be words of the story ("[Editor's note: …]"), so such a line stays in the body
 * (the headline ranker, choosing one line, keeps every bracketed line out: PICTURE_PLACEHOLDER).
 */
const PICTURE_LABEL_LINE = /^(\[[^\]\s]+\]\s*)+$/;

export function segmentPage(text: string, deadline: ParseDeadline = NO_DEADLINE): SegmentedPage {
  checkTextBudget(text.length, 'the page');
  const lines = analyseLines(unwrapHardWrappedLines(unstackSideBySideColumns(withEntitiesDecoded(text), deadline), deadline), deadline);
  deadline.check('reading the lines');
  const span = bodySpan(lines, deadline);
  if (!span) throw new NoArticleFoundError('no paragraph of article text was found');
  const { start, end, boxes, entries } = span;
  return { lines, start, end, boxes, entries, body: bodyParagraphs(lines, start, end, boxes, NO_ENTRIES) };
}

/**
 * Non-empty lines below the rules' span in which the story's rest is looked for: a photo gallery
 * (a dozen lines of images and captions) or a box of links may stand between.
 */
const REST_LINES = 40;
/**
 * A lone "*" is an end marker (a comment form's mark for a required field), but lynx draws every
 * list item holding only an image so, and a photo gallery inside a story is such a list.
 */
const LONE_BULLET = /^\s*\*\s*$/;

/**
 * The rules' span of the REST_LINES non-empty lines below the body span, up to the first end
 * marker (readers' comments read like prose): where the story goes on when the span was cut short
 * by what parts it (a gallery, a "Related" box with less text after it than before). Null when
 * it holds fewer than 15 words.
 */
function storyRest(lines: readonly Line[], end: number, deadline: ParseDeadline): BodyLineRegion | null {
  let to = end + 1;
  for (let seen = 0; to < lines.length && seen < REST_LINES; to++) {
    const text = lines[to]!.text;
    if (text === '') continue;
    if (isEndMarker(text) && !LONE_BULLET.test(text)) break;
    seen++;
  }
  const span = bodySpan(lines.slice(end + 1, to), deadline);
  if (!span) return null;
  const shift = (indices: ReadonlySet<number>) => new Set([...indices].map((index) => index + end + 1));
  const start = span.start + end + 1;
  const last = span.end + end + 1;
  const ruleLines = bodyLineIndices(lines, start, last, shift(span.boxes), shift(span.entries));
  return countWords(ruleLines.map((index) => lines[index]!.text).join(' ')) >= 15 ? { start, end: last, ruleLines } : null;
}

/** Segments the page, chooses its headline and the rules' body lines. */
export function readBodyLinePage(text: string, deadline: ParseDeadline = NO_DEADLINE): BodyLinePage {
  const page = segmentPage(text, deadline);
  deadline.check('finding the body');
  const { lines, end, boxes, entries } = page;
  let { start } = page;
  if (countWords(page.body.join(' ')) < 15) throw new NoArticleFoundError('the text is too short to be an article');

  const headlineIndex = chooseHeadline(lines, start, end, page.body);
  if (headlineIndex !== null && headlineIndex >= start) {
    // The span began above the real start (a promo line, the title itself): the body follows its headline.
    const rest = bodyParagraphs(lines, headlineIndex + 1, end, boxes, NO_ENTRIES);
    if (countWords(rest.join(' ')) >= 15) start = headlineIndex + 1;
  }
  return { lines, start, end, headlineIndex, ruleLines: bodyLineIndices(lines, start, end, boxes, entries), rest: storyRest(lines, end, deadline) };
}

/**
 * Headline, body, byline, source and date of a scraped page given as plain text. With bodyWeights,
 * the body lines are those a model fitted on labelled pages (train-body.ts) takes, instead of the
 * hand rules' span; the headline and the metadata window stay the rules'.
 */
export function extractFromText(text: string, deadline: ParseDeadline = NO_DEADLINE, bodyWeights: BodyWeights | null = null): ExtractedText {
  const context = readBodyLinePage(text, deadline);
  const { lines, start, end, headlineIndex } = context;
  const chosen = (bodyWeights ? learnedBodyLines(context, bodyWeights) : context.ruleLines).filter((index) => !PICTURE_LABEL_LINE.test(lines[index]!.text));
  if (chosen.length === 0) throw new NoArticleFoundError('the body holds nothing but picture labels');
  const body = paragraphsOf(lines, chosen);
  const headline = headlineIndex !== null ? lines[headlineIndex]!.text : wordsOf(body[0]!).slice(0, 12).join(' ');
  const headerLines = lines.slice(0, start);
  const trailerLines = lines.slice(end + 1, Math.min(lines.length, end + 12));

  let byline: string | null = null;
  let bylineSource: string | null = null;
  for (const line of headerLines.slice(-META_WINDOW)) {
    const parsed = parseByLine(line.text);
    if (parsed) {
      byline ??= parsed.byline;
      bylineSource ??= parsed.source;
    }
  }
  const markerSource = [...headerLines.slice(-META_WINDOW), lines[start]!, ...trailerLines]
    .map((line) => sourceFromLine(line.text))
    .find((source) => source !== null);
  const copyrightSource = lines
    .map((line) => (/copyright|©|all rights reserved/i.test(line.text) ? sourceFromCopyright(line.text) : null))
    .find((source) => source !== null);

  const dateLines = [...headerLines.slice(-META_WINDOW), lines[start]!, ...trailerLines.filter((line) => sourceFromLine(line.text) !== null)];
  const published = dateLines.map((line) => findPublicationDate(line.text)).find((date) => date !== null) ?? null;

  return {
    headline,
    body,
    byline,
    source: markerSource ?? bylineSource ?? copyrightSource ?? null,
    published,
  };
}
