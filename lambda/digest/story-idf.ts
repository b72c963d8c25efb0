import { readFileSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { FINGERPRINT_BYTES } from '../text/tokenizer-fingerprint.js';
import { BUCKETS, HASH_BITS, hashedTermsFingerprint, termFrequencies, weighted, type SparseVector } from '../topics/features.js';
import { dequantiseIdf, quantiseIdf } from '../topics/quantised-idf.js';

/**
 * The IDF table same-story grouping weighs words by, written by `npm run build:story-idf`.
 * Little-endian:
 *   "NDSI" | u16 version | u8 hashBits | 8 bytes tokenizer fingerprint | f32 idfMin | f32 idfMax
 *   raw DEFLATE of BUCKETS × u8 idf (idf = idfMin + u8 × (idfMax − idfMin) / 255)
 * Its own file so the digest function needs neither the topic model (3.5 MB) nor its decoding.
 */
export const STORY_IDF_FILE = 'story-idf.bin';
const MAGIC = 'NDSI';
const VERSION = 1;
const HEADER_BYTES = 4 + 2 + 1 + FINGERPRINT_BYTES + 8;

export class StoryIdfFileError extends Error {
  constructor(message: string) {
    super(`story IDF file: ${message}; rebuild it with npm run build:story-idf`);
    this.name = 'StoryIdfFileError';
  }
}

export function encodeStoryIdf(idf: Float32Array, fingerprint: string = hashedTermsFingerprint()): Uint8Array {
  if (idf.length !== BUCKETS) throw new RangeError(`expected ${BUCKETS} buckets, got ${idf.length}`);
  const quantised = quantiseIdf(idf);
  const header = new Uint8Array(HEADER_BYTES);
  const view = new DataView(header.buffer);
  header.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint16(4, VERSION, true);
  view.setUint8(6, HASH_BITS);
  header.set(Buffer.from(fingerprint, 'hex'), 7);
  view.setFloat32(7 + FINGERPRINT_BYTES, quantised.min, true);
  view.setFloat32(11 + FINGERPRINT_BYTES, quantised.max, true);
  return Buffer.concat([header, deflateRawSync(quantised.levels, { level: 9 })]);
}

/** The table in a story IDF file, refused unless built under `fingerprint` (the code's own by default). */
export function decodeStoryIdf(bytes: Uint8Array, fingerprint: string = hashedTermsFingerprint()): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < HEADER_BYTES || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) throw new StoryIdfFileError('not a newsdrop story IDF file');
  if (view.getUint16(4, true) !== VERSION) throw new StoryIdfFileError(`version ${view.getUint16(4, true)}, the code reads version ${VERSION}`);
  if (view.getUint8(6) !== HASH_BITS) throw new StoryIdfFileError(`hashed with ${view.getUint8(6)} bits, the code uses ${HASH_BITS}`);
  const builtUnder = Buffer.from(bytes.subarray(7, 7 + FINGERPRINT_BYTES)).toString('hex');
  if (builtUnder !== fingerprint) throw new StoryIdfFileError(`built under tokenizer ${builtUnder}, the code tokenizes as ${fingerprint}`);
  let levels: Uint8Array;
  try {
    levels = inflateRawSync(bytes.subarray(HEADER_BYTES));
  } catch (error) {
    throw new StoryIdfFileError(`corrupt table (${(error as Error).message})`);
  }
  if (levels.length !== BUCKETS) throw new StoryIdfFileError(`${levels.length} buckets, the code hashes into ${BUCKETS}`);
  return dequantiseIdf({ min: view.getFloat32(7 + FINGERPRINT_BYTES, true), max: view.getFloat32(11 + FINGERPRINT_BYTES, true), levels });
}

let table: Float32Array | undefined;

/** The committed table, loaded once per process; in the Lambda bundle the file sits beside the code, as it does beside this module. */
export function storyIdf(): Float32Array {
  table ??= decodeStoryIdf(readFileSync(new URL(`./${STORY_IDF_FILE}`, import.meta.url)));
  return table;
}

/** Text → the L2-normalised TF-IDF vector same-story comparison reads. */
export function storyVector(text: string): SparseVector {
  return weighted(termFrequencies(text), storyIdf());
}
