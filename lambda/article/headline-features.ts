import type { HeadlineLexicon, HeadlineLexicons } from './headline-lexicon.js';
import { isListHeader, isSectionLink, lineFeatures, normaliseLine } from './line-features.js';
import { MONTH_PATTERN, MONTH_PREFIX_PATTERN, WEEKDAY_ABBREVIATION_PATTERN, WEEKDAY_PATTERN } from '../text/calendar-names.js';
import { COMMONEST_WORDS } from '../text/stopwords.js';
import { wordsOf } from '../text/words.js';
import { findPublicationDate } from './publication-date.js';
import { parseByLine, sourceFromLine } from './source-and-byline.js';
import type { Line } from './text-lines.js';

/** What the ranker also reads of the lines right above and below a candidate (its title block). */
const NEIGHBOUR_FEATURES = ['Words', 'Capitalised', 'EndsPeriod', 'Structural', 'Meta', 'Content', 'LedeOverlap', 'Lexicon', 'ProseLexicon'] as const;
type NeighbourFeature = (typeof NEIGHBOUR_FEATURES)[number];

function neighbourFeatureNames<P extends 'next' | 'previous'>(prefix: P): `${P}${NeighbourFeature}`[] {
  return NEIGHBOUR_FEATURES.map((name) => `${prefix}${name}` as const);
}

/** Names of the features, in vector order; the weights file is checked against this list. */
export const HEADLINE_FEATURES = [
  'bias',
  'distance',
  'logDistance',
  'adjacent',
  'insideBody',
  'words',
  'titleLength',
  'tooShort',
  'tooLong',
  'endsPeriod',
  'endsColon',
  'endsQuestion',
  'capitalised',
  'allLower',
  'startsLower',
  'allUpper',
  'digitShare',
  'dateOrTime',
  'structural',
  'repeated',
  'firstLineOverlap',
  'ledeOverlap',
  'bodyOverlap',
  'ledeOverlapCount',
  'bodyOverlapCount',
  'separator',
  'content',
  'stopwords',
  'relativePosition',
  'bestLedeOverlap',
  'bestBodyOverlap',
  'bestFirstLineOverlap',
  'metaBelow',
  'nextIsBoilerplate',
  'shortRunAbove',
  'amongTitles',
  'underListHeader',
  'nextOverlap',
  'previousOverlap',
  'nextIsLonger',
  'firstAfterRunOfShort',
  'captionCue',
  'listItem',
  'mediaLabel',
  'linkOrAddress',
  'echoed',
  'underTitle',
  'sentence',
  'outdented',
  'isolated',
  'photoCredit',
  'nearPhotoCredit',
  'lexicon',
  'bestLexicon',
  'proseLexicon',
  'bestProseLexicon',
  ...neighbourFeatureNames('next'),
  ...neighbourFeatureNames('previous'),
] as const;

export type HeadlineFeature = (typeof HEADLINE_FEATURES)[number];

/**
 * The features again, each times the page's text-browser-dump score (text-browser-dump.ts): with
 * them ("frustratingly easy" domain adaptation, Daumé 2007) the plain features' weights are shared by
 * all pages and these learn how lynx and w3m dumps differ. A weights file holding them after
 * HEADLINE_FEATURES makes the ranker compute them.
 */
export const DUMP_STYLE_FEATURES = HEADLINE_FEATURES.map((name) => `dump:${name}` as const);

/** [f, s·f]: a candidate's features followed by the same times the page's dump score s. */
export function withDumpStyle(features: readonly number[], dumpScore: number): number[] {
  const augmented = new Array<number>(2 * features.length);
  for (let i = 0; i < features.length; i++) {
    augmented[i] = features[i]!;
    augmented[features.length + i] = dumpScore * features[i]!;
  }
  return augmented;
}

/** Each feature's position in the vector. */
const AT = Object.fromEntries(HEADLINE_FEATURES.map((name, position) => [name, position])) as Record<HeadlineFeature, number>;

