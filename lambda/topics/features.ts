import { FNV1A_OFFSET, fnv1aContinue } from '../text/fnv1a.js';
import { tokenizerFingerprint } from '../text/tokenizer-fingerprint.js';
import { wordTokens } from '../text/word-tokens.js';

/** Hashed bag of words + bigrams: a fixed-size feature space, no vocabulary to ship. */
export const HASH_BITS = 19;
export const BUCKETS = 1 << HASH_BITS;

export interface SparseVector {
  readonly indices: Uint32Array;
  readonly values: Float32Array;
}

/** log(1 + tf) of hashed unigrams and bigrams, not yet weighted or normalised. */
export function termFrequencies(text: string): SparseVector {
  const tokens = wordTokens(text);
  const counts = new Map<number, number>();
  const add = (hash: number) => {
    const bucket = (hash >>> 0) & (BUCKETS - 1);
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  };
  for (let i = 0; i < tokens.length; i++) {
    const word = fnv1aContinue(FNV1A_OFFSET, tokens[i]!);
    add(word);
    // Same hash as fnv1a(`${a} ${b}`), without building the string.
    if (i + 1 < tokens.length) add(fnv1aContinue(fnv1aContinue(word, ' '), tokens[i + 1]!));
  }
  const indices = new Uint32Array(counts.size);
  const values = new Float32Array(counts.size);
  let k = 0;
  for (const [bucket, count] of counts) {
    indices[k] = bucket;
    values[k] = Math.log1p(count);
    k++;
  }
  return { indices, values };
}

/**
 * TF-IDF, L2-normalised so article length does not dominate. Rare, topical words and phrases
 * outweigh words every article has.
 */
export function weighted(frequencies: SparseVector, idf: Float32Array | null): SparseVector {
  const values = new Float32Array(frequencies.values.length);
  let norm = 0;
  for (let i = 0; i < values.length; i++) {
    values[i] = frequencies.values[i]! * (idf ? idf[frequencies.indices[i]!]! : 1);
    norm += values[i]! * values[i]!;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < values.length; i++) values[i]! /= norm;
  return { indices: frequencies.indices, values };
}

/** Smoothed inverse document frequency per bucket, from training documents. */
export function inverseDocumentFrequency(documents: readonly SparseVector[]): Float32Array {
  const df = new Uint32Array(BUCKETS);
  for (const document of documents) for (const bucket of document.indices) df[bucket]!++;
  const n = documents.length;
  return Float32Array.from(df, (count) => Math.log((1 + n) / (1 + count)) + 1);
}

/** Unweighted features (tests and tools that have no model at hand). */
export function featuresOf(text: string): SparseVector {
  return weighted(termFrequencies(text), null);
}

let fingerprint: string | undefined;
/**
 * Fingerprint of text → hashed buckets (tokenizer, hash and bucket count together): what topic
 * weights and IDF tables are indexed by. Files trained under another one are refused.
 */
export function hashedTermsFingerprint(): string {
  fingerprint ??= tokenizerFingerprint((text) => termFrequencies(text).indices);
  return fingerprint;
}
