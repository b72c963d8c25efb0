import { analyse } from 'chardet';
import { encodingOfLabel } from './charset-declaration.js';

/** The detector reads at most this much, thousands of words: its time grows with the input (5 MiB took 3.5 s). */
export const DETECTOR_SAMPLE_BYTES = 32 * 1024;

/** One byte, one character, ASCII unchanged: what a stretch inside a UTF-8 file can be decoded with. */
const SINGLE_BYTE = /^(?:ibm866|iso-8859-\d+(?:-i)?|koi8-[ru]|macintosh|windows-\d+|x-mac-cyrillic)$/;

function isSingleByte(encoding: string): boolean {
  return SINGLE_BYTE.test(encoding);
}

/**
 * The legacy charset chardet (ICU's detector: byte n-gram statistics per charset and language)
 * finds likeliest for `sample`, at `minConfidence` (0–100) or above; null when none. Unicode
 * answers are skipped: the caller has already found the bytes are not UTF-8 or UTF-16.
 */
export function detectLegacyCharset(sample: Uint8Array, options: { readonly singleByteOnly: boolean; readonly minConfidence: number }): string | null {
  for (const match of analyse(sample.subarray(0, DETECTOR_SAMPLE_BYTES))) {
    if (match.confidence < options.minConfidence) break;
    const encoding = encodingOfLabel(match.name);
    if (!encoding || encoding.startsWith('utf-') || (options.singleByteOnly && !isSingleByte(encoding))) continue;
    return encoding;
  }
  return null;
}

/** Windows-1252's characters at 0x80–0x9F (five are unassigned and stay C1 controls, as the WHATWG table has them). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Windows-1252 by table. Node 20.18.3+/22.13+ decode windows-1252 (and latin1, ascii, iso-8859-1,
 * which mean it) as ISO-8859-1, making 0x80–0x9F C1 controls: nodejs/node#60888. Every character
 * is in the BMP, so the bytes map to UTF-16 code units decoded in one call.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  const units = new Uint16Array(bytes.byteLength);
  for (let i = 0; i < bytes.byteLength; i++) {
    const byte = bytes[i]!;
    units[i] = byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH.charCodeAt(byte - 0x80) : byte;
  }
  return new TextDecoder('utf-16le').decode(units);
}

/** Bytes in a legacy charset → text. */
export function decodeLegacy(bytes: Uint8Array, encoding: string): string {
  return encoding === 'windows-1252' ? decodeWindows1252(bytes) : new TextDecoder(encoding).decode(bytes);
}
