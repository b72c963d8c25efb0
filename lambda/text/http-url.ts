/**
 * A link as newsdrop stores and mails it: absolute http(s) only, in the WHATWG-normalised form
 * (host lower-cased, spaces percent-encoded). Object metadata, front matter and <meta> tags are
 * free text, so javascript:, data: and relative values are dropped, never stored or linked.
 */
export function httpUrlOrNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  try {
    const url = new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
