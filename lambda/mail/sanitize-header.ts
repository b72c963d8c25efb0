/** Longest header value we pass on; subjects past ~120 characters are cut by most clients anyway. */
export const MAX_HEADER_LENGTH = 200;

/**
 * Makes untrusted text (headlines, names) safe for a mail header: no CR/LF (header injection),
 * no control characters, collapsed whitespace, capped at a word boundary.
 */
export function sanitizeHeaderValue(value: string, maxLength = MAX_HEADER_LENGTH): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is what this function is for
  const flat = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (flat.length <= maxLength) return flat;
  const cut = flat.slice(0, maxLength - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxLength / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
