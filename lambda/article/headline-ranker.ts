import { DUMP_STYLE_FEATURES, endsInPictureCredit, HeadlineContext, headlineFeatures, HEADLINE_FEATURES, withDumpStyle, type HeadlineFeature } from './headline-features.js';
import { HeadlineLexicon, lexiconTokensFingerprint, type HeadlineLexicons } from './headline-lexicon.js';
import { HEADLINE_DUMP_WEIGHTS } from './headline-dump-weights.js';
import { HEADLINE_WEIGHTS } from './headline-weights.js';
import { lineFeatures } from './line-features.js';
import { isDateLine } from './date-line.js';
import { isReporterRole } from './source-and-byline.js';
import { textBrowserDumpScore } from './text-browser-dump.js';
import type { Line } from './text-lines.js';

/** "Tags: vista, os, microsoft", "Filed under: Politics": the page's index terms, not its title. */
const LABELLED_LIST = /^(tags?|tagged( with)?|keywords?|topics?|filed (under|in)|categories|category|labels?|related (topics|tags))\s*:/i;

/**
 * "You are here: silicon.com > Management > IT Pro", "Home » Sport » Football", "Home / Local News /
 * <the headline>", "Home | News Archives | Browse": where the page sits, or its menu, not what it says.
 */
const BREADCRUMB = /(\s[>»›]\s.*){2}|^you are (in|here)\b|^home\s*([>»›/|→]|::)\s*\S/i;

/** "[Pista-Polistil-Tonka-F1-1024x723]", "[lazy_placeholder][eu-sou-assim]": a picture's name where a text browser found no words. */
const PICTURE_PLACEHOLDER = /^(\[[^\]]*\]\s*)+$/;

/**
 * lynx writes the titles of a page's <link> elements ("#alternate", "#Atom feed", "#TechCrunch »
 * Feed") as the dump's first line, a "#" before the first: a line no page shows.
 */
const LYNX_HEAD_LINKS = /^#[^\s#]/;

/** No headline is longer: 40 words of 50 characters. A longer line is never a candidate, whatever its word count. */
const MAX_CANDIDATE_CHARS = 2_000;
/** How far above the body a headline is looked for, in non-empty lines. */
const HEADLINE_WINDOW = 40;
/**
 * How many of the body span's own first lines may be the headline: a span that starts on a
 * short exclamation ("Forget shoot to kill ... just shoot!") or on a promo line above the title.
 */
const HEADLINE_INSIDE_BODY = 8;

/** What npm run train:headline writes into headline-weights.ts. */
export interface HeadlineWeightsFile {
  readonly features: readonly string[];
  /** lexiconTokensFingerprint() of the code the lexicons were trained with. */
  readonly tokenizerFingerprint: string;
  readonly furnitureLexicon: { readonly encoded: string; readonly scale: number };
  readonly proseLexicon: { readonly encoded: string; readonly scale: number };
  readonly weights: readonly number[];
}

export interface HeadlineModel {
  readonly lexicons: HeadlineLexicons;
  readonly weights: readonly number[];
  /** Trained on [f, s·f] (DUMP_STYLE_FEATURES): candidates get the page's text-browser-dump copies. */
  readonly dumpStyle: boolean;
}

/**
 * From this text-browser-dump score up, a page's headline is chosen by the dump ranker
 * (headline-dump-weights.ts), below it by the plain one (headline-weights.ts). 1 is where the score
 * takes a page as surely a dump (one of its signals saturated): every lynx dump of the AEB
 * development pages and 90% or more of w3m's score 1.00, against two of GN1's 267 development
 * pages with a gold headline and none of Readability's 90 (max 0.76;
 * tools/article/text-browser-dump-report.ts). Chosen from those
 * distributions before any evaluation, so GN1 and copy-pasted text keep the plain ranker.
 */
export const DUMP_RANKER_THRESHOLD = 1;

/** The commands that write the two weights files, named when a file is refused. */
export const REBUILD_PLAIN_RANKER = 'npm run train:headline';
export const REBUILD_DUMP_RANKER = 'npm run train:headline:dumps';

export class HeadlineWeightsError extends Error {
  constructor(message: string, rebuild: string) {
    super(`headline weights: ${message}; run ${rebuild}`);
    this.name = 'HeadlineWeightsError';
  }
}

/**
 * The ranker a weights file holds, refused when it was trained on other features or under another
 * tokenizer: lexicon buckets of other tokens would score lines silently wrong.
 */
