import { eastAsianWidth } from 'get-east-asian-width';
import type { ParseDeadline } from './parse-deadline.js';
import { NO_DEADLINE } from './parse-deadline.js';

/**
 * How close to the widest line a line must end to count as filled to the wrap width: a
 * word-wrapping dump (lynx, w3m, an e-mail at 72 columns) leaves up to one long word of room.
 */
const FILLED_SLACK = 12;
/** A text is hard-wrapped when at least this many lines, and this share of its lines, are filled. */
const MIN_FILLED_LINES = 3;
const MIN_FILLED_SHARE = 0.03;
/** Lines longer than the width a wrapped text may still hold (a table row, a preformatted line). */
const MAX_LONGER_LINES = 2;
const MAX_LONGER_SHARE = 0.02;
/** A link no wrap can break: it may pass the width of a wrapped text. */
const UNBREAKABLE_LINK = /^\S*(:\/\/|www\.)\S*$/;
/** Narrower "widths" are columns of short items (menus, tables), not wrapped prose. */
const MIN_WRAP_WIDTH = 40;
/**
 * Wider "widths" are paragraphs that happen to end near one length: terminals and mail clients
 * wrap at 72 to 132 columns, and a text browser told to keep lines whole does not wrap at all.
 */
const MAX_WRAP_WIDTH = 160;

/** "* ", "- ", "1. ", "+ ": a list marker, after which a wrapped entry's next lines are indented. */
const LIST_MARKER = /^(\s*)([*+\-•]|\d{1,3}[.)])\s+/;

/** The first half of a surrogate pair: a character past the Basic Multilingual Plane, an emoji. */
const HIGH_SURROGATE = /[\ud800-\udbff]/;

/** How a wrapping tool measures a line: lynx counts characters, w3m display columns. */
type Measure = (line: string) => number;

/**
 * Characters in a line, the unit lynx wraps in: an emoji is one character but two UTF-16 units.
 * (Ideographs count one too: lynx fills a line with as many of them as of letters.)
 */
export function columnsOf(line: string): number {
  // Most lines hold no astral character: their length is their width.
  if (!HIGH_SURROGATE.test(line)) return line.length;
  let columns = 0;
  for (const _character of line) columns++;
  return columns;
}

/** Below U+1100 (Hangul Jamo) every character is narrow, bar a few ambiguous ones, which w3m sets narrow. */
const MAYBE_WIDE = /[\u1100-\uffff]/;
/**
 * Hangul, kana, ideographs, fullwidth forms and astral characters (emoji among them): the wide
 * characters a page is made of. A page without them is not measured a second time (curly quotes
 * and dashes, above U+1100 too, are narrow).
 */
const WIDE_SCRIPT = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\ud800-\udbff]/;

/**
 * Columns a line takes on a terminal, the unit w3m wraps in: a Hangul syllable, an ideograph or a
 * fullwidth form takes two (East Asian Width wide or fullwidth; get-east-asian-width holds the
 * Unicode table), so w3m ends a Korean line of 80 columns at 44 to 49 characters.
 */
export function displayColumnsOf(line: string): number {
  if (!MAYBE_WIDE.test(line)) return columnsOf(line);
  let columns = 0;
  for (const character of line) columns += eastAsianWidth(character.codePointAt(0)!, { ambiguousAsWide: false });
  return columns;
}

/** The width a text was wrapped at, the measure it was wrapped by, and how many breaks fell close to it. */
interface Wrap {
  readonly width: number;
  readonly measure: Measure;
  /** Break lengths within CLOSE_SLACK of the width. */
  readonly closeBreaks: number;
}

/**
 * Columns from the width within which most breaks of a real wrap fall: a word's room is up to
 * FILLED_SLACK, but words are short. Measured by the wrong unit, a page's breaks spread wider.
 */
const CLOSE_SLACK = 4;

/** Columns of whitespace before a line's text: a text browser indents paragraphs and leaves headings at the margin. */
export function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Column where a line's running text starts: after its indentation and any list marker. */
function textColumn(line: string): number {
  const marker = LIST_MARKER.exec(line);
  return marker ? marker[0].length : indentOf(line);
}

