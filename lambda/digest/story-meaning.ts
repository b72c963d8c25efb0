import { readFileSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { BUCKETS, hashedTermsFingerprint, type SparseVector } from '../topics/features.js';
import { checkStoryTableHead, STORY_TABLE_HEAD_BYTES, storyTableHeader, type StoryTableKind } from './story-table-head.js';

/**
 * Word vectors same-story grouping reads meaning by ("blast" near "explosion", "killed" near
 * "died"), learnt without labels from news text by `npm run build:story-meaning` (PPMI
 * co-occurrence and a truncated SVD), keyed by the word's hashed bucket so no vocabulary ships.
 * Little-endian:
 *   "NDSM" | u16 version | u8 hashBits | 8 bytes tokenizer fingerprint | u16 dims | u32 rows
 *   raw DEFLATE of rows × u24 bucket (ascending) | rows × dims × i8 (unit vectors × 127)
 */
export const STORY_MEANING_FILE = 'story-meaning.bin';
const KIND: StoryTableKind = { magic: 'NDSM', version: 1, name: 'story meaning' };
const HEADER_BYTES = STORY_TABLE_HEAD_BYTES + 2 + 4;

export class StoryMeaningFileError extends Error {
  constructor(message: string) {
    super(`story meaning file: ${message}; rebuild it with npm run build:story-meaning`);
    this.name = 'StoryMeaningFileError';
  }
}

export interface WordVectors {
  readonly dims: number;
  /** Ascending hashed buckets, one per word. */
  readonly buckets: Uint32Array;
  /** rows × dims, each row a unit vector scaled by 127 and rounded. */
  readonly vectors: Int8Array;
}

export function encodeStoryMeaning(table: WordVectors, fingerprint: string = hashedTermsFingerprint()): Uint8Array {
  const rows = table.buckets.length;
  if (table.vectors.length !== rows * table.dims) throw new RangeError(`${rows} buckets but ${table.vectors.length} weights for ${table.dims} dimensions`);
  for (let i = 1; i < rows; i++) if (table.buckets[i]! <= table.buckets[i - 1]!) throw new RangeError('buckets must ascend');
  const { header, view } = storyTableHeader(KIND, fingerprint, HEADER_BYTES);
  view.setUint16(STORY_TABLE_HEAD_BYTES, table.dims, true);
  view.setUint32(STORY_TABLE_HEAD_BYTES + 2, rows, true);
  const body = new Uint8Array(rows * 3 + rows * table.dims);
  for (let i = 0; i < rows; i++) {
    const bucket = table.buckets[i]!;
    body[i * 3] = bucket & 0xff;
    body[i * 3 + 1] = (bucket >>> 8) & 0xff;
    body[i * 3 + 2] = bucket >>> 16;
  }
  body.set(new Uint8Array(table.vectors.buffer, table.vectors.byteOffset, table.vectors.byteLength), rows * 3);
  return Buffer.concat([header, deflateRawSync(body, { level: 9 })]);
}

export function decodeStoryMeaning(bytes: Uint8Array, fingerprint: string = hashedTermsFingerprint()): WordVectors {
  const view = checkStoryTableHead(bytes, KIND, fingerprint, HEADER_BYTES, (message) => new StoryMeaningFileError(message));
  const dims = view.getUint16(STORY_TABLE_HEAD_BYTES, true);
  const rows = view.getUint32(STORY_TABLE_HEAD_BYTES + 2, true);
  if (dims === 0 || rows > BUCKETS) throw new StoryMeaningFileError(`${rows} rows of ${dims} dimensions`);
  let body: Uint8Array;
  try {
    body = inflateRawSync(bytes.subarray(HEADER_BYTES), { maxOutputLength: rows * (3 + dims) + 1 });
  } catch (error) {
    throw new StoryMeaningFileError(`corrupt table (${(error as Error).message})`);
  }
  if (body.length !== rows * (3 + dims)) throw new StoryMeaningFileError(`${body.length} bytes for ${rows} rows of ${dims} dimensions`);
  const buckets = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) {
    buckets[i] = body[i * 3]! | (body[i * 3 + 1]! << 8) | (body[i * 3 + 2]! << 16);
    if (buckets[i]! >= BUCKETS || (i > 0 && buckets[i]! <= buckets[i - 1]!)) throw new StoryMeaningFileError(`bucket ${buckets[i]} out of order or range`);
  }
  return { dims, buckets, vectors: new Int8Array(body.buffer.slice(body.byteOffset + rows * 3, body.byteOffset + body.length)) };
}

interface LoadedMeaning {
  readonly table: WordVectors;
  /** Bucket → row, −1 for words without a vector (rare words, word pairs). */
  readonly rowOf: Int32Array;
}

let loaded: LoadedMeaning | undefined;

function indexed(table: WordVectors): LoadedMeaning {
  const rowOf = new Int32Array(BUCKETS).fill(-1);
  table.buckets.forEach((bucket, row) => {
    rowOf[bucket] = row;
  });
  return { table, rowOf };
}

/** The committed table, loaded once per process; in the Lambda bundle the file sits beside the code. */
function storyMeaning(): LoadedMeaning {
  loaded ??= indexed(decodeStoryMeaning(readFileSync(new URL(`./${STORY_MEANING_FILE}`, import.meta.url))));
  return loaded;
}

/**
 * The meaning of a text as the mean of its words' vectors weighted by `weights` (a TF-IDF vector,
 * so rare words count most), L2-normalised, as a dense vector in sparse form (bucket i is
 * dimension i) so the store keeps it like the others. Empty when no word has a vector.
 */
export function meaningVector(weights: SparseVector, table: LoadedMeaning = storyMeaning()): SparseVector {
  const { dims, vectors } = table.table;
  const sum = new Float64Array(dims);
  let hits = 0;
  for (let i = 0; i < weights.indices.length; i++) {
    const row = table.rowOf[weights.indices[i]!]!;
    if (row < 0) continue;
    hits++;
    const weight = weights.values[i]!;
    for (let d = 0; d < dims; d++) sum[d]! += weight * vectors[row * dims + d]!;
  }
  if (hits === 0) return { indices: new Uint32Array(0), values: new Float32Array(0) };
  const norm = Math.sqrt(sum.reduce((total, value) => total + value * value, 0)) || 1;
  return { indices: Uint32Array.from({ length: dims }, (_, d) => d), values: Float32Array.from(sum, (value) => value / norm) };
}

/** For tests: a table of one's own instead of the committed file. */
export function meaningTable(table: WordVectors): LoadedMeaning {
  return indexed(table);
}
