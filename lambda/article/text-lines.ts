import { isBoilerplateLine, isEndMarker, isImageControl, isListHeader, isRepeatedShortLine, lineFeatures, normaliseLine } from './line-features.js';
import { countWords, wordsOf } from '../text/words.js';
import { NO_DEADLINE, type ParseDeadline } from './parse-deadline.js';
import { parseByLine, sourceFromLine } from './source-and-byline.js';
import { indentOf } from './hard-wrapped-lines.js';
import { splitWireDateline } from './wire-dateline.js';

/** One line of a plain-text page with what the extractor knows about it. */
export interface Line {
  readonly text: string;
  /** normaliseLine(text): how repeats are counted and echoes of a headline found. */
  readonly key: string;
  readonly repeats: number;
  readonly boilerplate: boolean;
  /** Boilerplate by its form, whatever its repetition (a repeated title is still a title). */
  readonly structural: boolean;
  readonly content: boolean;
  /** Columns of whitespace the page put before the line: lynx sets paragraphs in by three, headings not. */
  readonly indent: number;
}

/** Penalty of a boilerplate line inside a candidate body span, in words of article text. */
const BOILERPLATE_WEIGHT = -12;
/** Penalty of a short non-sentence line (caption, subheading, list entry). */
const WEAK_WEIGHT = -3;
function isContentLine(text: string): boolean {
  const features = lineFeatures(text);
  if (features.words >= 10 && (features.stopwordRatio >= 0.15 || foreignFunctionWordRatio(text) >= FOREIGN_PROSE_RATIO)) return true;
  return features.endsSentence && features.words >= 5;
}

/**
 * The commonest function words of Spanish, Portuguese, French, Italian, German and Russian: prose
 * in those languages is as full of them as English prose is of English ones, while a menu or a
 * list of names is not. English stopwords alone left a Portuguese paragraph without a final full
 * stop (ending "…") out of the body.
 */
const FOREIGN_FUNCTION_WORDS: ReadonlySet<string> = new Set(
  (
    'de la que el en y los se del las un por con no una su para es al lo como más pero sus le ya este ' +
    'o do da em um é com não os na mais dos foi ao ele das tem à seu sua ou ' +
    'et les des du une est pour qui dans plus pas au sur ne ce il sont avec ' +
    'di il che è per del non da sono gli della ma ' +
    'der die und den von zu das mit sich auf für ist im dem nicht ein eine als auch es an werden aus er hat dass sie nach wird bei ' +
    'и в не на я что он с как а то все она так его но да к у же за бы по только ее было от еще нет о из ему'
  ).split(' '),
);

/**
 * Share of them that makes a line of ten words or more read as prose, higher than English's 0.15
 * as the lists mix languages ("die", "con", "a" are words of other languages too). Dev parts at
 * 0.25: AEB renderings +0.006 body 4-gram F1 each, Readability +0.001, GN1 unchanged; at 0.15,
 * German and French teaser lists became body text on Readability's pages (-0.004).
 */
const FOREIGN_PROSE_RATIO = 0.25;

/** Share of a line's first words that are FOREIGN_FUNCTION_WORDS (a sample, as for English stopwords). */
function foreignFunctionWordRatio(text: string): number {
  const words = wordsOf(text.slice(0, 4096));
  if (words.length === 0) return 0;
  let count = 0;
  for (const word of words) if (FOREIGN_FUNCTION_WORDS.has(word.toLowerCase())) count++;
  return count / words.length;
}

/** "LOS ANGELES (AP) — To LeBron James, triple-doubles are not a goal.": a dateline that opens the lede, not a credit line. */
function opensStory(line: string): boolean {
  const rest = splitWireDateline(line)?.rest ?? '';
  return countWords(rest) >= 5;
}

/** Whitespace that collapsing to single spaces would change: two in a row, or any but a plain space. */
const UNCOLLAPSED_SPACE = /\s\s|[^\S ]/;

