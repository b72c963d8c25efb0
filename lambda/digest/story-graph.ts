import { setImmediate as nextTurn } from 'node:timers/promises';
import type { StoryFeatures } from '../store/story-features.js';
import { FACT_BUCKETS } from './story-facts.js';
import { compareStories, daysBetween, eventMeaningCosine, overlapOfShorter, sameStoryDecision, weekdaysConflict } from './story-similarity.js';

/** An article as grouping sees it: its stored features and publication date. */
export interface StoryCandidate {
  readonly id: string;
  readonly published: string | null;
  readonly storyFeatures: StoryFeatures;
}

/** Which articles are reports of the same story (compareStories said so), by article id. */
export class SameStoryPairs {
  private readonly neighbourIds = new Map<string, string[]>();
  private pairs = 0;

  add(a: string, b: string): void {
    this.pairs++;
    for (const [from, to] of [[a, b], [b, a]] as const) {
      const list = this.neighbourIds.get(from);
      if (list) list.push(to);
      else this.neighbourIds.set(from, [to]);
    }
  }

  /** Each pair once, for the run snapshot (fromList rebuilds it). */
  list(): [string, string][] {
    const pairs: [string, string][] = [];
    for (const [from, neighbours] of this.neighbourIds) for (const to of neighbours) if (from < to) pairs.push([from, to]);
    return pairs;
  }

  static fromList(pairs: readonly (readonly [string, string])[]): SameStoryPairs {
    const result = new SameStoryPairs();
    for (const [a, b] of pairs) result.add(a, b);
    return result;
  }

  neighbours(id: string): readonly string[] {
    return this.neighbourIds.get(id) ?? [];
  }

  get size(): number {
    return this.pairs;
  }
}

/** What a grouping did: the same-story pairs, and how many pairs it compared to find them. */
export interface SameStoryResult {
  readonly pairs: SameStoryPairs;
  readonly compared: number;
}

/**
 * Blocking: an article is compared only with articles that share one of its block keys: its
 * BLOCK_TERMS heaviest TF-IDF terms (words and word pairs that are rare in news and repeated in
 * it) that are no hub of this run, the same for BLOCK_LEDE_TERMS lede terms, and its
 * BLOCK_ENTITIES names rarest in the run.
 * Reports of one event share those; unrelated articles rarely do. Every compared pair is decided
 * by the unchanged rule (sameStoryDecision), so blocking can only miss a pair, never invent one;
 * the tests hold it to the all-pairs result, and eval:stories checks every labelled pair.
 * (Exact prefix filtering was measured first: the rule's threshold is so low that every article's
 * prefix held ~98% of its terms, and it compared all pairs.)
 */
export const BLOCK_TERMS = 16;
export const BLOCK_LEDE_TERMS = 8;
export const BLOCK_ENTITIES = 6;
/** A term in more than max(HUB_MIN_ARTICLES, HUB_SHARE of the run's articles) is a hub, not a block key. */
export const HUB_MIN_ARTICLES = 50;
export const HUB_SHARE = 0.005;

/**
 * At least any cosine (L2-normalised vectors, at most 1, plus float rounding): a pair the rule
 * turns down even with this cosine is turned down without computing it. The score rises with each
 * cosine and a high whole-text one lifts the far-apart guard, so the decision is the one the real
 * cosines give.
 */
const MAX_COSINE = 1.001;

/** How long grouping may hold the event loop before it lets pending I/O (a send's timer) run. */
export const GROUPING_SLICE_MS = 20;

/**
 * The work as a generator: it yields between articles so a driver can hand the event loop back
 * (findSameStoryPairs) or run it straight through (findSameStoryPairsSync).
 */
