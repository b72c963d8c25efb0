import { ArticleTooLargeError, EmptyArticleError, UnsupportedContentError } from './article-error.js';

export const DEFAULT_MAX_ARTICLE_BYTES = 5 * 1024 * 1024;

/** Magic numbers of formats editors drop by mistake: images, archives, PDFs, office files. */
const BINARY_SIGNATURES: readonly [string, readonly number[]][] = [
  ['PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['JPEG image', [0xff, 0xd8, 0xff]],
  ['GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['PDF document', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['gzip archive', [0x1f, 0x8b]],
  ['ZIP archive or office document', [0x50, 0x4b, 0x03, 0x04]],
  ['WebP/RIFF file', [0x52, 0x49, 0x46, 0x46]],
  ['bzip2 archive', [0x42, 0x5a, 0x68]],
  ['7-Zip archive', [0x37, 0x7a, 0xbc, 0xaf]],
];

/** Windows-1252's printable characters in 0x80–0x9F (Node's decoder treats that range as Latin-1 C1 controls). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
  return text;
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}

/** UTF-16 without BOM: ASCII text has a NUL in every other byte. */
function guessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const sample = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (sample < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < sample; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = sample / 2;
  if (oddNul > pairs * 0.4 && evenNul < pairs * 0.05) return 'utf-16le';
  if (evenNul > pairs * 0.4 && oddNul < pairs * 0.05) return 'utf-16be';
  return null;
}

/** Share of characters that are control characters other than tab, CR, LF, FF. */
function controlCharacterRatio(text: string): number {
  const sample = text.slice(0, 65536);
  if (sample.length === 0) return 0;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13 && code !== 12) || code === 0xfffd) control++;
  }
  return control / sample.length;
}

/**
 * Bytes that are not valid UTF-8: a UTF-8 file with a few damaged bytes keeps its accents (the
 * damage becomes U+FFFD) when its valid multi-byte characters outnumber the damaged spots;
 * otherwise it is a legacy Western page in Windows-1252 (a superset of Latin-1's printable range).
 */
function decodeInvalidUtf8(bytes: Uint8Array): string {
  const lenient = new TextDecoder('utf-8').decode(bytes);
  let damaged = 0;
  let multiByte = 0;
  for (const character of lenient) {
    if (character === '\ufffd') damaged++;
    else if (character.codePointAt(0)! > 0x7f) multiByte++;
  }
  return multiByte > damaged ? lenient : decodeWindows1252(bytes);
}

/**
 * Bytes → text: UTF-8 (BOM stripped), UTF-16 by BOM or NUL pattern, Windows-1252 when the
 * bytes are not valid UTF-8 nor damaged UTF-8. Binary input, NUL bytes and oversize files are
 * refused clearly.
 */
export function decodeArticleBytes(bytes: Uint8Array, maxBytes = DEFAULT_MAX_ARTICLE_BYTES): string {
  if (bytes.byteLength > maxBytes) throw new ArticleTooLargeError(bytes.byteLength, maxBytes);
  if (bytes.byteLength === 0) throw new EmptyArticleError('the file is empty (0 bytes)');
  for (const [kind, signature] of BINARY_SIGNATURES) {
    if (startsWith(bytes, signature)) throw new UnsupportedContentError(`the file is a ${kind}, not a text, HTML or Markdown article`);
  }

  let text: string;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) text = new TextDecoder('utf-8').decode(bytes.subarray(3));
  else if (startsWith(bytes, [0xff, 0xfe])) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (startsWith(bytes, [0xfe, 0xff])) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else {
    const utf16 = guessUtf16(bytes);
    if (utf16) text = new TextDecoder(utf16).decode(bytes);
    else if (bytes.includes(0)) throw new UnsupportedContentError('the file contains NUL bytes: it is binary or in an unknown encoding');
    else {
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        text = decodeInvalidUtf8(bytes);
      }
    }
  }
  if (controlCharacterRatio(text) > 0.05) {
    throw new UnsupportedContentError('the file is mostly control characters: it is binary or in an unknown encoding');
  }
  text = text.replace(/\r\n?/g, '\n').replace(/\u200b|\u200c|\u200d|\u2060|\ufeff/g, '').replace(/\u00a0/g, ' ');
  if (text.trim().length === 0) throw new EmptyArticleError();
  return text;
}