// Whole weekday and month names only: a prefix test would also take "satisfied", "money", "Sunrise", and "PM" alone is a prime minister.
const WEEKDAY = new RegExp(String.raw`\b(${WEEKDAY_PATTERN})\b`, 'i');
/** Everything else needs a number; most lines have none, so the longer pattern rarely runs. */
const NUMERIC_DATE_OR_TIME = new RegExp(
  String.raw`\b(${WEEKDAY_ABBREVIATION_PATTERN})\.?,? (\d|${MONTH_PREFIX_PATTERN})|\b(${MONTH_PATTERN})\.? \d{1,2}\b|\d{1,2}:\d{2}|\d\s*(am|pm|a\.m\.|p\.m\.)(?![a-z])|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b`,
  'i',
);
const isDateOrTime = (text: string) => WEEKDAY.test(text) || (/\d/.test(text) && NUMERIC_DATE_OR_TIME.test(text));
/** How photo captions point at their picture: "Brian Mulroney, left, and …", "seen in this combined image". */
const CAPTION_CUE = /,\s*(left|right|centre|center|top|bottom|above|below)( to right)?\s*[,)]|\((left|right|centre|center|above|below)\)|\b(pictured|file (photo|picture|image)|in this (combined |file |undated )?(photo|image|picture|handout))\b|\b(is|are) (seen|shown)\b/i;

/** "* Home", "+ Sport", "o Opinion", "4. Next story": an entry of a list as a text browser dumps it. */
const LIST_ITEM = /^([*+•·◦▪]|o(?=\s)|\d{1,3}[.)])\s/u;
/** What a text browser writes for a picture, a frame or a player: "[webb-rescue.jpg]", "IFRAME: https://…", "Image: …". */
const MEDIA_LABEL = /^\[[^\]]*\]$|^(iframe|image|photo|video|embed|graphic)\s*:|\(opens in (a )?new (window|tab)\)/i;
/** An e-mail address or a web address: a contact line or a link, which a headline never is. */
const LINK_OR_ADDRESS = /[\w.+-]+@[\w-]+\.[\w.]{2,}|https?:\/\/|\bwww\.\w/i;
/**
 * Who took a picture, as captions credit it: "Photograph: Jeenah Moon/Bloomberg/Getty Images",
 * "(AP Photo/Evan Vucci)", "Credit: Reuters", "Image copyright Getty Images". A headline carries
 * none; a caption, or the line beside one, does.
 */
const PHOTO_CREDIT =
  /\b(photo(graph)?s?|pictures?|images?|credit|illustration|video)\s*(:|by\b)|\b(photo|image)\s+(copyright|courtesy)\b|\(\s*(AP|AFP|Reuters|EPA|Getty)\b[^)]*\)|\bgetty\s*images\b|\bshutterstock\b|\/\s*(AP|AFP|Reuters|EPA|Getty|Bloomberg)\b/i;

/**
 * A caption's closing credit in brackets: "(FILE)", "(file photo)", "(AP Photo/Jeff Chiu, File)",
 * "(Photo by Chris Jackson/Getty Images)", "(Picture by Jameel Springer.)", "(Credit: CNET)",
 * "(Pic:PA)". "(VIDEO)" or "(PHOTOS)" after a headline name no one and are not matched. PHOTO_CREDIT
 * is weighed by the ranker wherever a line names a picture's source; a line this closes is a
 * caption for certain and is no candidate at all.
 */
const CLOSING_PICTURE_CREDIT =
  /\((?:file(?: (?:photo|picture|image|pic))?|(?:ap|afp|reuters|epa|getty|xinhua|pa|ians|ani|pti) (?:photo|images?|file)[^)]*|photo(?:graph)?s?\s*(?::|by|courtesy)[^)]*|(?:image|picture|pic|credit)\s*(?::|by|courtesy)[^)]*|courtesy(?: photo| of)?[^)]*)\)\s*$/i;
/** A credit is at most this long: only a line's end is searched, which bounds the pattern's work. */
const MAX_CLOSING_CREDIT_CHARS = 200;

/** A photo caption closed by its picture's credit: never a headline. */
export function endsInPictureCredit(text: string): boolean {
  return CLOSING_PICTURE_CREDIT.test(text.slice(-MAX_CLOSING_CREDIT_CHARS));
}

/** How much of the page is searched for echoes of a candidate: its text lines, normalised. */
const MAX_ECHO_CHARS = 300_000;

/** Words that say what a text is about, lower-cased; read one by one, as the body may be a megabyte. */
function contentWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const word of wordsOf(text.toLowerCase(), { lazily: true })) if (!COMMONEST_WORDS.has(word) && word.length > 2) words.add(word);
  return words;
}

