/**
 * npm run eval:topics — 5-fold cross-validation on ../shared/data/topics of the newsdrop model
 * and, when the `fasttext` CLI is installed, of fastText with word bigrams trained on the same
 * folds: accuracy, macro-F1 and confusion matrices per corpus, side by side.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { wordTokens } from '../../lambda/text/word-tokens.js';
import { TOPIC_LABELS } from '../../lambda/topics/topic.js';
import { readTopicCorpus, topicDataDir, type LabelledText } from './topic-corpus.js';
import { articleProbabilities } from '../../lambda/topics/classify.js';
import { argmax, DEFAULT_TRAINING, seededRandom, shuffled, trainTopicModel, withSyntheticLongDocuments } from './training.js';

const FOLDS = 5;
/** fastText settings: word bigrams as the issue asks, epochs and rate as its docs advise for small sets. */
const FASTTEXT_ARGS = ['-wordNgrams', '2', '-epoch', '25', '-lr', '0.5', '-dim', '50', '-thread', '1', '-seed', '1', '-verbose', '0'];

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = topicDataDir(repoRoot);
if (!dataDir) {
  console.log('eval:topics: ../shared/data/topics is not here; skipping the evaluation.');
  process.exit(0);
}
const hasFastText = spawnSync('fasttext', [], { stdio: 'ignore' }).error === undefined;
if (!hasFastText) console.log('eval:topics: fasttext CLI not found (apt-get install fasttext); showing newsdrop only.');

/** Evaluated the way ingest classifies: first line as headline, the rest as paragraphs. */
function asArticle(text: string) {
  const [headline = '', ...body] = text.split('\n').map((line) => line.trim()).filter(Boolean);
  return { headline, body };
}

type Prediction = { readonly item: LabelledText; readonly predicted: string };
const corpus = shuffled(readTopicCorpus(dataDir), seededRandom(DEFAULT_TRAINING.seed + 2));
const ours: Prediction[] = [];
const fast: Prediction[] = [];
const seconds = { ours: 0, fastText: 0 };
const work = mkdtempSync(path.join(tmpdir(), 'newsdrop-eval-'));
const fastTextLine = (item: LabelledText) => `__label__${item.label} ${wordTokens(item.text).join(' ')}`;

try {
  for (let fold = 0; fold < FOLDS; fold++) {
    const train = corpus.filter((_, index) => index % FOLDS !== fold);
    const test = corpus.filter((_, index) => index % FOLDS === fold);
    let started = performance.now();
    const model = trainTopicModel(TOPIC_LABELS, withSyntheticLongDocuments(train, DEFAULT_TRAINING.seed + fold));
    for (const item of test) ours.push({ item, predicted: TOPIC_LABELS[argmax(articleProbabilities(model, asArticle(item.text)))]! });
    seconds.ours += (performance.now() - started) / 1000;

    if (hasFastText) {
      started = performance.now();
      const trainFile = path.join(work, `train-${fold}.txt`);
      const testFile = path.join(work, `test-${fold}.txt`);
      writeFileSync(trainFile, `${train.map(fastTextLine).join('\n')}\n`);
      writeFileSync(testFile, `${test.map((item) => wordTokens(item.text).join(' ')).join('\n')}\n`);
      execFileSync('fasttext', ['supervised', '-input', trainFile, '-output', path.join(work, `model-${fold}`), ...FASTTEXT_ARGS]);
      const labels = execFileSync('fasttext', ['predict', path.join(work, `model-${fold}.bin`), testFile], { maxBuffer: 64 * 1024 * 1024 })
        .toString()
        .trim()
        .split('\n');
      for (const [index, item] of test.entries()) fast.push({ item, predicted: (labels[index] ?? '').replace('__label__', '') });
      seconds.fastText += (performance.now() - started) / 1000;
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

interface Scores {
  readonly accuracy: number;
  readonly macroF1: number;
  readonly matrix: string[];
}

function score(rows: readonly Prediction[]): Scores {
  const present = TOPIC_LABELS.filter((label) => rows.some((row) => row.item.label === label));
  const columns = TOPIC_LABELS.filter((label) => present.includes(label) || rows.some((row) => row.predicted === label));
  const f1 = (label: string) => {
    const tp = rows.filter((row) => row.item.label === label && row.predicted === label).length;
    const fp = rows.filter((row) => row.item.label !== label && row.predicted === label).length;
    const fn = rows.filter((row) => row.item.label === label && row.predicted !== label).length;
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  };
  const matrix = [`  ${'true \\ predicted'.padEnd(16)}${columns.map((label) => label.slice(0, 10).padStart(11)).join('')}`];
  for (const truth of present) {
    const counts = columns.map((label) => rows.filter((row) => row.item.label === truth && row.predicted === label).length);
    matrix.push(`  ${truth.padEnd(16)}${counts.map((count) => String(count).padStart(11)).join('')}`);
  }
  return {
    accuracy: rows.filter((row) => row.item.label === row.predicted).length / rows.length,
    macroF1: present.reduce((sum, label) => sum + f1(label), 0) / present.length,
    matrix,
  };
}

const percent = (value: number) => `${(100 * value).toFixed(2)}%`;
console.log(`\n${FOLDS}-fold cross-validation, both models trained on the same folds (all ${corpus.length} articles, 6 labels)`);
console.log(`training + prediction time: newsdrop ${seconds.ours.toFixed(1)} s${hasFastText ? `, fastText ${seconds.fastText.toFixed(1)} s (${FASTTEXT_ARGS.slice(0, 8).join(' ')})` : ''}\n`);
console.log(`${'corpus'.padEnd(10)}${'n'.padStart(6)}  ${'newsdrop acc'.padStart(13)} ${'macro-F1'.padStart(9)}${hasFastText ? `  ${'fastText acc'.padStart(13)} ${'macro-F1'.padStart(9)}` : ''}`);
const subsets: [string, (row: Prediction) => boolean][] = [
  ['BBC', (row) => row.item.corpus === 'bbc'],
  ['AG News', (row) => row.item.corpus === 'agnews'],
  ['all', () => true],
];
for (const [name, keep] of subsets) {
  const a = score(ours.filter(keep));
  const b = hasFastText ? score(fast.filter(keep)) : null;
  console.log(
    `${name.padEnd(10)}${String(ours.filter(keep).length).padStart(6)}  ${percent(a.accuracy).padStart(13)} ${a.macroF1.toFixed(4).padStart(9)}${b ? `  ${percent(b.accuracy).padStart(13)} ${b.macroF1.toFixed(4).padStart(9)}` : ''}`,
  );
}
for (const [name, keep] of subsets.slice(0, 2)) {
  console.log(`\nnewsdrop, ${name}:\n${score(ours.filter(keep)).matrix.join('\n')}`);
  if (hasFastText) console.log(`fastText, ${name}:\n${score(fast.filter(keep)).matrix.join('\n')}`);
}
