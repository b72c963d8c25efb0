import { beforeAll, describe, expect, it } from 'vitest';
import { fnv1a } from '../../../lambda/text/fnv1a.js';
import { wordTokens } from '../../../lambda/text/word-tokens.js';
import { BUCKETS, featuresOf, hashedTermsFingerprint } from '../../../lambda/topics/features.js';
import { LinearModel, softmax } from '../../../lambda/topics/linear-model.js';
import { decodeModel, encodeModel, ModelFileError } from '../../../lambda/topics/model-file.js';
import { seededRandom } from '../../../tools/topics/training.js';

function randomModel(seed: number): LinearModel {
  const random = seededRandom(seed);
  const labels = ['world', 'politics', 'business', 'technology', 'sport', 'entertainment'];
  const weights = new Float32Array(BUCKETS * labels.length).map(() => (random() - 0.5) * 4);
  return new LinearModel(labels, weights, Float32Array.from(labels, () => random() - 0.5), 0.8);
}

describe('topic features', () => {
  it('hashes with FNV-1a (32-bit reference values)', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('tokenises case- and accent-aware, folding numbers to their shape', () => {
    expect(wordTokens("Zürich's FC won 3-1 in 2026")).toEqual(["zürich's", 'fc', 'won', '#n', '#n', 'in', '#nnn']);
  });

  it('gives the same L2-normalised vector for the same text', () => {
    const a = featuresOf('Parliament votes on the budget');
    const b = featuresOf('Parliament votes on the budget');
    expect([...a.indices]).toEqual([...b.indices]);
    const norm = Math.sqrt([...a.values].reduce((sum, value) => sum + value * value, 0));
    expect(norm).toBeCloseTo(1, 5);
    expect(a.indices.length).toBe(9); // 5 words + 4 bigrams
  });

  it('softmax yields probabilities that sum to 1, sharper at lower temperature', () => {
    const logits = Float64Array.from([2, 1, 0.5]);
    const warm = softmax(logits, 1);
    const cold = softmax(logits, 0.5);
    expect(warm.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 10);
    expect(cold[0]!).toBeGreaterThan(warm[0]!);
  });
});

describe('model file', () => {
  it('round-trips labels, bias, temperature and int8 weights within quantisation error', () => {
    const model = randomModel(7);
    const decoded = decodeModel(encodeModel(model));
    expect(decoded.labels).toEqual(model.labels);
    expect(decoded.temperature).toBeCloseTo(0.8, 6);
    expect([...decoded.bias]).toEqual([...model.bias]);
    let worst = 0;
    for (let i = 0; i < 10_000; i++) worst = Math.max(worst, Math.abs(decoded.weights[i]! - model.weights[i]!));
    expect(worst).toBeLessThan(2 / 127 + 1e-6);
  });

  it('refuses a file that is not a model or is truncated', () => {
    expect(() => decodeModel(new TextEncoder().encode('not a model at all'))).toThrow(ModelFileError);
    const bytes = encodeModel(randomModel(3));
    expect(() => decodeModel(bytes.subarray(0, bytes.length - 10))).toThrow(/truncated/);
  });

  describe('tokenizer fingerprint', () => {
    let bytes: Uint8Array;
    beforeAll(() => {
      bytes = encodeModel(randomModel(5));
    });

    it('loads a file trained under the tokenizer the code has', () => {
      expect(decodeModel(bytes).labels).toHaveLength(6);
      expect(decodeModel(bytes, hashedTermsFingerprint()).labels).toHaveLength(6);
    });

    it('refuses a file trained under another tokenizer, naming both fingerprints', () => {
      const otherTokenizer = 'f00dfeedf00dfeed';
      const retokenised = bytes.slice();
      retokenised.set(Buffer.from(otherTokenizer, 'hex'), 12);
      expect(() => decodeModel(retokenised)).toThrow(ModelFileError);
      expect(() => decodeModel(retokenised)).toThrow(`trained under tokenizer ${otherTokenizer}, the code tokenizes as ${hashedTermsFingerprint()}; retrain`);
      // Code whose tokenizer has that fingerprint reads the same file.
      expect(decodeModel(retokenised, otherTokenizer).labels).toHaveLength(6);
    });

    it('refuses a file of the previous format, which had no fingerprint', () => {
      const previous = bytes.slice();
      new DataView(previous.buffer).setUint16(4, 2, true);
      expect(() => decodeModel(previous)).toThrow(/version 2, the code reads version 3; retrain/);
    });
  });
});
