import { readFileSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { BUCKETS, hashedTermsFingerprint, termFrequencies, weighted, type SparseVector } from '../topics/features.js';
import { dequantiseIdf, quantiseIdf } from '../topics/quantised-idf.js';
import { checkStoryTableHead, STORY_TABLE_HEAD_BYTES, storyTableHeader, type StoryTableKind } from './story-table-head.js';

/**
 * The IDF table same-story grouping weighs words by, written by `npm run build:story-idf`.
 * Little-endian:
 *   "NDSI" | u16 version | u8 hashBits | 8 bytes tokenizer fingerprint | f32 idfMin | f32 idfMax
 *   raw DEFLATE of BUCKETS × u8 idf (idf = idfMin + u8 × (idfMax − idfMin) / 255)
 * Its own file so the digest function needs neither the topic model (3.5 MB) nor its decoding.
 */
export const STORY_IDF_FILE = 'story-idf.bin';
const KIND: StoryTableKind = { magic: 'NDSI', version: 1, name: 'story IDF' };
const HEADER_BYTES = STORY_TABLE_HEAD_BYTES + 8;

export class StoryIdfFileError extends Error {
  constructor(message: string) {
    super(`story IDF file: ${message}; rebuild it with npm run build:story-idf`);
    this.name = 'StoryIdfFileError';
  }
}

export function encodeStoryIdf(idf: Float32Array, fingerprint: string = hashedTermsFingerprint()): Uint8Array {
  if (idf.length !== BUCKETS) throw new RangeError(`expected ${BUCKETS} buckets, got ${idf.length}`);
  const quantised = quantiseIdf(idf);
  const { header, view } = storyTableHeader(KIND, fingerprint, HEADER_BYTES);
  view.setFloat32(STORY_TABLE_HEAD_BYTES, quantised.min, true);
  view.setFloat32(STORY_TABLE_HEAD_BYTES + 4, quantised.max, true);
  return Buffer.concat([header, deflateRawSync(quantised.levels, { level: 9 })]);
}

/** The table in a story IDF file, refused unless built under `fingerprint` (the code's own by default). */
export function decodeStoryIdf(bytes: Uint8Array, fingerprint: string = hashedTermsFingerprint()): Float32Array {
  const view = checkStoryTableHead(bytes, KIND, fingerprint, HEADER_BYTES, (message) => new StoryIdfFileError(message));
  let levels: Uint8Array;
  try {
    levels = inflateRawSync(bytes.subarray(HEADER_BYTES));
  } catch (error) {
    throw new StoryIdfFileError(`corrupt table (${(error as Error).message})`);
  }
  if (levels.length !== BUCKETS) throw new StoryIdfFileError(`${levels.length} buckets, the code hashes into ${BUCKETS}`);
  return dequantiseIdf({ min: view.getFloat32(STORY_TABLE_HEAD_BYTES, true), max: view.getFloat32(STORY_TABLE_HEAD_BYTES + 4, true), levels });
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