export function loadHeadlineWeights(file: HeadlineWeightsFile, rebuild: string = REBUILD_PLAIN_RANKER): HeadlineModel {
  const dumpStyle = file.features.join(',') === [...HEADLINE_FEATURES, ...DUMP_STYLE_FEATURES].join(',');
  if (!dumpStyle && file.features.join(',') !== HEADLINE_FEATURES.join(',')) throw new HeadlineWeightsError('trained on other features than the code computes', rebuild);
  const fingerprint = lexiconTokensFingerprint();
  if (file.tokenizerFingerprint !== fingerprint) {
    throw new HeadlineWeightsError(`lexicons trained under tokenizer ${file.tokenizerFingerprint}, the code tokenizes as ${fingerprint}`, rebuild);
  }
  return {
    lexicons: {
      furniture: HeadlineLexicon.fromBase64(file.furnitureLexicon.encoded, file.furnitureLexicon.scale),
      prose: HeadlineLexicon.fromBase64(file.proseLexicon.encoded, file.proseLexicon.scale),
    },
    weights: file.weights,
    dumpStyle,
  };
}

// Loaded on first use, not at import: the training script imports this module to write new weights.
let shipped: HeadlineModel | undefined;
function shippedModel(): HeadlineModel {
  shipped ??= loadHeadlineWeights(HEADLINE_WEIGHTS);
  return shipped;
}
let shippedDump: HeadlineModel | null | undefined;
function shippedDumpModel(): HeadlineModel | null {
  if (shippedDump === undefined) shippedDump = HEADLINE_DUMP_WEIGHTS === null ? null : loadHeadlineWeights(HEADLINE_DUMP_WEIGHTS, REBUILD_DUMP_RANKER);
  return shippedDump;
}

/**
 * The ranker for a page of this text-browser-dump score: the dump ranker (by default the shipped
 * one; none when headline-dump-weights.ts holds null) from DUMP_RANKER_THRESHOLD up, the plain one otherwise.
 */
export function headlineModelFor(dumpScore: number, dumpModel: HeadlineModel | null = shippedDumpModel()): HeadlineModel {
  return dumpScore >= DUMP_RANKER_THRESHOLD && dumpModel ? dumpModel : shippedModel();
}

interface HeadlineCandidate {
  readonly index: number;
  readonly features: number[];
}

/**
 * Lines near the start of the body that could be its headline: above it (nearest first), then its
 * first lines. With dumpStyle, each candidate's features are followed by DUMP_STYLE_FEATURES.
 */
