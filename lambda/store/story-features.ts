/**
 * What same-story grouping compares, as plain data the store can keep: computed once at ingest
 * (lambda/digest/story-features.ts) and stored with the article's index entry, so a digest run does
 * no text processing. Defined here, in the store layer, because the store must not import the
 * digest code that computes them.
 */

/** A sparse TF-IDF vector: hashed term buckets and their L2-normalised weights, in the order computed. */
export interface StoredSparseVector {
  readonly indices: Uint32Array;
  readonly values: Float32Array;
}

export interface StoryFeatures {
  /** TF-IDF of headline and body. */
  readonly vector: StoredSparseVector;
  /** TF-IDF of headline and the first two paragraphs. */
  readonly lede: StoredSparseVector;
  /** Lower-cased capitalised names ("condoleezza rice", "rice"): what grouping blocks on. */
  readonly entities: readonly string[];
  /** TF-IDF of the first paragraphs without the headline: a report's lede even when its headline is wrong (a promo line). */
  readonly opening: StoredSparseVector;
  /** Names and numbers weighted by rarity and place (story-facts.ts), in hashed buckets. */
  readonly facts: StoredSparseVector;
  /** The weekdays the lede names, bit 0 Monday (0: none). */
  readonly weekdays: number;
  /** TF-IDF of the headline. */
  readonly headline: StoredSparseVector;
  /** TF-IDF of the first sentence. */
  readonly firstSentence: StoredSparseVector;
  /** TF-IDF of headline and first sentence without their names: what happened. */
  readonly event: StoredSparseVector;
  /** The names of headline and first sentence, hashed, weight 1 each. */
  readonly leadNames: StoredSparseVector;
  /** The shingles of quoted speech, hashed, weight 1 each: who said what (empty on entries written before it existed). */
  readonly quotes: StoredSparseVector;
  /**
   * What happened, by meaning: the TF-IDF-weighted mean of the event's words' vectors
   * (story-meaning.bin: "blast" near "explosion"), dense, in sparse form (bucket i is dimension i).
   * Empty on entries written before it existed.
   */
  readonly eventMeaning: StoredSparseVector;
}

/**
 * Binary form of a vector, exact (the decoded arrays equal the encoded ones bit for bit, so the
 * digest decides as if it had computed them itself). Little-endian:
 *   u8 version | u32 n | n × u24 bucket | n × f32 weight
 * Buckets are hashed into 2^19, so three bytes hold them; 7 bytes a term.
 */
const VERSION = 1;
const HEADER_BYTES = 5;
const MAX_BUCKET = 1 << 24;

export class StoryFeaturesFormatError extends Error {
  constructor(message: string) {
    super(`stored story features: ${message}`);
    this.name = 'StoryFeaturesFormatError';
  }
}

export function encodeSparseVector(vector: StoredSparseVector): Uint8Array {
  const n = vector.indices.length;
  if (vector.values.length !== n) throw new RangeError(`${n} buckets but ${vector.values.length} weights`);
  const bytes = new Uint8Array(HEADER_BYTES + n * 7);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, VERSION);
  view.setUint32(1, n, true);
  for (let i = 0; i < n; i++) {
    const bucket = vector.indices[i]!;
    if (bucket >= MAX_BUCKET) throw new RangeError(`bucket ${bucket} does not fit in 24 bits`);
    const at = HEADER_BYTES + i * 3;
    bytes[at] = bucket & 0xff;
    bytes[at + 1] = (bucket >>> 8) & 0xff;
    bytes[at + 2] = bucket >>> 16;
    view.setFloat32(HEADER_BYTES + n * 3 + i * 4, vector.values[i]!, true);
  }
  return bytes;
}

export function decodeSparseVector(bytes: Uint8Array): StoredSparseVector {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < HEADER_BYTES || view.getUint8(0) !== VERSION) throw new StoryFeaturesFormatError('unknown vector format');
  const n = view.getUint32(1, true);
  if (bytes.byteLength !== HEADER_BYTES + n * 7) throw new StoryFeaturesFormatError(`${bytes.byteLength} bytes for ${n} terms`);
  const indices = new Uint32Array(n);
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const at = HEADER_BYTES + i * 3;
    indices[i] = bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16);
    values[i] = view.getFloat32(HEADER_BYTES + n * 3 + i * 4, true);
  }
  return { indices, values };
}
