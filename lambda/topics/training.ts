import { BUCKETS, featuresOf, type SparseVector } from './features.js';
import { LinearModel, softmax } from './linear-model.js';

export interface TrainingExample {
  readonly features: SparseVector;
  readonly label: number;
}

export interface TrainingOptions {
  readonly epochs: number;
  readonly learningRate: number;
  /** L2 penalty applied to the weights an example touches. */
  readonly l2: number;
  readonly seed: number;
}

export const DEFAULT_TRAINING: TrainingOptions = { epochs: 12, learningRate: 0.8, l2: 1e-6, seed: 20261124 };

/** mulberry32: a small seeded PRNG so training is reproducible byte for byte. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

export function toExamples(texts: readonly { text: string; label: string }[], labels: readonly string[]): TrainingExample[] {
  return texts.map((item) => ({ features: featuresOf(item.text), label: labels.indexOf(item.label) }));
}

/**
 * Softmax regression by SGD with a decaying learning rate; classes weighted by inverse
 * frequency so the small BBC-only topics are not drowned by AG News.
 */
export function trainLinearModel(labels: readonly string[], examples: readonly TrainingExample[], options: TrainingOptions = DEFAULT_TRAINING): LinearModel {
  const labelCount = labels.length;
  const weights = new Float32Array(BUCKETS * labelCount);
  const bias = new Float32Array(labelCount);
  const model = new LinearModel(labels, weights, bias);
  const frequency = new Array<number>(labelCount).fill(0);
  for (const example of examples) frequency[example.label]!++;
  const classWeight = frequency.map((count) => (count ? examples.length / (labelCount * count) : 0));
  const random = seededRandom(options.seed);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const rate = options.learningRate / (1 + epoch * 0.5);
    for (const example of shuffled(examples, random)) {
      const probabilities = softmax(model.logits(example.features));
      const scale = rate * classWeight[example.label]!;
      for (let label = 0; label < labelCount; label++) {
        const gradient = probabilities[label]! - (label === example.label ? 1 : 0);
        bias[label]! -= scale * gradient * 0.1;
        for (let i = 0; i < example.features.indices.length; i++) {
          const index = example.features.indices[i]! * labelCount + label;
          weights[index]! -= scale * (gradient * example.features.values[i]! + options.l2 * weights[index]!);
        }
      }
    }
  }
  return model;
}

/** Softmax temperature minimising the negative log-likelihood on held-out examples (grid search). */
export function fitTemperature(model: LinearModel, heldOut: readonly TrainingExample[]): number {
  let best = { temperature: 1, loss: Number.POSITIVE_INFINITY };
  for (let temperature = 0.3; temperature <= 3.001; temperature += 0.05) {
    let loss = 0;
    for (const example of heldOut) loss -= Math.log(Math.max(model.probabilities(example.features, temperature)[example.label]!, 1e-12));
    if (loss < best.loss) best = { temperature: Number(temperature.toFixed(2)), loss };
  }
  return best.temperature;
}
