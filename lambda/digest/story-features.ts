import type { StoredSparseVector, StoryFeatures } from '../store/story-features.js';
import { storyVector } from './story-idf.js';
import { namedEntities } from './story-similarity.js';

/**
 * The most terms a stored vector keeps. An index entry is one DynamoDB item (at most 400 KB) and a
 * term takes 7 bytes; 30,000 distinct words and word pairs is an article of ~20,000 words or more.
 * Longer ones keep their heaviest terms, in their original order.
 */
export const MAX_STORED_TERMS = 30_000;
/** The most named entities kept (~20 bytes each), for the same reason. */
export const MAX_STORED_ENTITIES = 2_000;

function capped(vector: StoredSparseVector): StoredSparseVector {
  if (vector.indices.length <= MAX_STORED_TERMS) return vector;
  const heaviest = [...vector.values.keys()].sort((a, b) => vector.values[b]! - vector.values[a]! || a - b).slice(0, MAX_STORED_TERMS).sort((a, b) => a - b);
  return { indices: Uint32Array.from(heaviest, (i) => vector.indices[i]!), values: Float32Array.from(heaviest, (i) => vector.values[i]!) };
}

/**
 * What same-story grouping compares, computed once at ingest: the TF-IDF vectors of the whole
 * text and of its lede (headline and first two paragraphs) and the named entities.
 */
export function storyFeaturesOf(article: { readonly headline: string; readonly body: readonly string[] }): StoryFeatures {
  return {
    vector: capped(storyVector([article.headline, ...article.body].join('\n'))),
    lede: capped(storyVector([article.headline, ...article.body.slice(0, 2)].join('\n'))),
    entities: [...namedEntities([article.headline, ...article.body])].slice(0, MAX_STORED_ENTITIES),
  };
}
