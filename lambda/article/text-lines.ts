import { isBoilerplateLine, isEndMarker, isImageControl, isListHeader, isRepeatedShortLine, lineFeatures, normaliseLine } from './line-features.js';
import { countWords } from '../text/words.js';
import { NO_DEADLINE, type ParseDeadline } from './parse-deadline.js';
import { parseByLine, sourceFromLine } from './source-and-byline.js';
import { splitWireDateline } from './wire-dateline.js';

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

/** "LOS ANGELES (AP) — To LeBron James, triple-doubles are not a goal.": a dateline that opens the lede, not a credit line. */
function opensStory(line: string): boolean {
  const rest = splitWireDateline(line)?.rest ?? '';
  return countWords(rest) >= 5;
}

/** Whitespace that collapsing to single spaces would change: two in a row, or any but a plain space. */
const UNCOLLAPSED_SPACE = /\s\s|[^\S ]/;

export function analyseLines(text: string, deadline: ParseDeadline = NO_DEADLINE): Line[] {
  // Most lines need no collapsing: the replace is done only where a tab or a run of spaces is, as it copies the line.
  const raw = text.split('\n').map((line) => (UNCOLLAPSED_SPACE.test(line) ? line.replace(/\s+/g, ' ') : line).trim());
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
    return { text: line, repeats, boilerplate, structural, content: !boilerplate && line !== '' && isContentLine(line) };
  });
}

/** The body's lines: start..end without the lines of boxes inside it ("Related Coverage" and its links). */
interface BodySpan {
  readonly start: number;
  readonly end: number;
  readonly boxes: ReadonlySet<number>;
}

/**
 * How much more text must follow a list than precede it for the list to be a box inside the
 * article. Measured on GN1 and Readability's pages: a box inside an article is followed by at
 * least twice the text before it (an opening paragraph or two, then the story); a list at the
 * end is followed by less (teasers, footers), or by comments behind an end marker.
 */
const INLINE_BOX_TEXT_RATIO = 2;

/** The highest-scoring contiguous run of lines (maximum subarray): where the article text is densest. */
export function bodySpan(lines: readonly Line[], deadline: ParseDeadline = NO_DEADLINE): BodySpan | null {
  let best: [number, number, number] | null = null;
  let start = 0;
  let sum = 0;
  lines.forEach((line, index) => {
    deadline.tick('finding the body');
    const weight = line.text === '' ? 0 : line.content ? Math.min(lineFeatures(line.text).words, 120) : line.boilerplate ? BOILERPLATE_WEIGHT : WEAK_WEIGHT;
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
  while (first <= last && (!lines[first]!.content || (!lineFeatures(lines[first]!.text).endsSentence && lineFeatures(lines[first]!.text).words <= 30))) first++;
  // Stop at the first end-of-article marker inside the span. A list header ("Related Coverage")
  // ends it too, unless it heads a box inside the article: then the article goes on after the box.
  for (let index = first; index <= last; index++) {
    if (isEndMarker(lines[index]!.text)) {
      last = index - 1;
      break;
    }
  }
  // Words of article text from each line to the span's end, so each box is judged in one step.
  const textFrom = new Array<number>(last - first + 2).fill(0);
  for (let index = last; index >= first; index--) {
    const line = lines[index]!;
    textFrom[index - first] = textFrom[index - first + 1]! + (line.content ? lineFeatures(line.text).words : 0);
  }
  const boxes = new Set<number>();
  for (let index = first; index <= last; index++) {
    if (!isListHeader(lines[index]!.text)) continue;
    let resume = index + 1;
    while (resume <= last && !isParagraph(lines[resume]!)) resume++;
    const textBefore = textFrom[0]! - textFrom[index - first]!;
    if (resume > last || textFrom[resume - first]! < INLINE_BOX_TEXT_RATIO * textBefore) {
      last = index - 1;
      break;
    }
    for (let boxed = index; boxed < resume; boxed++) boxes.add(boxed);
    index = resume - 1;
  }
  return first <= last ? { start: first, end: last, boxes } : null;
}

/** A paragraph of running text, not a list entry that happens to be a sentence. */
function isParagraph(line: Line): boolean {
  const words = lineFeatures(line.text).words;
  return line.content && (words >= 20 || (/\.["'”’)]*$/.test(line.text) && words >= 12));
}

