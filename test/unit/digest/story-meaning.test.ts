import { describe, expect, it } from 'vitest';
import { storyVector } from '../../../lambda/digest/story-idf.js';
import { decodeStoryMeaning, encodeStoryMeaning, meaningTable, meaningVector, StoryMeaningFileError, type WordVectors } from '../../../lambda/digest/story-meaning.js';
import { cosine } from '../../../lambda/digest/story-similarity.js';
import { hashedTermsFingerprint, termFrequencies } from '../../../lambda/topics/features.js';

const bucketOf = (word: string) => termFrequencies(word).indices[0]!;

/** Three words in two dimensions: "blast" and "explosion" along the first, "election" along the second. */
function sampleTable(): WordVectors {
  const rows = [
    { bucket: bucketOf('blast'), vector: [127, 0] },
    { bucket: bucketOf('explosion'), vector: [120, 42] },
    { bucket: bucketOf('election'), vector: [0, 127] },
  ].sort((a, b) => a.bucket - b.bucket);
  return { dims: 2, buckets: Uint32Array.from(rows, (row) => row.bucket), vectors: Int8Array.from(rows.flatMap((row) => row.vector)) };
}

const weights = (text: string) => storyVector(text);

describe('story meaning file', () => {
  it('round-trips a table exactly', () => {
    const table = sampleTable();
    expect(decodeStoryMeaning(encodeStoryMeaning(table))).toEqual(table);
  });

  it('refuses a table built under another tokenizer, a foreign file and a cut one', () => {
    const foreign = encodeStoryMeaning(sampleTable(), 'f00dfeedf00dfeed');
    expect(() => decodeStoryMeaning(foreign)).toThrow(`built under tokenizer f00dfeedf00dfeed, the code tokenizes as ${hashedTermsFingerprint()}; rebuild it with npm run build:story-meaning`);
    expect(() => decodeStoryMeaning(new TextEncoder().encode('not a story meaning file'))).toThrow(/not a newsdrop story meaning file/);
    const bytes = encodeStoryMeaning(sampleTable());
    expect(() => decodeStoryMeaning(bytes.subarray(0, bytes.length - 4))).toThrow(StoryMeaningFileError);
  });

  it('refuses buckets out of order when writing', () => {
    const table = sampleTable();
    expect(() => encodeStoryMeaning({ ...table, buckets: Uint32Array.from(table.buckets).reverse() })).toThrow(/ascend/);
  });
});

describe('meaningVector', () => {
  it('puts words of like meaning together and others apart', () => {
    const table = meaningTable(sampleTable());
    const [blast, explosion, election] = ['blast', 'explosion', 'election'].map((word) => meaningVector(weights(word), table));
    expect(cosine(blast!, explosion!)).toBeGreaterThan(0.9);
    expect(cosine(blast!, election!)).toBeLessThan(0.1);
    // Unit length, one value per dimension.
    expect(blast!.indices).toEqual(Uint32Array.from([0, 1]));
    expect(cosine(explosion!, explosion!)).toBeCloseTo(1, 6);
  });

  it('is empty when no word has a vector', () => {
    expect(meaningVector(weights('zzyzx qwerty'), meaningTable(sampleTable())).indices.length).toBe(0);
  });

  it('with the committed table, an explosion that killed people reads closer to a blast that left people dead than to an election', () => {
    const meaning = (text: string) => meaningVector(weights(text));
    const explosion = meaning('explosion killed soldiers at checkpoint');
    expect(cosine(explosion, meaning('blast left troops dead'))).toBeGreaterThan(cosine(explosion, meaning('voters went to the polls in the election')) + 0.2);
  });
});
