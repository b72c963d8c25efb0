import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../../lambda/article/parse-article.js';
import { storyFeaturesOf } from '../../../lambda/digest/story-features.js';
import { findSameStoryPairs, findSameStoryPairsAllPairs, findSameStoryPairsSync, type SameStoryPairs, type StoryCandidate } from '../../../lambda/digest/story-graph.js';
import { compareStories } from '../../../lambda/digest/story-similarity.js';
import { decodeSparseVector, encodeSparseVector, type StoredSparseVector } from '../../../lambda/store/story-features.js';
import { burstCorpus } from '../../support/burst-corpus.js';
import { seedFileNames, seedsDir } from '../../support/seed-pages.js';

function candidates(count: number, seed: number): StoryCandidate[] {
  return burstCorpus(count, { seed }).map((article) => ({
    id: article.name,
    published: article.published,
    storyFeatures: storyFeaturesOf({ headline: article.headline, body: article.paragraphs }),
  }));
}

function pairList(items: readonly StoryCandidate[], pairs: SameStoryPairs): string[] {
  return items.flatMap((item) => pairs.neighbours(item.id).filter((other) => item.id < other).map((other) => `${item.id}|${other}`)).sort();
}

describe('same-story pairs by prefix filtering', () => {
  it('finds the pairs that comparing all pairs finds (no other, and at least 99% of them), comparing far fewer', () => {
    const items = candidates(400, 7);

    const blocked = findSameStoryPairsSync(items);
    const reference = findSameStoryPairsAllPairs(items);

    const found = pairList(items, blocked.pairs);
    const expected = new Set(pairList(items, reference.pairs));
    expect(expected.size).toBeGreaterThan(200);
    expect(found.filter((pair) => !expected.has(pair))).toEqual([]);
    expect(found.length / expected.size).toBeGreaterThanOrEqual(0.99);
    expect(blocked.compared).toBeLessThan(reference.compared / 10);
  });

  it('decides the seed pages as compareStories does: 001 with 002, the others apart', () => {
    const items = seedFileNames().map((file) => {
      const parsed = parseArticle(readFileSync(path.join(seedsDir, file)), { fileName: file });
      return { id: file.slice(0, 3), published: parsed.published, storyFeatures: storyFeaturesOf(parsed) };
    });

    expect(pairList(items, findSameStoryPairsSync(items).pairs)).toEqual(['001|002']);
    expect(pairList(items, findSameStoryPairsAllPairs(items).pairs)).toEqual(['001|002']);
  });

  it('gives the event loop back while it works, with the same result', async () => {
    const items = candidates(400, 3);
    let turnsDuringGrouping = 0;
    let grouping = true;
    const tick = () => {
      if (!grouping) return;
      turnsDuringGrouping++;
      setImmediate(tick);
    };
    setImmediate(tick);

    const result = await findSameStoryPairs(items, { sliceMs: 0 });
    grouping = false;

    expect(turnsDuringGrouping).toBeGreaterThan(100);
    expect(pairList(items, result.pairs)).toEqual(pairList(items, findSameStoryPairsSync(items).pairs));
  });
});

describe('stored story features', () => {
  it('decode to the very vectors computed at ingest, so comparisons score the same', () => {
    const [a, b] = seedFileNames()
      .slice(1, 3)
      .map((file) => storyFeaturesOf(parseArticle(readFileSync(path.join(seedsDir, file)), { fileName: file })));
    const stored = (vector: StoredSparseVector) => decodeSparseVector(encodeSparseVector(vector));
    const roundTrip = (features: typeof a) => ({
      ...features!,
      vector: stored(features!.vector),
      lede: stored(features!.lede),
      opening: stored(features!.opening),
      facts: stored(features!.facts),
      headline: stored(features!.headline),
      firstSentence: stored(features!.firstSentence),
      event: stored(features!.event),
      leadNames: stored(features!.leadNames),
      quotes: stored(features!.quotes),
      published: null,
    });
    const direct = (features: typeof a) => ({ ...features!, published: null });

    expect(roundTrip(a).vector).toEqual(a!.vector);
    expect(compareStories(roundTrip(a), roundTrip(b))).toEqual(compareStories(direct(a), direct(b)));
  });
});
