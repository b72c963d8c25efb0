/**
 * npm run eval:topics — k-fold cross-validation of the topic model on ../shared/data/topics:
 * accuracy, macro-F1 and a confusion matrix per corpus and overall.
 */
import { fileURLToPath } from 'node:url';
import { TOPIC_LABELS } from './topic.js';
import { readTopicCorpus, topicDataDir, type LabelledText } from './topic-corpus.js';
import { DEFAULT_TRAINING, seededRandom, shuffled, toExamples, trainLinearModel } from './training.js';

const FOLDS = 5;
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = topicDataDir(repoRoot);
if (!dataDir) {
  console.log('eval:topics: ../shared/data/topics is not here; skipping the evaluation.');
  process.exit(0);
}

const corpus = shuffled(readTopicCorpus(dataDir), seededRandom(DEFAULT_TRAINING.seed + 2));
const predictions: { item: LabelledText; predicted: string }[] = [];
for (let fold = 0; fold < FOLDS; fold++) {
  const train = corpus.filter((_, index) => index % FOLDS !== fold);
  const test = corpus.filter((_, index) => index % FOLDS === fold);
  const model = trainLinearModel(TOPIC_LABELS, toExamples(train, TOPIC_LABELS));
  for (const [index, example] of toExamples(test, TOPIC_LABELS).entries()) {
    const probabilities = model.probabilities(example.features);
    let best = 0;
    for (let label = 1; label < probabilities.length; label++) if (probabilities[label]! > probabilities[best]!) best = label;
    predictions.push({ item: test[index]!, predicted: TOPIC_LABELS[best]! });
  }
}

function report(name: string, rows: typeof predictions) {
  const labels = TOPIC_LABELS.filter((label) => rows.some((row) => row.item.label === label || row.predicted === label));
  const correct = rows.filter((row) => row.item.label === row.predicted).length;
  const f1s = labels.map((label) => {
    const tp = rows.filter((row) => row.item.label === label && row.predicted === label).length;
    const fp = rows.filter((row) => row.item.label !== label && row.predicted === label).length;
    const fn = rows.filter((row) => row.item.label === label && row.predicted !== label).length;
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  const trueLabels = labels.filter((label) => rows.some((row) => row.item.label === label));
  const macroF1 = trueLabels.reduce((sum, label) => sum + f1s[labels.indexOf(label)]!, 0) / trueLabels.length;
  console.log(`\n${name}: ${rows.length} articles, ${FOLDS}-fold CV — accuracy ${((100 * correct) / rows.length).toFixed(2)}%, macro-F1 ${macroF1.toFixed(4)}`);
  console.log(`${'true \\ predicted'.padEnd(16)}${labels.map((label) => label.slice(0, 10).padStart(11)).join('')}`);
  for (const truth of trueLabels) {
    const counts = labels.map((label) => rows.filter((row) => row.item.label === truth && row.predicted === label).length);
    console.log(`${truth.padEnd(16)}${counts.map((count) => String(count).padStart(11)).join('')}`);
  }
}

report('BBC', predictions.filter((row) => row.item.corpus === 'bbc'));
report('AG News', predictions.filter((row) => row.item.corpus === 'agnews'));
report('All', predictions);
