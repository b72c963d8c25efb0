import { decodeLegacy, detectLegacyCharset, DETECTOR_SAMPLE_BYTES } from './legacy-charset.js';

/** Less text than this (bytes of the legacy stretches and their words) cannot name a charset: chardet answers anything. */
const MIN_DETECTOR_BYTES = 16;
/** chardet's confidence (0–100) needed to read stretches inside a UTF-8 file as another charset. */
const MIN_STRETCH_CONFIDENCE = 20;
/** Below this a file with no UTF-8 at all is read as Windows-1252, the Western default browsers use. */
const MIN_FILE_CONFIDENCE = 10;

const NEWLINE = 0x0a;
const TAG_OPEN = 0x3c;
const TAG_CLOSE = 0x3e;

/**
 * Calls `visit` for each segment of the file: a line, or the text between two tags. Text pasted
 * from another source arrives as whole segments (a paragraph, a line), so a segment is read in
 * one charset.
 */
function forEachSegment(bytes: Uint8Array, visit: (start: number, end: number) => void): void {
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte === NEWLINE || byte === TAG_OPEN || byte === TAG_CLOSE) {
      if (i > start) visit(start, i);
      start = i + 1;
    }
  }
  if (bytes.length > start) visit(start, bytes.length);
}

/**
 * The length of the well-formed UTF-8 character at `i` that ends by `end`, or 0 (the byte ranges of
 * Unicode's Table 3-7: no overlong forms, surrogates or code points above U+10FFFF). Checked here
 * rather than with Buffer's isUtf8 per run: that costs a view and a native call for each of up to
 * 2.6 million runs in a 5 MiB file.
 */
function utf8CharacterLength(bytes: Uint8Array, i: number, end: number): number {
  const lead = bytes[i]!;
  let length: number;
  let min = 0x80;
  let max = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) min = 0xa0;
    else if (lead === 0xed) max = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) min = 0x90;
    else if (lead === 0xf4) max = 0x8f;
  } else return 0;
  if (i + length > end) return 0;
  const second = bytes[i + 1]!;
  if (second < min || second > max) return 0;
  for (let k = 2; k < length; k++) {
    const continuation = bytes[i + k]!;
    if (continuation < 0x80 || continuation > 0xbf) return 0;
  }
  return length;
}

function isWellFormedUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; ) {
    const length = utf8CharacterLength(bytes, i, end);
    if (length === 0) return false;
    i += length;
  }
  return true;
}

/**
 * Calls `visit` for each run of non-ASCII bytes in [from, to): a word or a few, in whatever charset,
 * with whether the run is well-formed UTF-8 (no UTF-8 character contains an ASCII byte).
 */
function forEachNonAsciiRun(bytes: Uint8Array, from: number, to: number, visit: (start: number, end: number, wellFormed: boolean) => void): void {
  let i = from;
  while (i < to) {
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }
    const start = i;
    while (i < to && bytes[i]! >= 0x80) i++;
    visit(start, i, isWellFormedUtf8(bytes, start, i));
  }
}

/** A segment's charset: no non-ASCII bytes (either reads it), UTF-8, or legacy. */
const ASCII = 0;
const UTF8 = 1;
const LEGACY = 2;

/**
 * A segment is UTF-8 when more of its non-ASCII runs are well-formed than not. A Windows-1251 or
 * KOI8-R paragraph has a stray well-formed pair now and then ("М»" is CC BB, U+033B, in
 * Windows-1251; "её" is C5 A3, U+0163, in KOI8-R) among dozens of malformed words; a UTF-8
 * paragraph with a damaged byte is the other way round.
 */
function classOf(bytes: Uint8Array, start: number, end: number): number {
  let runs = 0;
  let balance = 0;
  forEachNonAsciiRun(bytes, start, end, (_from, _to, wellFormed) => {
    runs++;
    balance += wellFormed ? 1 : -1;
  });
  return runs === 0 ? ASCII : balance > 0 ? UTF8 : LEGACY;
}

/** The class of each segment, in file order. */
function classifySegments(bytes: Uint8Array): Uint8Array {
  const classes: number[] = [];
  forEachSegment(bytes, (start, end) => {
    classes.push(classOf(bytes, start, end));
  });
  return Uint8Array.from(classes);
}

/**
 * Calls `visit` for each stretch to be read in the legacy charset: each legacy segment whole
 * (`whole`), and each malformed run of a UTF-8 segment.
 */
function forEachLegacyStretch(bytes: Uint8Array, classes: Uint8Array, visit: (start: number, end: number, whole: boolean) => void): void {
  let segment = 0;
  forEachSegment(bytes, (start, end) => {
    const kind = classes[segment++];
    if (kind === LEGACY) visit(start, end, true);
    else if (kind === UTF8) {
      forEachNonAsciiRun(bytes, start, end, (from, to, wellFormed) => {
        if (!wellFormed) visit(from, to, false);
      });
    }
  });
}

