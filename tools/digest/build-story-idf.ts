/**
 * npm run build:story-idf — writes lambda/digest/story-idf.bin, the IDF table same-story grouping
 * weighs words by, from ../shared/data/topics. Its documents are those the topic model's IDF comes
 * from (the labelled items plus the synthetic long ones train:topics adds), so story cosines, and
 * the threshold fitted on them, stay what they were when grouping read the model's table.
 * Deterministic: a rerun on the same Node writes the same bytes.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeStoryIdf, encodeStoryIdf } from '../../lambda/digest/story-idf.js';
import { inverseDocumentFrequency, termFrequencies } from '../../lambda/topics/features.js';
import { decodeModel } from '../../lambda/topics/model-file.js';
import { readTopicCorpus, topicDataDir } from '../topics/topic-corpus.js';
import { DEFAULT_TRAINING, withSyntheticLongDocuments } from '../topics/training.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = topicDataDir(repoRoot);
if (!dataDir) {
  console.log('build:story-idf: ../shared/data/topics is not here; the committed story-idf.bin stays.');
  process.exit(0);
}

const documents = withSyntheticLongDocuments(readTopicCorpus(dataDir), DEFAULT_TRAINING.seed);
const bytes = encodeStoryIdf(inverseDocumentFrequency(documents.map((document) => termFrequencies(document.text))));
const target = fileURLToPath(new URL('../../lambda/digest/story-idf.bin', import.meta.url));
writeFileSync(target, bytes);

// How this table compares with the committed topic model's (the one grouping read before).
const table = decodeStoryIdf(bytes);
const modelIdf = decodeModel(readFileSync(new URL('../../lambda/topics/model.bin', import.meta.url))).idf;
const differing = modelIdf ? table.reduce((count, value, bucket) => count + (value === modelIdf[bucket] ? 0 : 1), 0) : table.length;
console.log(
  `build:story-idf: ${documents.length} documents, ${table.length} buckets, ${bytes.byteLength} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex').slice(0, 16)} → ${target}`,
);
console.log(`  ${differing} buckets differ from the IDF in lambda/topics/model.bin`);
