/**
 * npm run build:story-meaning — writes lambda/digest/story-meaning.bin, word vectors learnt without
 * labels from the news text in ../shared/data (BBC and AG News topic items, GN1 development pages'
 * headline and body): counts of words within WINDOW of each other, positive PMI (contexts smoothed
 * by ^0.75), a rank-DIMS truncated SVD by randomised subspace iteration, rows U·√S centred and
 * normalised, quantised to int8. MEANING_WINDOW, MEANING_DIMS and MEANING_VOCABULARY override the
 * defaults (4, 64, 16,000) for experiments; the committed table is built with the defaults. The GN1 and BBC pages of the story pair set are in that text: the
 * vectors see their words, never their same-story labels. Rebuilt without the 284 pages of never-read
 * pairs, npm run eval:stories gave the same figures (never-read F1 0.426, development CV F1 0.760):
 * the never-read figure does not lean on the vectors having read those pages. Deterministic (seeded).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeStoryMeaning, encodeStoryMeaning } from '../../lambda/digest/story-meaning.js';
import { FNV1A_OFFSET, fnv1aContinue } from '../../lambda/text/fnv1a.js';
import { wordTokens } from '../../lambda/text/word-tokens.js';
import { BUCKETS } from '../../lambda/topics/features.js';
import { readTopicCorpus, topicDataDir } from '../topics/topic-corpus.js';

const VOCABULARY = Number(process.env.MEANING_VOCABULARY ?? 16_000);
const MIN_COUNT = 4;
const DIMS = Number(process.env.MEANING_DIMS ?? 64);
const WINDOW = Number(process.env.MEANING_WINDOW ?? 4);
const OVERSAMPLE = 16;
const POWER_ITERATIONS = 4;
const CONTEXT_SMOOTHING = 0.75;

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = topicDataDir(repoRoot);
const gn1Path = path.resolve(repoRoot, '..', 'shared', 'data', 'extraction', 'gn1-dev.jsonl');
if (!dataDir || !existsSync(gn1Path)) {
  console.log('build:story-meaning: ../shared/data is not here; the committed story-meaning.bin stays.');
  process.exit(0);
}

const texts = [
  ...readTopicCorpus(dataDir).map((item) => item.text),
  ...readFileSync(gn1Path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const page = JSON.parse(line) as { gold: { headline: string[]; body: string[] } };
      return [...page.gold.headline, ...page.gold.body].join('\n');
    }),
];
const documents = texts.map((text) => wordTokens(text));

// Vocabulary: the most frequent words, at most one per bucket (the more frequent keeps it).
const counts = new Map<string, number>();
for (const tokens of documents) for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
const bucketOf = (word: string) => (fnv1aContinue(FNV1A_OFFSET, word) >>> 0) & (BUCKETS - 1);
const taken = new Set<number>();
const words = [...counts]
  .filter(([, count]) => count >= MIN_COUNT)
  .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  .filter(([word]) => !taken.has(bucketOf(word)) && taken.add(bucketOf(word)))
  .slice(0, VOCABULARY)
  .map(([word]) => word);
const V = words.length;
const index = new Map(words.map((word, i) => [word, i]));

// Co-occurrence within WINDOW, nearer words weighing more (1/distance).
const pairCounts = new Map<number, number>();
for (const tokens of documents) {
  const ids = tokens.map((token) => index.get(token) ?? -1);
  for (let i = 0; i < ids.length; i++) {
    if (ids[i]! < 0) continue;
    for (let d = 1; d <= WINDOW && i + d < ids.length; d++) {
      if (ids[i + d]! < 0) continue;
      const [a, b] = [ids[i]!, ids[i + d]!];
      pairCounts.set(a * V + b, (pairCounts.get(a * V + b) ?? 0) + 1 / d);
      pairCounts.set(b * V + a, (pairCounts.get(b * V + a) ?? 0) + 1 / d);
    }
  }
}
const rowSums = new Float64Array(V);
const contextSmoothed = new Float64Array(V);
for (const [key, count] of pairCounts) {
  rowSums[Math.floor(key / V)]! += count;
}
for (let c = 0; c < V; c++) contextSmoothed[c] = rowSums[c]! ** CONTEXT_SMOOTHING;
const smoothedTotal = contextSmoothed.reduce((sum, value) => sum + value, 0);

// PPMI as a CSR matrix.
const entries = [...pairCounts]
  .map(([key, count]) => {
    const [w, c] = [Math.floor(key / V), key % V];
    return [w, c, Math.log((count * smoothedTotal) / (rowSums[w]! * contextSmoothed[c]!))] as const;
  })
  .filter(([, , pmi]) => pmi > 0)
  .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
const rowStart = new Int32Array(V + 1);
const columns = new Int32Array(entries.length);
const values = new Float64Array(entries.length);
entries.forEach(([w, c, pmi], k) => {
  rowStart[w + 1]!++;
  columns[k] = c;
  values[k] = pmi;
});
for (let w = 0; w < V; w++) rowStart[w + 1]! += rowStart[w]!;

/** M·X, X column-major V × k. */
function multiply(x: Float64Array, k: number, transpose: boolean): Float64Array {
  const y = new Float64Array(V * k);
  for (let w = 0; w < V; w++) {
    for (let e = rowStart[w]!; e < rowStart[w + 1]!; e++) {
      const [from, to] = transpose ? [w, columns[e]!] : [columns[e]!, w];
      const value = values[e]!;
      for (let j = 0; j < k; j++) y[j * V + to]! += value * x[j * V + from]!;
    }
  }
  return y;
}