const isAsciiLetter = (byte: number) => (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);

interface Survey {
  readonly classes: Uint8Array;
  readonly legacyBytes: number;
  /**
   * The legacy stretches as the detector should see them, newline-separated, up to its sample
   * size: a legacy segment whole, a malformed run with the ASCII letters of its word ("caf\xe9"
   * is French in Windows-1252; "\xe9" alone is a letter of any charset). No markup: segments end at tags.
   */
  readonly legacySample: Uint8Array;
}

function survey(bytes: Uint8Array): Survey {
  const classes = classifySegments(bytes);
  let legacyBytes = 0;
  const sample = new Uint8Array(DETECTOR_SAMPLE_BYTES);
  let sampled = 0;
  forEachLegacyStretch(bytes, classes, (start, end, whole) => {
    legacyBytes += end - start;
    let from = start;
    let to = end;
    if (!whole) {
      while (from > 0 && isAsciiLetter(bytes[from - 1]!)) from--;
      while (to < bytes.length && isAsciiLetter(bytes[to]!)) to++;
    }
    const length = Math.min(to - from, sample.length - sampled - 1);
    if (length <= 0) return;
    sample.set(bytes.subarray(from, from + length), sampled);
    sample[sampled + length] = 0x0a;
    sampled += length + 1;
  });
  return { classes, legacyBytes, legacySample: sample.subarray(0, sampled) };
}

/** UTF-8 of the characters of the bytes 0x80–0xFF, up to 3 bytes each: in a single-byte charset, or U+FFFD for all. */
interface Utf8Table {
  readonly bytes: Uint8Array;
  readonly lengths: Uint8Array;
}

function utf8Table(encoding: string | null): Utf8Table {
  const table = { bytes: new Uint8Array(128 * 3), lengths: new Uint8Array(128) };
  const encoder = new TextEncoder();
  for (let byte = 0x80; byte <= 0xff; byte++) {
    const { written } = encoder.encodeInto(encoding ? decodeLegacy(Uint8Array.of(byte), encoding) : '\ufffd', table.bytes.subarray((byte - 0x80) * 3, (byte - 0x7f) * 3));
    table.lengths[byte - 0x80] = written;
  }
  return table;
}

/**
 * The file with the non-ASCII bytes of its legacy stretches rewritten, byte by byte, as the UTF-8
 * of that byte's character in `legacy` (a single-byte charset), or as U+FFFD; then decoded once.
 * Linear in the file, whatever the number of runs.
 */
function repairUtf8(bytes: Uint8Array, { classes, legacyBytes }: Survey, legacy: string | null): string {
  const table = utf8Table(legacy);
  const out = new Uint8Array(bytes.byteLength + 2 * legacyBytes);
  let written = 0;
  let copied = 0;
  forEachLegacyStretch(bytes, classes, (start, end) => {
    out.set(bytes.subarray(copied, start), written);
    written += start - copied;
    for (let i = start; i < end; i++) {
      const byte = bytes[i]!;
      if (byte < 0x80) {
        out[written++] = byte;
        continue;
      }
      const at = (byte - 0x80) * 3;
      const length = table.lengths[byte - 0x80]!;
      for (let k = 0; k < length; k++) out[written++] = table.bytes[at + k]!;
    }
    copied = end;
  });
  out.set(bytes.subarray(copied), written);
  written += bytes.byteLength - copied;
  return new TextDecoder('utf-8').decode(out.subarray(0, written));
}

/**
 * Bytes that are not valid UTF-8 → text. When no line or paragraph of it reads as UTF-8, the file
 * is in a legacy charset, which chardet names (Windows-1252 when it cannot). Otherwise it is UTF-8
 * with stretches from elsewhere, e.g. a paragraph pasted from a Windows-1251 page: the UTF-8 part
 * is kept and the stretches are read in the single-byte charset chardet names for them, or marked
 * U+FFFD when they are too few bytes or too unlike any charset to tell (damage, not text).
 */
export function decodeInvalidUtf8(bytes: Uint8Array): string {
  const surveyed = survey(bytes);
  const { legacySample } = surveyed;
  const enough = legacySample.byteLength >= MIN_DETECTOR_BYTES;
  if (!surveyed.classes.includes(UTF8)) {
    const detected = enough ? detectLegacyCharset(legacySample, { singleByteOnly: false, minConfidence: MIN_FILE_CONFIDENCE }) : null;
    return decodeLegacy(bytes, detected ?? 'windows-1252');
  }
  const legacy = enough ? detectLegacyCharset(legacySample, { singleByteOnly: true, minConfidence: MIN_STRETCH_CONFIDENCE }) : null;
  return repairUtf8(bytes, surveyed, legacy);
}
