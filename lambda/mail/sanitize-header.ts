import { truncateAtWord } from '../text/words.js';

/** Longest header value we pass on; subjects past ~120 characters are cut by most clients anyway. */
const MAX_HEADER_LENGTH = 200;

/**
 * Makes untrusted text (headlines, names) safe for a mail header: no CR/LF (header injection),
 * no control characters, collapsed whitespace, capped at a word boundary.
 */
export function sanitizeHeaderValue(value: string, maxLength = MAX_HEADER_LENGTH): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is what this function is for
  const flat = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return truncateAtWord(flat, maxLength);
}