export function headlineCandidates(
  lines: readonly Line[],
  bodyStart: number,
  bodyEnd: number,
  body: readonly string[],
  lexicons: HeadlineLexicons = shippedModel().lexicons,
  dumpStyle: boolean = shippedModel().dumpStyle,
  dumpScore?: number,
): HeadlineCandidate[] {
  const score = dumpScore ?? textBrowserDumpScore(lines);
  const context = new HeadlineContext(lines, body, lexicons, { start: bodyStart, end: bodyEnd }, score >= DUMP_RANKER_THRESHOLD);
  const candidates: HeadlineCandidate[] = [];
  const firstLine = lines.findIndex((line) => line.text !== '');
  const consider = (index: number, distance: number, insideBody: boolean) => {
    const text = lines[index]!.text;
    const words = lineFeatures(text).words;
    // A byline or credit ("By Evan Lehmann, Eagle Washington Bureau", "Tribune Staff Reporter"), a
    // timestamp, a tag list, a breadcrumb trail, a picture's file name, a caption closed by its
    // credit or lynx's line of <link> titles is never the headline. A role line is kept out here
    // only: the ranker's neighbour features were fitted with the narrower credit of factsOf, and
    // reading it there lifted a deck above its headline (README).
    if (words < 1 || words > 40 || text.length > MAX_CANDIDATE_CHARS) return;
    const metadata =
      context.factsOf(index).credit ||
      isReporterRole(text) ||
      isDateLine(text) ||
      LABELLED_LIST.test(text) ||
      BREADCRUMB.test(text) ||
      PICTURE_PLACEHOLDER.test(text) ||
      endsInPictureCredit(text);
    const headLinks = index === firstLine && LYNX_HEAD_LINKS.test(text);
    if (!metadata && !headLinks) candidates.push({ index, features: headlineFeatures(context, index, { distance, insideBody }) });
  };
  let distance = 0;
  for (let index = bodyStart - 1; index >= 0 && distance < HEADLINE_WINDOW; index--) {
    if (lines[index]!.text === '') continue;
    consider(index, distance, false);
    distance++;
  }
  let inside = 0;
  // The body's last line is never a headline for it; a span needs text after its headline. A line
  // ending in a full stop is a paragraph: not a headline, and lines after a real paragraph are
  // subheadings of the article, so the search stops there.
  for (let index = bodyStart; index < bodyEnd && inside < HEADLINE_INSIDE_BODY; index++) {
    const text = lines[index]!.text;
    if (text === '') continue;
    const words = lineFeatures(text).words;
    // "… At Phoenix Suns (27-12), 9 P.m." and "… Underneath N.Y.C." end on an abbreviation or an initialism, not a sentence.
    const sentence = /\.["'”’)]*$/.test(text) && !/\b([ap]\.m|u\.s|jr|sr|inc|co|ltd|corp)\.$/i.test(text) && !/(?:^|[^\p{L}.])(?:\p{Lu}\.){2,}$/u.test(text);
    // "..." already ends like a sentence; a long line cut off with "…" is a paragraph or a teaser's first words too.
    const paragraph = sentence || (words >= 15 && /…["'”’)]*$/.test(text));
    if (paragraph && words >= 15) break;
    if (!paragraph && words <= 25) consider(index, inside, true);
    inside++;
  }
  // Which candidate agrees best with the lede, the body and the page's first line.
  // [indicator, value, whether only a positive value can be best]
  const best: [HeadlineFeature, HeadlineFeature, boolean][] = [
    ['bestLedeOverlap', 'ledeOverlap', true],
    ['bestBodyOverlap', 'bodyOverlap', true],
    ['bestFirstLineOverlap', 'firstLineOverlap', true],
    ['bestLexicon', 'lexicon', false],
    ['bestProseLexicon', 'proseLexicon', false],
  ];
  for (const [feature, source, positiveOnly] of best) {
    const target = HEADLINE_FEATURES.indexOf(feature);
    const from = HEADLINE_FEATURES.indexOf(source);
    const top = Math.max(...candidates.map((candidate) => candidate.features[from]!));
    if (candidates.length > 0 && (!positiveOnly || top > 0)) {
      for (const candidate of candidates) candidate.features[target] = candidate.features[from] === top ? 1 : 0;
    }
  }
  if (!dumpStyle || candidates.length === 0) return candidates;
  return candidates.map((candidate) => ({ index: candidate.index, features: withDumpStyle(candidate.features, score) }));
}

/**
 * Scraped pages often begin with their <title>; when that first line recurs just above the
 * body (4+ words, as the page's own heading), the recurrence names the headline. The line above
 * the body wins, as it keeps the page's casing and punctuation.
 */
function titleRepeatedFromFirstLine(lines: readonly Line[], bodyStart: number): number | null {
  const first = lines.findIndex((line) => line.text !== '');
  if (first < 0 || first >= bodyStart || lines[first]!.repeats !== 2 || lineFeatures(lines[first]!.text).words < 4) return null;
  const key = lines[first]!.key;
  for (let index = bodyStart - 1; index > first && index >= bodyStart - HEADLINE_WINDOW; index--) {
    if (lines[index]!.key === key) return index;
  }
  return null;
}

export function headlineScore(features: readonly number[], weights: readonly number[] = shippedModel().weights): number {
  let sum = 0;
  for (let i = 0; i < features.length; i++) sum += features[i]! * weights[i]!;
  return sum;
}

/**
 * The headline's line: the candidate a conditional-logit model (trained on labelled pages, see
 * tools/article/train-headline.ts; the dump ranker for a text browser's dump) ranks first, or null
 * when there is no candidate.
 */
export function chooseHeadline(lines: readonly Line[], bodyStart: number, bodyEnd: number, body: readonly string[]): number | null {
  const repeatedTitle = titleRepeatedFromFirstLine(lines, bodyStart);
  if (repeatedTitle !== null) return repeatedTitle;
  const { model, candidates } = rankedCandidatesOf(lines, bodyStart, bodyEnd, body);
  let best: { index: number; score: number } | null = null;
  for (const candidate of candidates) {
    const score = headlineScore(candidate.features, model.weights);
    if (!best || score > best.score) best = { index: candidate.index, score };
  }
  return best?.index ?? null;
}

/** The shipped ranker this page takes (by its text-browser-dump score) and the candidates it ranks. */
export function rankedCandidatesOf(
  lines: readonly Line[],
  bodyStart: number,
  bodyEnd: number,
  body: readonly string[],
): { readonly model: HeadlineModel; readonly candidates: HeadlineCandidate[] } {
  // Read once: it picks the ranker and feeds that ranker's dump-style features.
  const dumpScore = textBrowserDumpScore(lines);
  const model = headlineModelFor(dumpScore);
  return { model, candidates: headlineCandidates(lines, bodyStart, bodyEnd, body, model.lexicons, model.dumpStyle, dumpScore) };
}
