import { readFileSync } from 'node:fs';
import type { LinearModel } from './linear-model.js';
import { decodeModel, ModelFileError } from './model-file.js';
import { TOPIC_LABELS, type TopicLabel, type TopicPrediction } from './topic.js';

let model: LinearModel | undefined;

/**
 * The committed weights, loaded once per process. In the Lambda bundle model.bin sits beside
 * the code, as it does beside this module in the repository; NEWSDROP_TOPIC_MODEL overrides.
 */
export function topicModel(): LinearModel {
  if (model) return model;
  const path = process.env['NEWSDROP_TOPIC_MODEL'] ?? new URL('./model.bin', import.meta.url);
  const loaded = decodeModel(readFileSync(path));
  const unknown = loaded.labels.filter((label) => !(TOPIC_LABELS as readonly string[]).includes(label));
  if (unknown.length > 0 || loaded.labels.length !== TOPIC_LABELS.length) {
    throw new ModelFileError(`labels ${loaded.labels.join(', ')} do not match ${TOPIC_LABELS.join(', ')}`);
  }
  model = loaded;
  return model;
}

/** The parts of an article the classifier reads. */
interface ClassifiableArticle {
  readonly headline: string;
  readonly body: readonly string[];
}

/** Paragraphs forming the lede: where news writing states what the story is about. */
const LEDE_PARAGRAPHS = 2;
/** Share of the lede's vote, chosen by 5-fold CV together with the training recipe. */
const LEDE_WEIGHT = 0.5;

/**
 * Label probabilities of an article: the whole text's blended with the lede's. The training data
 * mixes short items (AG News: headline + lede) with full articles (BBC); reading both views keeps
 * long articles from drifting towards the topics only BBC covers.
 */
export function articleProbabilities(model: LinearModel, article: ClassifiableArticle): Float64Array {
  const full = model.probabilities(model.vectorize([article.headline, ...article.body].join('\n')));
  if (article.body.length <= LEDE_PARAGRAPHS) return full;
  const lede = model.probabilities(model.vectorize([article.headline, ...article.body.slice(0, LEDE_PARAGRAPHS)].join('\n')));
  return full.map((p, label) => (1 - LEDE_WEIGHT) * p + LEDE_WEIGHT * lede[label]!);
}

function toPrediction(model: LinearModel, probabilities: Float64Array): TopicPrediction {
  const scores = Object.fromEntries(TOPIC_LABELS.map((label) => [label, 0])) as Record<TopicLabel, number>;
  let best = 0;
  model.labels.forEach((label, index) => {
    scores[label as TopicLabel] = probabilities[index]!;
    if (probabilities[index]! > probabilities[best]!) best = index;
  });
  return { label: model.labels[best] as TopicLabel, confidence: probabilities[best]!, scores };
}

/** Topic of raw text: best label, its probability, every probability. */
export function classifyText(text: string): TopicPrediction {
  const model = topicModel();
  return toPrediction(model, model.probabilities(model.vectorize(text)));
}

/** Topic of a parsed article (headline and body paragraphs), as ingest stores it. */
export function classifyArticle(article: ClassifiableArticle): TopicPrediction {
  const model = topicModel();
  return toPrediction(model, articleProbabilities(model, article));
}
