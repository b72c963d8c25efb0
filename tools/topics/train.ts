/**
 * npm run train:topics — reproduces lambda/topics/model.bin from ../shared/data/topics.
 * Deterministic (fixed seed): running it twice writes the same bytes.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LinearModel } from '../../lambda/topics/linear-model.js';
import { encodeModel } from '../../lambda/topics/model-file.js';
import { TOPIC_LABELS } from '../../lambda/topics/topic.js';
import { readTopicCorpus, topicDataDir } from './topic-corpus.js';
import { DEFAULT_TRAINING, fitTemperature, seededRandom, shuffled, trainTopicModel, withSyntheticLongDocuments } from './training.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = topicDataDir(repoRoot);
if (!dataDir) {
  console.log('train:topics: ../shared/data/topics is not here; nothing to train (the committed model.bin stays).');
  process.exit(0);
}

const started = performance.now();
const corpus = readTopicCorpus(dataDir);
// Calibration: fit the temperature on a 10% split the model did not see, then train on everything.
const order = shuffled(corpus, seededRandom(DEFAULT_TRAINING.seed + 1));
const cut = Math.floor(order.length * 0.9);
const temperature = fitTemperature(trainTopicModel(TOPIC_LABELS, withSyntheticLongDocuments(order.slice(0, cut), DEFAULT_TRAINING.seed)), order.slice(cut));
const trained = trainTopicModel(TOPIC_LABELS, withSyntheticLongDocuments(corpus, DEFAULT_TRAINING.seed));
const model = new LinearModel(trained.labels, trained.weights, trained.bias, temperature, trained.idf);
const bytes = encodeModel(model);
const target = fileURLToPath(new URL('../../lambda/topics/model.bin', import.meta.url));
writeFileSync(target, bytes);
console.log(
  `train:topics: ${corpus.length} articles, temperature ${temperature}, ${bytes.byteLength} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}, ${((performance.now() - started) / 1000).toFixed(1)} s → ${target}`,
);
