/**
 * An article's link as newsdrop passes it on: absolute http(s) only. Object metadata and front
 * matter are free text, so javascript:, data: and relative values are dropped, not stored.
 */
export function httpUrlOrNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  try {
    const { protocol } = new URL(trimmed);
    return protocol === 'http:' || protocol === 'https:' ? trimmed : null;
  } catch {
    return null;
  }
}
