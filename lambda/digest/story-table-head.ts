import { FINGERPRINT_BYTES } from '../text/tokenizer-fingerprint.js';
import { HASH_BITS } from '../topics/features.js';

/**
 * The head both story tables (story-idf.bin, story-meaning.bin) start with, little-endian:
 *   4-byte magic | u16 version | u8 hashBits | tokenizer fingerprint
 * What follows is each table's own. Checking it refuses a table built for other hashing or
 * tokenizing, which would weigh words silently wrong.
 */
export const STORY_TABLE_HEAD_BYTES = 4 + 2 + 1 + FINGERPRINT_BYTES;

export interface StoryTableKind {
  readonly magic: string;
  readonly version: number;
  /** "story IDF", "story meaning": how its errors name the file. */
  readonly name: string;
}

/** A header of `headerBytes` (the head plus the table's own fields, written at STORY_TABLE_HEAD_BYTES onwards) with the head filled in. */
export function storyTableHeader(kind: StoryTableKind, fingerprint: string, headerBytes: number): { readonly header: Uint8Array; readonly view: DataView } {
  const header = new Uint8Array(headerBytes);
  const view = new DataView(header.buffer);
  header.set(new TextEncoder().encode(kind.magic), 0);
  view.setUint16(4, kind.version, true);
  view.setUint8(6, HASH_BITS);
  header.set(Buffer.from(fingerprint, 'hex'), 7);
  return { header, view };
}

/**
 * A view of `bytes` once its head says it is a `kind` table of this version, hashing and
 * tokenizer, and it holds at least `headerBytes`; otherwise the error `fail` makes of what is wrong.
 */
export function checkStoryTableHead(bytes: Uint8Array, kind: StoryTableKind, fingerprint: string, headerBytes: number, fail: (message: string) => Error): DataView {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < headerBytes || new TextDecoder().decode(bytes.subarray(0, 4)) !== kind.magic) throw fail(`not a newsdrop ${kind.name} file`);
  if (view.getUint16(4, true) !== kind.version) throw fail(`version ${view.getUint16(4, true)}, the code reads version ${kind.version}`);
  if (view.getUint8(6) !== HASH_BITS) throw fail(`hashed with ${view.getUint8(6)} bits, the code uses ${HASH_BITS}`);
  const builtUnder = Buffer.from(bytes.subarray(7, 7 + FINGERPRINT_BYTES)).toString('hex');
  if (builtUnder !== fingerprint) throw fail(`built under tokenizer ${builtUnder}, the code tokenizes as ${fingerprint}`);
  return view;
}
