import { describe, expect, it } from 'vitest';
import { MAX_ENTITY_CHARS, MAX_STORED_LEDE_TERMS, storyFeaturesOf } from '../../../lambda/digest/story-features.js';

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
});