function* sameStoryWork(items: readonly StoryCandidate[], result: { pairs: SameStoryPairs; compared: number }): Generator<void, void, void> {
  const n = items.length;
  if (n < 2) return;
  let maxBucket = 0;
  let meaningDims = 0;
  for (const item of items) {
    for (const dimension of item.storyFeatures.eventMeaning.indices) if (dimension >= meaningDims) meaningDims = dimension + 1;
    for (const bucket of item.storyFeatures.vector.indices) if (bucket > maxBucket) maxBucket = bucket;
    for (const bucket of item.storyFeatures.lede.indices) if (bucket > maxBucket) maxBucket = bucket;
    for (const vector of [item.storyFeatures.opening, item.storyFeatures.headline, item.storyFeatures.firstSentence, item.storyFeatures.event]) {
      for (const bucket of vector.indices) if (bucket > maxBucket) maxBucket = bucket;
    }
  }
  // How many of this run's articles use each term: a term every report of the day uses is no block.
  const vectorFrequency = new Uint32Array(maxBucket + 1);
  const ledeFrequency = new Uint32Array(maxBucket + 1);
  for (const item of items) {
    for (const bucket of item.storyFeatures.vector.indices) vectorFrequency[bucket]!++;
    for (const bucket of item.storyFeatures.lede.indices) ledeFrequency[bucket]!++;
  }
  const entitySets = items.map((item) => new Set(item.storyFeatures.entities));
  const entityFrequency = new Map<string, number>();
  for (const entities of entitySets) for (const entity of entities) entityFrequency.set(entity, (entityFrequency.get(entity) ?? 0) + 1);
  yield;

  // Block keys: vector terms as their bucket, lede terms offset past every bucket, names as "#name".
  const ledeOffset = maxBucket + 1;
  const postings = new Map<number | string, number[]>();
  const seenBy = new Int32Array(n).fill(-1);
  // The article being compared, spread over the bucket space: lookups without a Map per pair.
  const vectorWeights = new Float32Array(ledeOffset);
  const ledeWeights = new Float32Array(ledeOffset);
  const openingWeights = new Float32Array(ledeOffset);
  const headlineWeights = new Float32Array(ledeOffset);
  const firstSentenceWeights = new Float32Array(ledeOffset);
  const eventWeights = new Float32Array(ledeOffset);
  const factWeights = new Float32Array(FACT_BUCKETS);
  const leadNameWeights = new Float32Array(FACT_BUCKETS);
  const quoteWeights = new Float32Array(FACT_BUCKETS);
  const meaningWeights = new Float32Array(meaningDims);
  const candidates: number[] = [];

  for (let i = 0; i < n; i++) {
    const { vector, lede, opening, facts, weekdays, headline, firstSentence, event, leadNames, quotes, eventMeaning } = items[i]!.storyFeatures;
    const spreadVectors: [Float32Array, StoryFeatures['vector']][] = [
      [vectorWeights, vector],
      [ledeWeights, lede],
      [openingWeights, opening],
      [factWeights, facts],
      [headlineWeights, headline],
      [firstSentenceWeights, firstSentence],
      [eventWeights, event],
      [leadNameWeights, leadNames],
      [quoteWeights, quotes],
      [meaningWeights, eventMeaning],
    ];
    const keys: (number | string)[] = [
      ...blockTerms(vector, vectorFrequency, n, BLOCK_TERMS),
      ...blockTerms(lede, ledeFrequency, n, BLOCK_LEDE_TERMS).map((bucket) => ledeOffset + bucket),
      ...rarestEntities(entitySets[i]!, entityFrequency, BLOCK_ENTITIES).map((entity) => `#${entity}`),
    ];

    candidates.length = 0;
    for (const key of keys) {
      for (const j of postings.get(key) ?? []) {
        if (seenBy[j] === i) continue;
        seenBy[j] = i;
        candidates.push(j);
      }
    }

    if (candidates.length > 0) {
      for (const [weights, spreadVector] of spreadVectors) spread(weights, spreadVector);
      for (const j of candidates) {
        const other = items[j]!.storyFeatures;
        // The same sums as story-similarity's cosine (the other article's terms in their order), so the same decisions.
        // The long dot products come last, each only when the rest leaves it a say: the ledes' and openings' (a few
        // hundred terms), then the whole texts' (the longest by far).
        const eventCosine = dot(eventWeights, other.event);
        const evidence = {
          cosine: MAX_COSINE,
          ledeCosine: MAX_COSINE,
          factsCosine: dot(factWeights, other.facts),
          headlineCosine: dot(headlineWeights, other.headline),
          firstSentenceCosine: dot(firstSentenceWeights, other.firstSentence),
          eventCosine,
          leadNamesOverlap: overlapOfShorter(dot(leadNameWeights, other.leadNames), leadNames, other.leadNames),
          quoteOverlap: overlapOfShorter(dot(quoteWeights, other.quotes), quotes, other.quotes),
          eventMeaningCosine: eventMeaningCosine(dot(meaningWeights, other.eventMeaning), eventMeaning, other.eventMeaning, eventCosine),
          weekdayConflict: weekdaysConflict(weekdays, other.weekdays),
          daysApart: daysBetween(items[i]!.published, items[j]!.published),
        };
        result.compared++;
        if (!sameStoryDecision(evidence).sameStory) continue;
        evidence.ledeCosine = Math.max(dot(ledeWeights, other.lede), dot(openingWeights, other.opening));
        if (!sameStoryDecision(evidence).sameStory) continue;
        evidence.cosine = dot(vectorWeights, other.vector);
        if (sameStoryDecision(evidence).sameStory) result.pairs.add(items[j]!.id, items[i]!.id);
      }
      for (const [weights, spreadVector] of spreadVectors) clear(weights, spreadVector);
    }

    for (const key of keys) {
      const list = postings.get(key);
      if (list) list.push(i);
      else postings.set(key, [i]);
    }
    yield;
  }
}

/**
 * The `k` names of `entities` fewest of the run's articles use, rarest first (ties by name): what
 * sorting them all would give first, with one frequency lookup per name instead of one per
 * comparison.
 */