/**
 * How much of a line its facts are read from. A line the ranker looks at as a neighbour may be a
 * whole body of a megabyte; its facts (word shares, lexicon means, whether it is a credit or a date) are
 * those of its first 10,000 characters, longer than any line of the GN1 pages it was trained on.
 */
const MAX_FACT_CHARS = 10_000;

/**
 * The page's lines as normaliseLine makes them, joined by " | " so an echo never spans two lines;
 * the first MAX_ECHO_CHARS characters of the page only.
 */
function normalisedPageOf(lines: readonly Line[]): string {
  const normalised: string[] = [];
  let left = MAX_ECHO_CHARS;
  for (const line of lines) {
    if (left <= 0) break;
    normalised.push(left >= line.text.length ? line.key : normaliseLine(line.text.slice(0, left)));
    left -= line.text.length + 1;
  }
  return normalised.join(' | ');
}

/** The indentation of most of the content lines from start to end, both included (the first 200 of them); 0 for none. */
function commonestIndent(lines: readonly Line[], start: number, end: number): number {
  const counts = new Map<number, number>();
  let seen = 0;
  for (let index = start; index <= end && index < lines.length && seen < 200; index++) {
    const line = lines[index]!;
    if (!line.content) continue;
    counts.set(line.indent, (counts.get(line.indent) ?? 0) + 1);
    seen++;
  }
  let commonest = 0;
  let most = 0;
  for (const [indent, count] of counts) if (count > most) [commonest, most] = [indent, count];
  return commonest;
}

function overlapCount(words: ReadonlySet<string>, within: ReadonlySet<string>): number {
  let found = 0;
  for (const word of words) if (within.has(word)) found++;
  return found;
}

const share = (words: ReadonlySet<string>, within: ReadonlySet<string>) => (words.size === 0 ? 0 : overlapCount(words, within) / words.size);

/** Share of a line's whitespace-parted tokens with a letter whose first letter is a capital. */
export function capitalisedShare(text: string): number {
  // An ASCII line (nearly every line) is read in one pass, without splitting it and testing each token with a pattern.
  let tokens = 0;
  let capitalised = 0;
  let letterSeen = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 128) return listedCapitalisedShare(text);
    // \s among ASCII characters: tab, line feed, vertical tab, form feed, carriage return, space.
    if (code === 32 || (code >= 9 && code <= 13)) letterSeen = false;
    else if (!letterSeen && ((code >= 65 && code <= 90) || (code >= 97 && code <= 122))) {
      letterSeen = true;
      tokens++;
      if (code <= 90) capitalised++;
    }
  }
  return tokens ? capitalised / tokens : 0;
}

function listedCapitalisedShare(text: string): number {
  const tokens = text.split(/\s+/).filter((token) => /\p{L}/u.test(token));
  return tokens.length ? tokens.filter((token) => /^[^\p{L}]*\p{Lu}/u.test(token)).length / tokens.length : 0;
}

/** What the ranker needs of one line, computed once per page however many candidates look at it. */
interface LineFacts {
  readonly words: number;
  readonly contentWords: ReadonlySet<string>;
  /** Names a weekday, month, clock time or full date. */
  readonly dateOrTime: boolean;
  /** A byline or credit ("By Evan Lehmann, Eagle Washington Bureau", "Source: CCTV.com"). */
  readonly credit: boolean;
  /** A byline, credit or date line. */
  readonly meta: boolean;
  /** Heads a list of links: "Related", "Latest Headlines". */
  readonly listHeader: boolean;
  /** A menu entry or section label: a few words, no sentence punctuation. */
  readonly shortLabel: boolean;
  readonly capitalised: number;
  /** Could be a headline of its own (a related-list entry, a teaser): 4–16 words, not boilerplate, no full stop. */
  readonly titleLike: boolean;
  readonly lexicon: number;
  readonly proseLexicon: number;
  /** Credits a picture: a caption or a photographer's line. */
  readonly photoCredit: boolean;
}

/** What the page says about itself: its first line (often the <title>), the lede's and the body's words. */
export class HeadlineContext {
  readonly firstLineWords: ReadonlySet<string>;
  readonly ledeWords: ReadonlySet<string>;
  readonly bodyWords: ReadonlySet<string>;
  /** The indentation most of the body's lines share; a heading set left of it is outdented. */
  readonly bodyIndent: number;
  /**
   * A blank line on each side of a line marks it as a heading or a paragraph only in a w3m-like
   * dump: a text browser's (w3m writes one around <h1>…<h6> and <p>, none between <div>s) whose
   * body is not set in. lynx writes one around nearly every block and marks headings by
   * indentation; a scraper's or an editor's plain text puts them anywhere.
   */
  readonly blankLinesMarkHeadings: boolean;
  private readonly facts = new Map<number, LineFacts>();
  private normalisedPage: string | undefined;
  private readonly furniture: HeadlineLexicon;
  private readonly prose: HeadlineLexicon;

