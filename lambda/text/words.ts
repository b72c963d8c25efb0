const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;
/** Han, kana: scripts written without spaces, where each character counts as a word. */
const UNSPACED = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const UNSPACED_OR_WORD = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[\p{L}\p{N}](?:(?![\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])[\p{L}\p{N}'’-])*/gu;

/**
 * The words of a text: runs of letters and digits (with inner apostrophes and hyphens), and each
 * Chinese or Japanese character on its own. Punctuation and symbols ("—", "|", "»") are no words.
 */
export function wordsOf(text: string): string[];
/** The same words, one at a time when the text is long: a megabyte of text is 200,000 words, too many to list at once. */
export function wordsOf(text: string, options: { lazily: true }): Iterable<string>;
export function wordsOf(text: string, options?: { lazily: true }): string[] | Iterable<string> {
  // A Chinese or Japanese line would otherwise be one "word" per run of characters, never article text.
  const pattern = UNSPACED.test(text) ? UNSPACED_OR_WORD : WORD;
  if (!options?.lazily || text.length <= LONG_TEXT) return text.match(pattern) ?? [];
  return (function* () {
    for (const match of text.matchAll(pattern)) yield match[0];
  })();
}

/** Texts longer than this are read word by word rather than listed: lines and paragraphs are far shorter. */
const LONG_TEXT = 64 * 1024;

/** How many words wordsOf(text) would give; a long text is counted without listing its words. */
export function countWords(text: string): number {
  if (text.length <= LONG_TEXT) return wordsOf(text).length;
  const pattern = new RegExp(UNSPACED.test(text) ? UNSPACED_OR_WORD : WORD);
  let count = 0;
  while (pattern.exec(text) !== null) count++;
  return count;
}

/**
 * Cuts text to at most maxLength characters at a word boundary and marks the cut with "…": never
 * mid-word (unless the first half holds no space, as in Chinese or Japanese, where any character
 * is a boundary), never mid-character, and without a dangling comma or dash before the mark.
 */
export function truncateAtWord(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let cut = text.slice(0, maxLength - 1);
  // Half of a surrogate pair (an emoji, a rare Han character) is no character at all.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxLength * 0.5 ? cut.slice(0, space) : cut).replace(/[\s,;:–—-]+$/, '')}…`;
}
