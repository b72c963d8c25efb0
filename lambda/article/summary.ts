import { MONTH_ABBREVIATION_PATTERN } from '../text/calendar-names.js';
import { truncateAtWord } from '../text/words.js';
import { withoutWireDateline } from './wire-dateline.js';

const ABBREVIATIONS = new RegExp(String.raw`\b(?:mr|mrs|ms|dr|prof|sen|rep|gov|gen|col|lt|sgt|st|jr|sr|inc|ltd|co|corp|vs|etc|no|${MONTH_ABBREVIATION_PATTERN}|u\.s|u\.k|u\.n|e\.g|i\.e)\.$`, 'i');

/**
 * The most of a word read to tell an abbreviation or initials from a sentence's end ("U.S.A.",
 * "Prof." need far less). Bounded, so in a text of initials ("A. B. A. B. …", where no sentence
 * ever ends) each candidate boundary costs the same, not the length of the text before it.
 */
const MAX_WORD_LOOKBACK = 32;

/** The word (run of non-space) ending at `end`, from `start` at the earliest, its last MAX_WORD_LOOKBACK characters at most. */
function wordEndingAt(text: string, start: number, end: number): string {
  let from = end;
  while (from > start && end - from < MAX_WORD_LOOKBACK && !/\s/.test(text[from - 1]!)) from--;
  return text.slice(from, end);
}

/**
 * Splits prose into sentences without breaking at "U.S.", "Mr.", initials or decimals, linearly
 * in the text; with a `limit`, stops reading once that many sentences are found.
 */
export function splitSentences(text: string, limit = Number.POSITIVE_INFINITY): string[] {
  const sentences: string[] = [];
  let start = 0;
  const boundary = /[.!?]["'”’)\]]*\s+(?=["'“‘([]?[\p{Lu}\p{N}])/gu;
  for (let match = boundary.exec(text); match; match = boundary.exec(text)) {
    const end = match.index + match[0].trimEnd().length;
    const lastWord = wordEndingAt(text, start, end);
    if (ABBREVIATIONS.test(lastWord) || /^(?:\p{Lu}\.)+$/u.test(lastWord) || /\b\p{Lu}\.$/u.test(lastWord)) continue;
    sentences.push(text.slice(start, end).trim());
    if (sentences.length >= limit) return sentences;
    start = match.index + match[0].length;
  }
  const rest = text.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences;
}

/**
 * The longest single sentence a summary keeps whole, past its usual length: the digest shows 400
 * characters of a summary, and cutting a long first sentence would end the summary mid-sentence.
 */
const MAX_WHOLE_SENTENCE = 400;

/**
 * The first two sentences of the body, about 300 characters at most, without the wire dateline the
 * story opens with. Whole sentences only: the first alone when two do not fit, cut at a word (with
 * "…") only when it runs past MAX_WHOLE_SENTENCE, which is not a sentence but unpunctuated text.
 */
export function summarise(body: readonly string[], maxLength = 300): string {
  const [first, second] = splitSentences(withoutWireDateline(body.join(' ')), 2);
  if (!first) return '';
  if (second && first.length + second.length + 1 <= maxLength) return `${first} ${second}`;
  return first.length <= Math.max(maxLength, MAX_WHOLE_SENTENCE) ? first : truncateAtWord(first, maxLength);
}
