import type { StoredSparseVector, StoryFeatures } from '../store/story-features.js';
import { eventText, firstSentence, LEDE_PARAGRAPHS, leadNames, ledeWeekdays, quotedShingles, storyFacts } from './story-facts.js';
import { storyVector } from './story-idf.js';
import { meaningVector } from './story-meaning.js';
import { namedEntities } from './story-similarity.js';

/**
 * The most terms a stored vector keeps. An index entry is one DynamoDB item (at most 400 KB) and a
 * term takes 7 bytes; 30,000 distinct words and word pairs is an article of ~20,000 words or more.
 * Longer ones keep their heaviest terms, in their original order.
 */
export const MAX_STORED_TERMS = 30_000;
/**
 * The lede's vector (headline and two paragraphs, a few hundred terms) gets its own, smaller cap:
 * with the whole text's, a body of one long paragraph stored 2 × 30,000 terms, 420 KB, more than
 * an item holds.
 */
export const MAX_STORED_LEDE_TERMS = 2_000;
/** The opening's cap (three paragraphs, a few hundred terms): with the others an entry stays under an item's 400 KB. */
export const MAX_STORED_OPENING_TERMS = 1_000;
/** The cap of the headline's, the first sentence's, the event's and the lead names' vectors: a sentence, unless hostile. */
export const MAX_STORED_LEAD_TERMS = 500;
/**
 * The most quoted-speech shingles kept (7 bytes each). All weigh 1, so the cap keeps those of the
 * lowest buckets: the same hashes in every article (a bottom-k sketch), so two long quotes still
 * share what they share among the kept ones.
 */
export const MAX_STORED_QUOTE_SHINGLES = 1_000;
/** The most names and numbers the facts vector keeps (7 bytes each), its heaviest. */
export const MAX_STORED_FACTS = 3_000;
/** The most named entities kept (~20 bytes each), for the same reason. */
export const MAX_STORED_ENTITIES = 2_000;
/** Longer than any name; a longer run of capitalised words ("A. B. A. B. …") is no entity. 2,000 × 60 characters still fit an item. */
export const MAX_ENTITY_CHARS = 60;

function capped(vector: StoredSparseVector, maxTerms: number): StoredSparseVector {
  if (vector.indices.length <= maxTerms) return vector;
  const heaviest = [...vector.values.keys()].sort((a, b) => vector.values[b]! - vector.values[a]! || a - b).slice(0, maxTerms).sort((a, b) => a - b);
  return { indices: Uint32Array.from(heaviest, (i) => vector.indices[i]!), values: Float32Array.from(heaviest, (i) => vector.values[i]!) };
}

/**
 * What same-story grouping compares, computed once at ingest: the TF-IDF vectors of the whole
 * text, of its lede (headline and first two paragraphs) and of its opening (the first paragraphs
 * alone), of its headline, its first sentence and what happened (both without names), the named
 * entities, the names and numbers weighted and the names of the lead (story-facts.ts), the
 * weekdays its lede names, the shingles of its quoted speech, and what happened by meaning (the
 * mean of its event words' vectors, so "blast" and "explosion" agree).
 */
export function storyFeaturesOf(article: { readonly headline: string; readonly body: readonly string[] }): StoryFeatures {
  const event = storyVector(eventText(article));
  return {
    vector: capped(storyVector([article.headline, ...article.body].join('\n')), MAX_STORED_TERMS),
    lede: capped(storyVector([article.headline, ...article.body.slice(0, 2)].join('\n')), MAX_STORED_LEDE_TERMS),
    entities: [...namedEntities([article.headline, ...article.body])].filter((name) => name.length <= MAX_ENTITY_CHARS).slice(0, MAX_STORED_ENTITIES),
    opening: capped(storyVector(article.body.slice(0, LEDE_PARAGRAPHS).join('\n')), MAX_STORED_OPENING_TERMS),
    facts: capped(storyFacts(article), MAX_STORED_FACTS),
    weekdays: ledeWeekdays(article),
    headline: capped(storyVector(article.headline), MAX_STORED_LEAD_TERMS),
    firstSentence: capped(storyVector(firstSentence(article)), MAX_STORED_LEAD_TERMS),
    event: capped(event, MAX_STORED_LEAD_TERMS),
    leadNames: capped(leadNames(article), MAX_STORED_LEAD_TERMS),
    quotes: capped(quotedShingles(article), MAX_STORED_QUOTE_SHINGLES),
    eventMeaning: meaningVector(event),
  };
}