export function analyseLines(text: string, deadline: ParseDeadline = NO_DEADLINE): Line[] {
  const untrimmed = text.split('\n');
  // Most lines need no collapsing: the replace is done only where a tab or a run of spaces is, as it copies the line.
  const raw = untrimmed.map((line) => (UNCOLLAPSED_SPACE.test(line) ? line.replace(/\s+/g, ' ') : line).trim());
  const counts = new Map<string, number>();
  const keys = raw.map((line) => {
    deadline.tick('counting repeated lines');
    const key = normaliseLine(line);
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
    return key;
  });
  let previous = '';
  return raw.map((line, index) => {
    deadline.tick('reading the lines');
    const repeats = counts.get(keys[index]!) ?? 0;
    // Credits and bylines are metadata, unless the line carries the story on (a dateline paragraph).
    const words = lineFeatures(line).words;
    const credit = words <= 12 && ((sourceFromLine(line) !== null && !opensStory(line)) || parseByLine(line) !== null);
    // On GN1 the line after "View larger image" was a caption or a credit 12 times in 12.
    const caption = line !== '' && isImageControl(previous);
    if (line !== '') previous = line;
    const structural = credit || caption || isBoilerplateLine(line, 1);
    const boilerplate = structural || isRepeatedShortLine(words, repeats);
    return { text: line, key: keys[index]!, repeats, boilerplate, structural, content: !boilerplate && line !== '' && isContentLine(line), indent: indentOf(untrimmed[index]!) };
  });
}

/** The body's lines: start..end without the lines of boxes inside it ("Related Coverage" and its links). */
interface BodySpan {
  readonly start: number;
  readonly end: number;
  readonly boxes: ReadonlySet<number>;
  /** Entries of a list a paragraph announced: body text, though not sentences. */
  readonly entries: ReadonlySet<number>;
}

/**
 * How much text must follow a boundary inside the span (a list header, a horizontal rule) for
 * the story to go on after it: at least as much as precedes it, once the story
 * resumes in two paragraphs in a row. After the story, what follows a boundary is shorter (a
 * press release's "About the company", a newsletter form) or not paragraphs in a row (teasers,
 * comments between bylines and "Reply"). The ratio was 2 for lists, from GN1 and Readability's
 * pages; at 1 with the two-paragraph test, the dev parts: AEB renderings +0.006 to +0.009 body
 * 4-gram F1 (related-article boxes inside express.co.uk-like stories), Readability +0.003, GN1 -0.0002.
 */
const INLINE_BOX_TEXT_RATIO = 1;

/**
 * Words of a paragraph that announces a list with its closing colon; shorter ones ("Scroll down to
 * read more:", "Top weather stories of 2007:") head teasers. AEB renderings' dev part: body 4-gram
 * F1 +0.016 to +0.023 on each rendering (standings tables, numbered offers, itineraries), GN1 dev
 * +0.0006, Readability's pages +0.004.
 */
const ANNOUNCING_WORDS = 8;

