/** FNV-1a 32-bit offset basis: the hash of the empty string. */
export const FNV1A_OFFSET = 0x811c9dc5;

/**
 * FNV-1a 32-bit over UTF-16 code units, continuing from `hash`: streaming, so a caller can extend
 * one word's hash into a phrase's without building the phrase string.
 */
export function fnv1aContinue(hash: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash;
}

/** FNV-1a 32-bit over UTF-16 code units: fast, deterministic, no dependencies. */
export function fnv1a(text: string): number {
  return fnv1aContinue(FNV1A_OFFSET, text) >>> 0;
}