function rarestEntities(entities: ReadonlySet<string>, frequency: ReadonlyMap<string, number>, k: number): string[] {
  const best: { readonly entity: string; readonly frequency: number }[] = [];
  const before = (a: { entity: string; frequency: number }, b: { entity: string; frequency: number }) => a.frequency < b.frequency || (a.frequency === b.frequency && a.entity < b.entity);
  for (const entity of entities) keepIfAmongBest(best, { entity, frequency: frequency.get(entity)! }, k, before);
  return best.map((entry) => entry.entity);
}

/**
 * Puts `candidate` into `best` (sorted, at most `k` long) if it comes before its last entry: the
 * first k of a sort, without sorting everything.
 */
function keepIfAmongBest<T>(best: T[], candidate: T, k: number, before: (a: T, b: T) => boolean): void {
  if (best.length === k && !before(candidate, best[k - 1]!)) return;
  let at = best.length === k ? k - 1 : best.length;
  if (best.length < k) best.push(candidate);
  while (at > 0 && before(candidate, best[at - 1]!)) {
    best[at] = best[at - 1]!;
    at--;
  }
  best[at] = candidate;
}

/** Writes a vector's weights into `weights` at its buckets, so dot() against it needs no map. */
function spread(weights: Float32Array, vector: StoryFeatures['vector']): void {
  for (let t = 0; t < vector.indices.length; t++) weights[vector.indices[t]!] = vector.values[t]!;
}

function clear(weights: Float32Array, vector: StoryFeatures['vector']): void {
  for (let t = 0; t < vector.indices.length; t++) weights[vector.indices[t]!] = 0;
}

/** The spread vector · `vector`, summed in `vector`'s order as story-similarity's cosine sums. */
function dot(weights: Float32Array, vector: StoryFeatures['vector']): number {
  let sum = 0;
  for (let t = 0; t < vector.indices.length; t++) sum += weights[vector.indices[t]!]! * vector.values[t]!;
  return sum;
}

/**
 * The buckets of a vector's `k` best block terms: heaviest by TF-IDF among those that are no hub
 * (ties by bucket, so the choice is deterministic).
 */
function blockTerms(vector: StoryFeatures['vector'], frequency: Uint32Array, n: number, k: number): number[] {
  // Hubs (terms in more than hubFrequency of the run's articles) pair everyone with everyone and
  // are no block; below that the plain TF-IDF weight ranks, so small runs block on shared terms.
  const hubFrequency = Math.max(HUB_MIN_ARTICLES, n * HUB_SHARE);
  // A plain loop: Float64Array.from with a mapping function was the slowest line of grouping.
  const scores = new Float64Array(vector.values.length);
  for (let position = 0; position < scores.length; position++) scores[position] = frequency[vector.indices[position]!]! > hubFrequency ? -1 : vector.values[position]!;
  // Only the best k are needed: keep a small sorted list instead of sorting every term.
  const best: number[] = [];
  const better = (a: number, b: number) => scores[a]! > scores[b]! || (scores[a] === scores[b] && vector.indices[a]! < vector.indices[b]!);
  for (let position = 0; position < scores.length; position++) keepIfAmongBest(best, position, k, better);
  return best.map((position) => vector.indices[position]!);
}

/**
 * The same-story pairs among `items`, found by blocking (above) rather than by comparing
 * all pairs: 10,000 articles take seconds, not hours. It hands the event loop back every
 * GROUPING_SLICE_MS, so sends running beside it (their SDK timeouts) are not held up.
 */
export async function findSameStoryPairs(items: readonly StoryCandidate[], options: { readonly sliceMs?: number } = {}): Promise<SameStoryResult> {
  const sliceMs = options.sliceMs ?? GROUPING_SLICE_MS;
  const result = { pairs: new SameStoryPairs(), compared: 0 };
  let sliceStart = performance.now();
  for (const _ of sameStoryWork(items, result)) {
    if (performance.now() - sliceStart >= sliceMs) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
  return result;
}

/** The same, without yielding: for the CLI's preview and other callers with no I/O in flight. */
export function findSameStoryPairsSync(items: readonly StoryCandidate[]): SameStoryResult {
  const result = { pairs: new SameStoryPairs(), compared: 0 };
  for (const _ of sameStoryWork(items, result)) {
    // runs to the end
  }
  return result;
}

/** Every pair through compareStories: what grouping did before (the benchmark's baseline and the tests' reference). */
export function findSameStoryPairsAllPairs(items: readonly StoryCandidate[]): SameStoryResult {
  const comparable = items.map((item) => ({ ...item.storyFeatures, published: item.published }));
  const result = { pairs: new SameStoryPairs(), compared: 0 };
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      result.compared++;
      if (compareStories(comparable[i]!, comparable[j]!).sameStory) result.pairs.add(items[i]!.id, items[j]!.id);
    }
  }
  return result;
}