/** The highest-scoring contiguous run of lines (maximum subarray): where the article text is densest. */
export function bodySpan(lines: readonly Line[], deadline: ParseDeadline = NO_DEADLINE): BodySpan | null {
  let best: [number, number, number] | null = null;
  let start = 0;
  let sum = 0;
  // A paragraph ending in a colon announces a list ("… the standings after 36 races:"): its entries,
  // short lines that are not sentences, are the story's until a boilerplate line. They weigh
  // nothing, so the story reads on across them and may end with them, but a list of teasers after
  // a promo's colon gives that promo no weight.
  let listed = false;
  const entries = new Set<number>();
  lines.forEach((line, index) => {
    deadline.tick('finding the body');
    if (line.boilerplate) listed = false;
    const entry = listed && line.text !== '' && !line.content;
    if (entry) entries.add(index);
    const weight = line.text === '' || entry ? 0 : line.content ? Math.min(lineFeatures(line.text).words, 120) : line.boilerplate ? BOILERPLATE_WEIGHT : WEAK_WEIGHT;
    if (line.content) listed = (line.text.endsWith(':') && countWords(line.text) >= ANNOUNCING_WORDS) || listed;
    if (sum <= 0) {
      start = index;
      sum = 0;
    }
    sum += weight;
    if ((line.content && (!best || sum > best[2])) || (entry && best !== null && sum >= best[2])) best = [start, index, sum];
  });
  if (!best) return null;
  let [first, last] = best as [number, number, number];
  // A title-like first line belongs to the header, not the body.
  const skipHeader = () => {
    while (first <= last && (!lines[first]!.content || titleLike(lines[first]!.text))) first++;
  };
  skipHeader();
  // Stop at the first end-of-article marker inside the span. A list header ("Related Coverage")
  // ends it too, unless it heads a box inside the article: then the article goes on after the box.
  // A marker above the story's first paragraph is the header's ("View/Post Comments" under the
  // byline and date): the story starts after it.
  let paragraphSeen = false;
  for (let index = first; index <= last; index++) {
    if (isEndMarker(lines[index]!.text)) {
      if (!paragraphSeen) {
        first = index + 1;
        skipHeader();
        index = first - 1;
        continue;
      }
      last = index - 1;
      break;
    }
    paragraphSeen ||= isParagraph(lines[index]!);
  }
  // Words of article text from each line to the span's end, so each box is judged in one step.
  const textFrom = new Array<number>(last - first + 2).fill(0);
  for (let index = last; index >= first; index--) {
    const line = lines[index]!;
    textFrom[index - first] = textFrom[index - first + 1]! + (line.content ? lineFeatures(line.text).words : 0);
  }
  const boxes = new Set<number>();
  for (let index = first; index <= last; index++) {
    const text = lines[index]!.text;
    const rule = isRule(text);
    if (!rule && !isListHeader(text)) continue;
    // After a list the story resumes in paragraphs, two in a row; a caption, a
    // teaser's summary or a comment stands alone between its furniture (a byline, a date,
    // "Reply"), so the search goes on past it. A rule may part single paragraphs.
    let resume = index + 1;
    while (resume <= last && !isParagraph(lines[resume]!)) resume++;
    while (!rule && resume <= last) {
      let next = resume + 1;
      while (next <= last && lines[next]!.text === '') next++;
      if (next <= last && isParagraph(lines[next]!)) break;
      resume = next;
      while (resume <= last && !isParagraph(lines[resume]!)) resume++;
    }
    const textBefore = textFrom[0]! - textFrom[index - first]!;
    if (resume > last || textFrom[resume - first]! < INLINE_BOX_TEXT_RATIO * textBefore) {
      last = index - 1;
      break;
    }
    for (let boxed = index; boxed < resume; boxed++) boxes.add(boxed);
    index = resume - 1;
  }
  return first <= last ? { start: first, end: last, boxes, entries } : null;
}

/** A horizontal rule as lynx ("_____") or w3m ("━━━━━") draws it, or "-----": it closes the story when little text follows it, like a list header. */
function isRule(text: string): boolean {
  return /^([_=~\-–—─━]\s?){5,}$/.test(text);
}

/**
 * Under this many words, a line without closing punctuation is a title or a deck; from it on, a
 * standfirst or a first paragraph whose full stop the page left out. AEB renderings' dev part: body
 * 4-gram F1 +0.003 to +0.010 on each rendering; GN1 dev -0.0002.
 */
const TITLE_MAX_WORDS = 15;

/** A first line that belongs to the header, not the body: short, and without closing punctuation. */
function titleLike(text: string): boolean {
  const features = lineFeatures(text);
  return !features.endsSentence && features.words < TITLE_MAX_WORDS;
}

/** A paragraph of running text, not a list entry that happens to be a sentence. */
function isParagraph(line: Line): boolean {
  const words = lineFeatures(line.text).words;
  return line.content && (words >= 20 || (/\.["'”’)]*$/.test(line.text) && words >= 12));
}

