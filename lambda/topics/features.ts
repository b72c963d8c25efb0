/** Hashed bag of words + bigrams: a fixed-size feature space, no vocabulary to ship. */
export const HASH_BITS = 18;
export const BUCKETS = 1 << HASH_BITS;

/** FNV-1a 32-bit over UTF-16 code units: fast, deterministic, no dependencies. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
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

/** log(1 + tf) of hashed unigrams and bigrams, L2-normalised so article length does not dominate. */
export function featuresOf(text: string): SparseVector {
  const tokens = tokenize(text);
  const counts = new Map<number, number>();
  const add = (feature: string) => {
    const bucket = fnv1a(feature) & (BUCKETS - 1);
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  };
  for (let i = 0; i < tokens.length; i++) {
    add(tokens[i]!);
    if (i + 1 < tokens.length) add(`${tokens[i]} ${tokens[i + 1]}`);
  }
  const indices = new Uint32Array(counts.size);
  const values = new Float32Array(counts.size);
  let norm = 0;
  let k = 0;
  for (const [bucket, count] of counts) {
    const value = Math.log1p(count);
    indices[k] = bucket;
    values[k] = value;
    norm += value * value;
    k++;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < values.length; i++) values[i]! /= norm;
  return { indices, values };
}
