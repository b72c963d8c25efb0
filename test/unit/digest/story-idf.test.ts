import { describe, expect, it } from 'vitest';
import { decodeStoryIdf, encodeStoryIdf, StoryIdfFileError, storyIdf, storyVector } from '../../../lambda/digest/story-idf.js';
import { BUCKETS, hashedTermsFingerprint, termFrequencies } from '../../../lambda/topics/features.js';
import { dequantiseIdf, quantiseIdf } from '../../../lambda/topics/quantised-idf.js';

/** An IDF-shaped table: most buckets unseen (the maximum), the rest spread below it. */
function sampleIdf(): Float32Array {
  return Float32Array.from({ length: BUCKETS }, (_, bucket) => (bucket % 3 === 0 ? 9.9 : 1.1 + ((bucket * 7919) % 1000) / 125));
}

describe('story IDF file', () => {
  it('round-trips a table to its 8-bit values exactly', () => {
    const idf = sampleIdf();
    const decoded = decodeStoryIdf(encodeStoryIdf(idf));
    const expected = dequantiseIdf(quantiseIdf(idf));
    expect(decoded).toHaveLength(BUCKETS);
    // Compared in a loop: a deep equality over half a million floats takes seconds.
    expect(decoded.filter((value, bucket) => value !== expected[bucket]).length).toBe(0);
  });

  it('loads the committed table, built under the tokenizer the code has', () => {
    const idf = storyIdf();
    expect(idf).toHaveLength(BUCKETS);
    // Words every report has weigh less than rare ones.
    const weightOf = (word: string) => idf[termFrequencies(word).indices[0]!]!;
    expect(weightOf('the')).toBeLessThan(weightOf('ceasefire'));
  });

  it('refuses a table built under another tokenizer, naming both fingerprints', () => {
    const bytes = encodeStoryIdf(sampleIdf(), 'f00dfeedf00dfeed');
    expect(() => decodeStoryIdf(bytes)).toThrow(StoryIdfFileError);
    expect(() => decodeStoryIdf(bytes)).toThrow(`built under tokenizer f00dfeedf00dfeed, the code tokenizes as ${hashedTermsFingerprint()}; rebuild it with npm run build:story-idf`);
    expect(decodeStoryIdf(bytes, 'f00dfeedf00dfeed')).toHaveLength(BUCKETS);
  });

  it('refuses a file that is not a table or is cut short', () => {
    expect(() => decodeStoryIdf(new TextEncoder().encode('not a story IDF file'))).toThrow(/not a newsdrop story IDF file/);
    const bytes = encodeStoryIdf(sampleIdf());
    expect(() => decodeStoryIdf(bytes.subarray(0, bytes.length - 100))).toThrow(StoryIdfFileError);
  });

  it('gives L2-normalised vectors that weigh a rare word above a common one', () => {
    const vector = storyVector('the ceasefire');
    const norm = Math.hypot(...vector.values);
    expect(norm).toBeCloseTo(1, 5);
    const weightOf = (word: string) => vector.values[vector.indices.indexOf(termFrequencies(word).indices[0]!)]!;
    expect(weightOf('ceasefire')).toBeGreaterThan(weightOf('the'));
  });
});