  constructor(
    readonly lines: readonly Line[],
    body: readonly string[],
    lexicons: HeadlineLexicons,
    bodySpan: { readonly start: number; readonly end: number },
    /** The page's text-browser-dump score reaches DUMP_RANKER_THRESHOLD (headline-ranker.ts): a text browser's dump. */
    pageIsDump = false,
  ) {
    this.bodyIndent = commonestIndent(lines, bodySpan.start, bodySpan.end);
    this.blankLinesMarkHeadings = pageIsDump && this.bodyIndent === 0;
    this.firstLineWords = contentWords(lines.find((line) => line.text !== '')?.text ?? '');
    this.ledeWords = contentWords(body.slice(0, 2).join(' '));
    this.bodyWords = contentWords(body.join(' '));
    this.furniture = lexicons.furniture;
    this.prose = lexicons.prose;
  }

  factsOf(index: number): LineFacts {
    let facts = this.facts.get(index);
    if (!facts) {
      const line = this.lines[index]!;
      const text = line.text.length > MAX_FACT_CHARS ? line.text.slice(0, MAX_FACT_CHARS) : line.text;
      const words = lineFeatures(line.text).words;
      const dateOrTime = isDateOrTime(text) || findPublicationDate(text) !== null;
      const credit = parseByLine(text) !== null || sourceFromLine(text) !== null;
      facts = {
        words,
        contentWords: contentWords(text),
        dateOrTime,
        credit,
        // Whitespace tokens, as the weights were trained; countWords here costs one Readability test page until retrained.
        meta: text.split(/\s+/).length <= 15 && (credit || dateOrTime),
        listHeader: isListHeader(text) || isSectionLink(text),
        shortLabel: line.structural || (words <= 3 && !/[.!?]$/.test(text)),
        capitalised: capitalisedShare(text),
        titleLike: !line.structural && !/[.:]$/.test(text) && words >= 4 && words <= 16,
        lexicon: this.furniture.score(text),
        proseLexicon: this.prose.score(text),
        photoCredit: PHOTO_CREDIT.test(text),
      };
      this.facts.set(index, facts);
    }
    return facts;
  }

  /**
   * How often the candidate's words, in order, occur on the page beyond its own line: a page
   * repeats its headline (title, share text, breadcrumb, "next story" links) and rarely a caption.
   */
  echoesOf(index: number): number {
    const words = this.lines[index]!.key;
    if (words.split(' ').length < 3) return 0;
    // Padded with spaces, so "rescue of girl" is not found inside "rescue of girls".
    const key = ` ${words} `;
    this.normalisedPage ??= ` ${normalisedPageOf(this.lines)} `;
    let count = 0;
    for (let at = this.normalisedPage.indexOf(key); at >= 0 && count < 4; at = this.normalisedPage.indexOf(key, at + key.length - 1)) count++;
    return Math.max(0, count - 1);
  }

  /** Indices of the next `count` non-empty lines from `index` in direction `step`. */
  neighbours(index: number, step: 1 | -1, count: number): number[] {
    const found: number[] = [];
    for (let i = index + step; i >= 0 && i < this.lines.length && found.length < count; i += step) if (this.lines[i]!.text !== '') found.push(i);
    return found;
  }
}

/** Where a candidate sits relative to the body span found by the extractor. */
interface CandidatePosition {
  /** Non-empty lines between the candidate and the body's first line (0 = adjacent or inside). */
  readonly distance: number;
  /** The candidate is one of the body span's first lines: the span may have started too early. */
  readonly insideBody: boolean;
}

/** Positions of the features of the next and the previous line, in NEIGHBOUR_FEATURES order. */
const NEIGHBOUR_AT = {
  next: NEIGHBOUR_FEATURES.map((name) => AT[`next${name}`]),
  previous: NEIGHBOUR_FEATURES.map((name) => AT[`previous${name}`]),
};

