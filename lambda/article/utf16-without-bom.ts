/** Enough code units to see the pattern; the rest of the file is not read here. */
const SAMPLE_BYTES = 8192;
/** Share of code units whose high byte is one of its three commonest values in real UTF-16 text. */
const HIGH_BYTE_CONCENTRATION = 0.9;

/** Share of the `counts` covered by its three largest. */
function topThreeShare(counts: Uint32Array, total: number): number {
  const sorted = [...counts].sort((a, b) => b - a);
  return (sorted[0]! + sorted[1]! + sorted[2]!) / total;
}

/**
 * The byte order of UTF-16 text that has no byte-order mark, or null. The high byte of a code
 * unit names its Unicode block (0x00 Latin and ASCII punctuation, 0x04 Cyrillic, 0x20 quotes and
 * dashes), so text in one or two scripts uses a handful of values there while the low byte varies
 * like the letters do. Spaces and ASCII punctuation put NULs in the high byte; text in an
 * ASCII-compatible charset has none. No charset detector on npm recognises BOM-less UTF-16
 * beyond mostly-ASCII text (chardet and jschardet need the mark), hence this check.
 */
export function utf16ByteOrderOf(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const length = Math.min(bytes.byteLength, SAMPLE_BYTES) & ~1;
  const units = length / 2;
  if (units < 8) return null;
  const even = new Uint32Array(256);
  const odd = new Uint32Array(256);
  for (let i = 0; i < length; i += 2) {
    even[bytes[i]!]!++;
    odd[bytes[i + 1]!]!++;
  }
  const looksHigh = (counts: Uint32Array) => counts[0]! > 0 && topThreeShare(counts, units) >= HIGH_BYTE_CONCENTRATION;
  const order = looksHigh(odd) && !looksHigh(even) ? 'utf-16le' : looksHigh(even) && !looksHigh(odd) ? 'utf-16be' : null;
  if (!order) return null;
  try {
    // Unpaired surrogates: binary data with a regular byte. Streaming: a pair cut by the sample's end is no error.
    new TextDecoder(order, { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
  } catch {
    return null;
  }
  return order;
}
