import { BUCKETS, termFrequencies, weighted, type SparseVector } from './features.js';

/**
 * Multinomial logistic regression over hashed features. Weights are stored per bucket, label-major
 * within a bucket (weights[bucket * labels + label]) so one feature touches one cache line.
 */
export class LinearModel {
  constructor(
    readonly labels: readonly string[],
    readonly weights: Float32Array,
    readonly bias: Float32Array,
    /** Softmax temperature fitted on held-out folds, so probabilities are calibrated. */
    readonly temperature = 1,
    /** Inverse document frequency per bucket from the training set; null = plain tf. */
    readonly idf: Float32Array | null = null,
  ) {
    if (weights.length !== BUCKETS * labels.length) throw new RangeError(`expected ${BUCKETS * labels.length} weights, got ${weights.length}`);
  }

  /** Text → the feature vector this model was trained on. */
  vectorize(text: string): SparseVector {
    return weighted(termFrequencies(text), this.idf);
  }

  logits(features: SparseVector): Float64Array {
    const labelCount = this.labels.length;
    const logits = new Float64Array(labelCount);
    for (let label = 0; label < labelCount; label++) logits[label] = this.bias[label]!;
    for (let i = 0; i < features.indices.length; i++) {
      const base = features.indices[i]! * labelCount;
      const value = features.values[i]!;
      for (let label = 0; label < labelCount; label++) logits[label]! += this.weights[base + label]! * value;
    }
    return logits;
  }

  probabilities(features: SparseVector, temperature = this.temperature): Float64Array {
    return softmax(this.logits(features), temperature);
  }
}

export function softmax(logits: Float64Array, temperature = 1): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const value of logits) max = Math.max(max, value);
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    out[i] = Math.exp((logits[i]! - max) / temperature);
    sum += out[i]!;
  }
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}