function writeNeighbour(value: number[], prefix: 'next' | 'previous', context: HeadlineContext, index: number | undefined): void {
  const [words, capitalised, endsPeriod, structural, meta, content, ledeOverlap, lexicon, proseLexicon] = NEIGHBOUR_AT[prefix] as [number, number, number, number, number, number, number, number, number];
  if (index === undefined) {
    for (const position of NEIGHBOUR_AT[prefix]) value[position] = 0;
    return;
  }
  const line = context.lines[index]!;
  const facts = context.factsOf(index);
  value[words] = Math.min(facts.words, 40) / 10;
  value[capitalised] = facts.capitalised;
  value[endsPeriod] = /\.$/.test(line.text) ? 1 : 0;
  value[structural] = line.structural ? 1 : 0;
  value[meta] = facts.meta ? 1 : 0;
  value[content] = line.content ? 1 : 0;
  value[ledeOverlap] = share(facts.contentWords, context.ledeWords);
  value[lexicon] = facts.lexicon;
  value[proseLexicon] = facts.proseLexicon;
}

/**
 * An entry of a link list: a list or section header ("Related", "Latest Headlines", "More News related to …") stands
 * a few lines above, with no date or byline between. The line right under a header is left out:
 * on many pages the headline follows "More Latest News" directly.
 */
function underListHeader(context: HeadlineContext, index: number): boolean {
  const above = context.neighbours(index, -1, 8);
  for (let k = 0; k < above.length; k++) {
    const line = above[k]!;
    const facts = context.factsOf(line);
    if (facts.listHeader) return k >= 1;
    if (facts.meta) return false;
  }
  return false;
}

/** Could head an article: 3–16 words, no full stop, not furniture, a date, a credit or a list entry. */
function isTitleShaped(line: Line, facts: LineFacts): boolean {
  return !line.structural && !facts.meta && facts.words >= 3 && facts.words <= 16 && !/[.:]$/.test(line.text) && !LIST_ITEM.test(line.text) && !MEDIA_LABEL.test(line.text);
}

const isBlankOrEdge = (lines: readonly Line[], index: number) => index < 0 || index >= lines.length || lines[index]!.text === '';

