import { MONTH_ABBREVIATION_PATTERN } from '../text/calendar-names.js';
import { truncateAtWord } from '../text/words.js';

const ABBREVIATIONS = new RegExp(String.raw`\b(?:mr|mrs|ms|dr|prof|sen|rep|gov|gen|col|lt|sgt|st|jr|sr|inc|ltd|co|corp|vs|etc|no|${MONTH_ABBREVIATION_PATTERN}|u\.s|u\.k|u\.n|e\.g|i\.e)\.$`, 'i');

/** Splits prose into sentences without breaking at "U.S.", "Mr.", initials or decimals. */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  const boundary = /[.!?]["'”’)\]]*\s+(?=["'“‘([]?[\p{Lu}\p{N}])/gu;
  for (let match = boundary.exec(text); match; match = boundary.exec(text)) {
    const end = match.index + match[0].trimEnd().length;
    const candidate = text.slice(start, end);
    const lastWord = candidate.split(/\s+/).at(-1) ?? '';
    if (ABBREVIATIONS.test(lastWord) || /^(?:\p{Lu}\.)+$/u.test(lastWord) || /\b\p{Lu}\.$/u.test(lastWord)) continue;
    sentences.push(candidate.trim());
    start = match.index + match[0].length;
  }
  const rest = text.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences;
}

/** The first two sentences of the body, about 300 characters at most. */
export function summarise(body: readonly string[], maxLength = 300): string {
  const sentences = splitSentences(body.join(' '));
  const [first, second] = sentences;
  if (!first) return '';
  if (second && first.length + second.length + 1 <= maxLength) return `${first} ${second}`;
  return truncateAtWord(first, maxLength);
}