/** Modified Gram–Schmidt, in place. */
function orthonormalise(x: Float64Array, k: number): void {
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < j; i++) {
      let dot = 0;
      for (let r = 0; r < V; r++) dot += x[j * V + r]! * x[i * V + r]!;
      for (let r = 0; r < V; r++) x[j * V + r]! -= dot * x[i * V + r]!;
    }
    let norm = 0;
    for (let r = 0; r < V; r++) norm += x[j * V + r]! ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let r = 0; r < V; r++) x[j * V + r]! /= norm;
  }
}

/** Cyclic Jacobi eigen-decomposition of a symmetric k × k matrix (row-major): eigenvalues and column eigenvectors. */
function symmetricEigen(a: Float64Array, k: number): { values: Float64Array; vectors: Float64Array } {
  const v = new Float64Array(k * k);
  for (let i = 0; i < k; i++) v[i * k + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < k; p++) for (let q = p + 1; q < k; q++) off += a[p * k + q]! ** 2;
    if (off < 1e-20) break;
    for (let p = 0; p < k; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = a[p * k + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * k + q]! - a[p * k + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < k; r++) {
          const [arp, arq] = [a[r * k + p]!, a[r * k + q]!];
          a[r * k + p] = c * arp - s * arq;
          a[r * k + q] = s * arp + c * arq;
        }
        for (let r = 0; r < k; r++) {
          const [apr, aqr] = [a[p * k + r]!, a[q * k + r]!];
          a[p * k + r] = c * apr - s * aqr;
          a[q * k + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < k; r++) {
          const [vrp, vrq] = [v[r * k + p]!, v[r * k + q]!];
          v[r * k + p] = c * vrp - s * vrq;
          v[r * k + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: k }, (_, i) => a[i * k + i]!), vectors: v };
}

// Randomised SVD: Q spans the range of (M Mᵀ)^p M Ω; then the SVD of the small Qᵀ M via (QᵀM)(QᵀM)ᵀ.
let seed = 0x2545f491;
const random = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return ((seed >>> 0) / 2 ** 32) * 2 - 1;
};
const k = DIMS + OVERSAMPLE;
let q = multiply(Float64Array.from({ length: V * k }, random), k, false);
orthonormalise(q, k);
for (let iteration = 0; iteration < POWER_ITERATIONS; iteration++) {
  q = multiply(q, k, true);
  orthonormalise(q, k);
  q = multiply(q, k, false);
  orthonormalise(q, k);
}
const bt = multiply(q, k, true); // (Qᵀ M)ᵀ = Mᵀ Q, V × k column-major
const gram = new Float64Array(k * k);
for (let i = 0; i < k; i++) {
  for (let j = i; j < k; j++) {
    let dot = 0;
    for (let r = 0; r < V; r++) dot += bt[i * V + r]! * bt[j * V + r]!;
    gram[i * k + j] = dot;
    gram[j * k + i] = dot;
  }
}
const eigen = symmetricEigen(gram, k);
const order = [...eigen.values.keys()].sort((a, b) => eigen.values[b]! - eigen.values[a]!).slice(0, DIMS);

// Word vectors U·√S (U = Q·eigenvectors, S = √eigenvalue), frequency-weighted mean removed, unit length.
const vectors = new Float64Array(V * DIMS);
order.forEach((column, d) => {
  const scale = Math.sqrt(Math.sqrt(Math.max(eigen.values[column]!, 0)));
  for (let r = 0; r < V; r++) {
    let u = 0;
    for (let j = 0; j < k; j++) u += q[j * V + r]! * eigen.vectors[j * k + column]!;
    vectors[r * DIMS + d] = u * scale;
  }
});
const mean = new Float64Array(DIMS);
const frequencyTotal = words.reduce((sum, word) => sum + counts.get(word)!, 0);
words.forEach((word, r) => {
  for (let d = 0; d < DIMS; d++) mean[d]! += (vectors[r * DIMS + d]! * counts.get(word)!) / frequencyTotal;
});
const rows = words.map((word, r) => ({ bucket: bucketOf(word), r })).sort((a, b) => a.bucket - b.bucket);
const quantised = new Int8Array(V * DIMS);
rows.forEach(({ r }, row) => {
  let norm = 0;
  for (let d = 0; d < DIMS; d++) norm += (vectors[r * DIMS + d]! - mean[d]!) ** 2;
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < DIMS; d++) quantised[row * DIMS + d] = Math.max(-127, Math.min(127, Math.round(((vectors[r * DIMS + d]! - mean[d]!) / norm) * 127)));
});
const bytes = encodeStoryMeaning({ dims: DIMS, buckets: Uint32Array.from(rows, (row) => row.bucket), vectors: quantised });
const target = fileURLToPath(new URL('../../lambda/digest/story-meaning.bin', import.meta.url));
writeFileSync(target, bytes);
decodeStoryMeaning(bytes);
console.log(
  `build:story-meaning: ${documents.length} documents, ${V} words, ${entries.length} PPMI entries, ${DIMS} dimensions, ${bytes.byteLength} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex').slice(0, 16)} → ${target}`,
);

// A look at what it learnt: each probe's nearest words.
const rowOfWord = new Map(rows.map(({ r }, row) => [words[r]!, row]));
for (const probe of (process.env.MEANING_PROBES ?? 'blast killed pm minister troops shares election').split(' ')) {
  const at = rowOfWord.get(probe);
  if (at === undefined) continue;
  const nearest = [...rowOfWord]
    .map(([word, row]) => {
      let dot = 0;
      for (let d = 0; d < DIMS; d++) dot += quantised[at * DIMS + d]! * quantised[row * DIMS + d]!;
      return [word, dot / 127 / 127] as const;
    })
    .sort((a, b) => b[1] - a[1])
    .slice(1, 8);
  console.log(`  ${probe}: ${nearest.map(([word, similarity]) => `${word} ${similarity.toFixed(2)}`).join(', ')}`);
}