/** Feature vector of the candidate at `index`; the best* indicators are set across candidates by the ranker. */
export function headlineFeatures(context: HeadlineContext, index: number, position: CandidatePosition): number[] {
  const line = context.lines[index]!;
  const text = line.text;
  const facts = context.factsOf(index);
  const words = facts.contentWords;
  const below = context.neighbours(index, 1, 4);
  const next = below[0];
  const above = context.neighbours(index, -1, 5);
  const previous = above[0];
  let shortRun = 0;
  while (shortRun < above.length && context.factsOf(above[shortRun]!).shortLabel) shortRun++;
  const nextFacts = next === undefined ? undefined : context.factsOf(next);
  const previousFacts = previous === undefined ? undefined : context.factsOf(previous);
  const { distance } = position;
  // Written by index: building a keyed object and mapping it by name was a tenth of extraction time.
  const value = new Array<number>(HEADLINE_FEATURES.length).fill(Number.NaN);
  value[AT.bias] = 1;
  value[AT.distance] = Math.min(distance, 30) / 10;
  value[AT.logDistance] = Math.log1p(distance);
  value[AT.adjacent] = distance === 0 && !position.insideBody ? 1 : 0;
  value[AT.insideBody] = position.insideBody ? 1 : 0;
  value[AT.words] = Math.min(facts.words, 40) / 10;
  value[AT.titleLength] = facts.words >= 3 && facts.words <= 16 ? 1 : 0;
  value[AT.tooShort] = facts.words <= 2 ? 1 : 0;
  value[AT.tooLong] = facts.words > 25 ? 1 : 0;
  value[AT.endsPeriod] = /\.$/.test(text) ? 1 : 0;
  value[AT.endsColon] = /:$/.test(text) ? 1 : 0;
  value[AT.endsQuestion] = /[?!]$/.test(text) ? 1 : 0;
  value[AT.capitalised] = facts.capitalised;
  value[AT.allLower] = text === text.toLowerCase() ? 1 : 0;
  // A fragment cut from a sentence ("to keep Dimitar Berbatov at White Hart Lane …"); "iTunes …" also starts so, but rarely.
  value[AT.startsLower] = /^[^\p{L}\p{N}]*\p{Ll}/u.test(text) ? 1 : 0;
  value[AT.allUpper] = text === text.toUpperCase() && /\p{L}/u.test(text) ? 1 : 0;
  value[AT.digitShare] = ((text.match(/\d/g) ?? []).length / Math.max(text.length, 1)) * 5;
  value[AT.dateOrTime] = facts.dateOrTime ? 1 : 0;
  // Bylines and credits are never candidates, so the line's own flag is exactly the boilerplate rules.
  value[AT.structural] = line.structural ? 1 : 0;
  value[AT.repeated] = line.repeats >= 2 ? Math.min(line.repeats, 5) / 5 : 0;
  value[AT.firstLineOverlap] = share(words, context.firstLineWords);
  value[AT.ledeOverlap] = share(words, context.ledeWords);
  value[AT.bodyOverlap] = share(words, context.bodyWords);
  value[AT.ledeOverlapCount] = Math.min(overlapCount(words, context.ledeWords), 8) / 8;
  value[AT.bodyOverlapCount] = Math.min(overlapCount(words, context.bodyWords), 8) / 8;
  value[AT.separator] = /\s[|»]\s|\s[-–—]\s\S+$/.test(text) ? 1 : 0;
  value[AT.content] = line.content ? 1 : 0;
  value[AT.stopwords] = lineFeatures(text).stopwordRatio;
  value[AT.relativePosition] = index / Math.max(context.lines.length, 1);
  value[AT.bestLedeOverlap] = 0;
  value[AT.bestBodyOverlap] = 0;
  value[AT.bestFirstLineOverlap] = 0;
  value[AT.metaBelow] = below.some((i) => context.factsOf(i).meta) ? 1 : 0;
  value[AT.nextIsBoilerplate] = next !== undefined && context.lines[next]!.boilerplate ? 1 : 0;
  value[AT.shortRunAbove] = shortRun / 5;
  value[AT.underListHeader] = underListHeader(context, index) ? 1 : 0;
  value[AT.amongTitles] = [...above.slice(0, 2), ...below.slice(0, 2)].filter((i) => context.factsOf(i).titleLike).length / 4;
  value[AT.nextOverlap] = nextFacts ? share(words, nextFacts.contentWords) : 0;
  value[AT.previousOverlap] = previousFacts ? share(words, previousFacts.contentWords) : 0;
  value[AT.nextIsLonger] = nextFacts && nextFacts.words > facts.words ? 1 : 0;
  value[AT.firstAfterRunOfShort] = shortRun >= 2 && !facts.shortLabel ? 1 : 0;
  value[AT.captionCue] = CAPTION_CUE.test(text) ? 1 : 0;
  value[AT.listItem] = LIST_ITEM.test(text) ? 1 : 0;
  value[AT.mediaLabel] = MEDIA_LABEL.test(text) ? 1 : 0;
  value[AT.linkOrAddress] = LINK_OR_ADDRESS.test(text) ? 1 : 0;
  value[AT.echoed] = context.echoesOf(index) / 3;
  // A deck: a longer line right under a shorter title-shaped one ("Ferry timetable approved" / "Evening crossings added …").
  value[AT.underTitle] = previous !== undefined && previousFacts !== undefined && isTitleShaped(context.lines[previous]!, previousFacts) && previousFacts.words < facts.words ? 1 : 0;
  value[AT.sentence] = /\.["'”’)]*$/.test(text) && facts.words >= 12 ? 1 : 0;
  // lynx sets paragraphs in and leaves headings (<h1>…<h6>) at the margin.
  value[AT.outdented] = line.indent < context.bodyIndent ? 1 : 0;
  // w3m sets a heading or a paragraph apart by a blank line on each side, and writes a run of
  // <div>s (a menu, a byline and its date, a caption beside its credit) line under line.
  value[AT.isolated] = context.blankLinesMarkHeadings && isBlankOrEdge(context.lines, index - 1) && isBlankOrEdge(context.lines, index + 1) ? 1 : 0;
  value[AT.photoCredit] = facts.photoCredit ? 1 : 0;
  value[AT.nearPhotoCredit] = (nextFacts?.photoCredit ?? false) || (previousFacts?.photoCredit ?? false) ? 1 : 0;
  value[AT.lexicon] = facts.lexicon;
  value[AT.bestLexicon] = 0;
  value[AT.proseLexicon] = facts.proseLexicon;
  value[AT.bestProseLexicon] = 0;
  writeNeighbour(value, 'next', context, next);
  writeNeighbour(value, 'previous', context, previous);
  return value;
}
