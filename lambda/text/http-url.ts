/**
 * A link as newsdrop stores and mails it: absolute http(s) only, in the WHATWG-normalised form
 * (host lower-cased, spaces percent-encoded). Object metadata, front matter and <meta> tags are
 * free text, so javascript:, data:, relative and over-long values are dropped, never stored or linked.
 */
/** Longer than browsers, servers and CDNs accept in practice; a longer value is no link. */
const MAX_URL_CHARS = 2048;

export function httpUrlOrNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  if (!trimmed || trimmed.length > MAX_URL_CHARS) return null;
  try {
    const url = new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
