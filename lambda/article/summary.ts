import { MONTH_ABBREVIATION_PATTERN } from '../text/calendar-names.js';
import { truncateAtWord } from '../text/words.js';

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

/** The first two sentences of the body, about 300 characters at most. */
export function summarise(body: readonly string[], maxLength = 300): string {
  const [first, second] = splitSentences(body.join(' '), 2);
  if (!first) return '';
  if (second && first.length + second.length + 1 <= maxLength) return `${first} ${second}`;
  return truncateAtWord(first, maxLength);
}
