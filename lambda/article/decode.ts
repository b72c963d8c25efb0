import { isUtf8 } from 'node:buffer';
import { ArticleTooLargeError, EmptyArticleError, UnsupportedContentError } from './article-error.js';
import { contentTypeCharset, documentCharset } from './charset-declaration.js';
import { decodeInvalidUtf8 } from './invalid-utf8.js';
import { decodeLegacy } from './legacy-charset.js';
import { utf16ByteOrderOf } from './utf16-without-bom.js';

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

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}

/** A character controlCharacterRatio counts. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what it is for
const CONTROL_CHARACTER = /[\x00-\x08\x0b\x0e-\x1f\ufffd]/;

/** Share of characters that are control characters other than tab, CR, LF, FF. */
function controlCharacterRatio(text: string): number {
  const sample = text.slice(0, 65536);
  // Nearly every file has none: one pattern scan says so faster than the count below.
  if (sample.length === 0 || !CONTROL_CHARACTER.test(sample)) return 0;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13 && code !== 12) || code === 0xfffd) control++;
  }
  return control / sample.length;
}

/** Has a byte ≥ 0x80: UTF-8 that is not just ASCII, which no legacy text is by accident. */
function hasNonAscii(bytes: Uint8Array): boolean {
  return bytes.some((byte) => byte >= 0x80);
}

const isUtf16 = (encoding: string | null) => encoding === 'utf-16le' || encoding === 'utf-16be';

/**
 * Bytes → text, the charset taken from the first that gives one: a byte-order mark; the object's
 * Content-Type; a `<meta charset>`, `<meta http-equiv="Content-Type">` or XML declaration in the
 * file's first 4 KB; valid UTF-8; chardet. Facts of the bytes overrule a declaration, since an
 * editor re-saving a file keeps its old `<meta>`: UTF-16's pattern of NULs means UTF-16, and valid
 * UTF-8 with non-ASCII characters means UTF-8 (as an ASCII-compatible file without NULs is not
 * UTF-16). NUL bytes in any other pattern are refused: the file is binary.
 */
function decodeText(bytes: Uint8Array, contentType: string | null | undefined): string {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes.subarray(2));

  const declared = contentTypeCharset(contentType) ?? documentCharset(bytes);
  const hasNul = bytes.includes(0);
  const utf16 = hasNul || isUtf16(declared) ? utf16ByteOrderOf(bytes) : null;
  if (utf16) return new TextDecoder(utf16).decode(bytes);
  // With NULs the bytes can pass as UTF-8 (UTF-16 Cyrillic is all below 0x80), so only NUL-free valid UTF-8 counts.
  const utf8 = !hasNul && isUtf8(bytes);
  if (isUtf16(declared) && !utf8) return new TextDecoder(declared!).decode(bytes);
  if (hasNul) throw new UnsupportedContentError('the file contains NUL bytes: it is binary or in an unknown encoding');
  if (declared && declared !== 'utf-8' && !isUtf16(declared) && !(utf8 && hasNonAscii(bytes))) return decodeLegacy(bytes, declared);
  return utf8 ? new TextDecoder('utf-8').decode(bytes) : decodeInvalidUtf8(bytes);
}

/** Bytes → normalised text (see decodeText for the charset), refusing what is not a text article. */
export function decodeArticleBytes(bytes: Uint8Array, maxBytes = DEFAULT_MAX_ARTICLE_BYTES, contentType?: string | null): string {
  if (bytes.byteLength > maxBytes) throw new ArticleTooLargeError(bytes.byteLength, maxBytes);
  if (bytes.byteLength === 0) throw new EmptyArticleError('the file is empty (0 bytes)');
  for (const [kind, signature] of BINARY_SIGNATURES) {
    if (startsWith(bytes, signature)) throw new UnsupportedContentError(`the file is a ${kind}, not a text, HTML or Markdown article`);
  }

  let text = decodeText(bytes, contentType);
  if (controlCharacterRatio(text) > 0.05) {
    throw new UnsupportedContentError('the file is mostly control characters: it is binary or in an unknown encoding');
  }
  // Each replacement only where its characters occur: a scan is cheaper than a replace that finds nothing.
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  if (/[\u200b-\u200d\u2060\ufeff]/.test(text)) text = text.replace(/[\u200b-\u200d\u2060\ufeff]/g, '');
  if (text.includes('\u00a0')) text = text.replace(/\u00a0/g, ' ');
  if (text.trim().length === 0) throw new EmptyArticleError();
  return text;
}
