import { describe, expect, it } from 'vitest';
import {
  MAX_ENTITY_CHARS,
  MAX_STORED_FACTS,
  MAX_STORED_LEAD_TERMS,
  MAX_STORED_LEDE_TERMS,
  MAX_STORED_OPENING_TERMS,
  MAX_STORED_QUOTE_SHINGLES,
  storyFeaturesOf,
} from '../../../lambda/digest/story-features.js';
import { encodeSparseVector } from '../../../lambda/store/story-features.js';

describe('story features of hostile text', () => {
  it('trims a name of trailing full stops and apostrophes in linear time (60,000 of them took 5 s)', () => {
    const body = [`The council said that A${".'".repeat(30_000)}- would open the terminal in March.`];
    const started = performance.now();

    storyFeaturesOf({ headline: 'Harbour terminal opens', body });

    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('keeps no entity longer than a name and no lede vector larger than a lede', () => {
    const run = Array.from({ length: 40 }, (_, i) => `Name${i}`).join(' ');
    const words = Array.from({ length: 5_000 }, (_, i) => `word${i.toString(36)}x`).join(' ');

    const features = storyFeaturesOf({ headline: 'Harbour terminal opens', body: [`${run} met ${words}.`] });

    expect(features.entities.every((name) => name.length <= MAX_ENTITY_CHARS)).toBe(true);
    expect(features.entities).not.toContain(run.toLowerCase());
    expect(features.lede.indices.length).toBe(MAX_STORED_LEDE_TERMS);
  });

  it('keeps every stored part of a hostile article within its cap, and all of them within a DynamoDB item (400 KB)', () => {
    // One paragraph with no sentence end: the first sentence is the whole of it.
    const names = Array.from({ length: 3_000 }, (_, i) => `Alpha${i.toString(36)} Bravo${i.toString(36)}${'x'.repeat(40)}`).join(' and ');
    const words = Array.from({ length: 40_000 }, (_, i) => `w${i.toString(36)}q ${i * 7}`).join(' ');
    const quotes = Array.from({ length: 5_000 }, (_, i) => `"q${i.toString(36)} said r${i} s${i} t${i} u${i}"`).join(' and ');
    const features = storyFeaturesOf({ headline: `${names.slice(0, 5_000)}`, body: [`${names} ${words}`, words, names, quotes] });

    expect(features.opening.indices.length).toBeLessThanOrEqual(MAX_STORED_OPENING_TERMS);
    expect(features.facts.indices.length).toBeLessThanOrEqual(MAX_STORED_FACTS);
    expect(features.quotes.indices.length).toBe(MAX_STORED_QUOTE_SHINGLES);
    for (const vector of [features.headline, features.firstSentence, features.event, features.leadNames]) expect(vector.indices.length).toBeLessThanOrEqual(MAX_STORED_LEAD_TERMS);
    // A vector of the meaning table's dimensions, whatever the text's length.
    expect(features.eventMeaning.indices.length).toBeLessThanOrEqual(256);
    const vectors = [features.vector, features.lede, features.opening, features.facts, features.headline, features.firstSentence, features.event, features.leadNames, features.quotes, features.eventMeaning];
    const bytes = vectors.reduce((sum, vector) => sum + encodeSparseVector(vector).length, 0) + features.entities.reduce((sum, name) => sum + name.length + 3, 0);
    // What is left of 400 KB holds the headline, summary and the other fields (a few KB).
    expect(bytes).toBeLessThan(390_000);
  });
});