/** A line that ends where a sentence, clause or heading may end: a break there may be the author's. */
const ENDS_CLAUSE = /[.!?:;"'”’)\]。！？：；」』）]$/;

/**
 * The wrap width of a text broken at a fixed column, or null when its lines are not: the longest
 * length that enough lines reach within a word's room (a long unbreakable URL may pass the width),
 * where those lines break mid-sentence and run on into a line at the same column that occurs
 * once. A page of one paragraph per line, a menu, or a list of teasers cut at N characters and
 * followed by the same label each time, has no such breaks.
 */
export function wrapWidth(lines: readonly string[]): number | null {
  return wrapOf(lines)?.width ?? null;
}

/**
 * The wrap width by characters (lynx) or by display columns (w3m), whichever more breaks fall
 * close to: measured by the other unit, a page of wide characters may still show a width, with
 * its breaks spread over a word's room (w3m's Korean lines end at 67 to 79 columns, 44 to 55 characters).
 */
function wrapOf(lines: readonly string[]): Wrap | null {
  // How often each line occurs does not depend on the measure: counted once, when a measure first needs it.
  let counts: Map<string, number> | undefined;
  const repeatCounts = () => (counts ??= lineCounts(lines));
  const byCharacters = wrapBy(columnsOf, lines, repeatCounts);
  // Only a page with wide characters measures differently; most pages have none.
  if (!lines.some((line) => WIDE_SCRIPT.test(line))) return byCharacters;
  const byDisplay = wrapBy(displayColumnsOf, lines, repeatCounts);
  if (byCharacters === null || byDisplay === null) return byCharacters ?? byDisplay;
  return byDisplay.closeBreaks > byCharacters.closeBreaks ? byDisplay : byCharacters;
}

function wrapBy(measure: Measure, lines: readonly string[], repeatCounts: () => ReadonlyMap<string, number>): Wrap | null {
  // Most pages are not wrapped: decide on the cheap facts first, and count repeated lines only for a
  // page that passes them.
  if (widthOf(breakLengthsOf(lines, null, measure), lines, measure) === null) return null;
  return widthOf(breakLengthsOf(lines, repeatCounts(), measure), lines, measure);
}

/** How often each non-empty line occurs, trimmed. */
function lineCounts(lines: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of lines) {
    const key = line.trim();
    if (key !== '') counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * Lengths of the lines that may end at a wrap: distinct, not ending a clause, and run on into a
 * non-empty line at the same text column (which, when `counts` is given, occurs only once).
 */
function breakLengthsOf(lines: readonly string[], counts: ReadonlyMap<string, number> | null, measure: Measure): number[] {
  const breakLengths: number[] = [];
  const seen = new Set<string>();
  for (let index = 0; index + 1 < lines.length; index++) {
    const line = lines[index]!;
    const next = lines[index + 1]!;
    const key = line.trim();
    // The clause test before the set: most lines of prose end a clause, and looking a line up costs its hash.
    if (key === '' || next.trim() === '' || ENDS_CLAUSE.test(key) || seen.has(key)) continue;
    if ((counts !== null && counts.get(next.trim())! > 1) || LIST_MARKER.test(next) || indentOf(next) !== textColumn(line)) continue;
    seen.add(key);
    breakLengths.push(measure(line));
  }
  return breakLengths;
}

function widthOf(breakLengths: number[], lines: readonly string[], measure: Measure): Wrap | null {
  if (breakLengths.length < MIN_FILLED_LINES) return null;
  let nonEmpty = 0;
  // The share of filled lines is taken among lines long enough to be wrapped prose: a short story
  // under hundreds of menu lines is wrapped all the same.
  let long = 0;
  const columns = lines.map(measure);
  for (let index = 0; index < lines.length; index++) {
    if (lines[index]!.trim() === '') continue;
    nonEmpty++;
    if (columns[index]! >= MIN_WRAP_WIDTH) long++;
  }
  breakLengths.sort((a, b) => b - a);
  // The longest width that MIN_FILLED_LINES break lengths reach within FILLED_SLACK: with the
  // lengths sorted longest first, those within the slack of lengths[first] run up to lengths[end - 1].
  let width: number | null = null;
  let filledLines = 0;
  for (let first = 0, end = 0; first < breakLengths.length && width === null; first++) {
    const candidate = breakLengths[first]!;
    while (end < breakLengths.length && breakLengths[end]! >= candidate - FILLED_SLACK) end++;
    const filled = end - first;
    if (filled >= MIN_FILLED_LINES && (filled >= MIN_FILLED_SHARE * nonEmpty || (filled >= 2 * MIN_FILLED_LINES && filled >= MIN_FILLED_SHARE * long))) {
      width = candidate;
      filledLines = filled;
    }
  }
  if (width === null || width < MIN_WRAP_WIDTH || width > MAX_WRAP_WIDTH) return null;
  // Wrapping leaves no line longer than the width but an unbreakable link: where several are,
  // lines are paragraphs (or unspaced script), and the cluster found is a column of menu entries or teasers.
  let longer = 0;
  for (let index = 0; index < lines.length; index++) if (columns[index]! > width && !UNBREAKABLE_LINK.test(lines[index]!.trim())) longer++;
  // A wrapped text has fewer lines past its width than lines filled to it: a page of a few filled
  // menu entries and more long lines is not wrapped, however many short lines it has.
  if (longer > Math.max(MAX_LONGER_LINES, MAX_LONGER_SHARE * nonEmpty) || longer > filledLines) return null;
  let closeBreaks = 0;
  for (const length of breakLengths) if (length <= width && length >= width - CLOSE_SLACK) closeBreaks++;
  return { width, measure, closeBreaks };
}

/**
 * Joins lines a text-mode browser or mail client broke at a fixed width back into one line per
 * paragraph: a headline or paragraph wrapped over two lines is otherwise two half-lines, and no
 * half is the headline. A line continues the one above when it is indented where that line's text
 * starts and its first word would not have fitted on that line: the break was the wrap's, not the
 * author's. Text that is not hard-wrapped comes back unchanged.
 */
export function unwrapHardWrappedLines(text: string, deadline: ParseDeadline = NO_DEADLINE): string {
  const lines = text.split('\n').map((line) => line.trimEnd());
  const wrap = wrapOf(lines);
  if (wrap === null) return text;
  const { width, measure } = wrap;
  const joined: string[] = [];
  // The last line of `joined` as it was on the page: its length decides whether a word would have fitted.
  let lastPhysical = '';
  let lastColumn = 0;
  for (const line of lines) {
    deadline.tick('joining wrapped lines');
    const trimmed = line.trimStart();
    const firstWord = trimmed.split(/\s/, 1)[0] ?? '';
    const indent = indentOf(line);
    const continues =
      joined.length > 0 &&
      trimmed !== '' &&
      lastPhysical.trim() !== '' &&
      !LIST_MARKER.test(line) &&
      (indent === lastColumn || (indent > lastColumn && centred(measure(trimmed), indent, width) && !ENDS_CLAUSE.test(lastPhysical))) &&
      (UNSPACED_START.test(firstWord) ? measure(lastPhysical) >= width - UNSPACED_SLACK : measure(lastPhysical) + 1 + measure(firstWord) > width);
    if (continues) {
      // Chinese and Japanese put no space between words: a wrap inside them leaves none to restore.
      const separator = UNSPACED_START.test(firstWord) && UNSPACED_END.test(lastPhysical) ? '' : ' ';
      joined[joined.length - 1] = `${joined.at(-1)!}${separator}${trimmed}`;
    } else {
      joined.push(line);
      lastColumn = textColumn(line);
    }
    lastPhysical = line;
  }
  return joined.join('\n');
}

/**
 * Chinese and Japanese run on without spaces, so a wrap may break them anywhere and leaves a line
 * filled to within a character or two; a shorter line above one was ended by its author.
 */
const UNSPACED_START = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const UNSPACED_END = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}，、]$/u;
const UNSPACED_SLACK = 2;

/** How far a centred line's indentation may be from the exact middle: browsers round, and widths differ by a column. */
const CENTRING_SLACK = 2;

/** A line set in the middle of the width, as lynx sets the wrapped rest of a centred heading. */
function centred(textColumns: number, indent: number, width: number): boolean {
  return Math.abs(indent - (width - textColumns) / 2) <= CENTRING_SLACK;
}
