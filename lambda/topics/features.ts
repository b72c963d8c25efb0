/** Hashed bag of words + bigrams: a fixed-size feature space, no vocabulary to ship. */
export const HASH_BITS = 19;
export const BUCKETS = 1 << HASH_BITS;

const FNV_OFFSET = 0x811c9dc5;

/** FNV-1a 32-bit over UTF-16 code units, continuing from `hash`: streaming, so a bigram's hash extends its first word's. */
function fnv1aFrom(hash: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash;
}

/** FNV-1a 32-bit over UTF-16 code units: fast, deterministic, no dependencies. */
export function fnv1a(text: string): number {
  return fnv1aFrom(FNV_OFFSET, text) >>> 0;
}

export function tokenize(text: string): string[] {
  return (text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? []).map((token) =>
    // Numbers carry little topic signal individually; their shape does ("2-1", "$18.4bn").
    /^\d+$/.test(token) ? (token.length <= 2 ? '#n' : '#nnn') : token,
  );
}

export interface SparseVector {
  readonly indices: Uint32Array;
  readonly values: Float32Array;
}

/** log(1 + tf) of hashed unigrams and bigrams, not yet weighted or normalised. */
export function termFrequencies(text: string): SparseVector {
  const tokens = tokenize(text);
  const counts = new Map<number, number>();
  const add = (hash: number) => {
    const bucket = (hash >>> 0) & (BUCKETS - 1);
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  };
  for (let i = 0; i < tokens.length; i++) {
    const word = fnv1aFrom(FNV_OFFSET, tokens[i]!);
    add(word);
    // Same hash as fnv1a(`${a} ${b}`), without building the string.
    if (i + 1 < tokens.length) add(fnv1aFrom(fnv1aFrom(word, ' '), tokens[i + 1]!));
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
