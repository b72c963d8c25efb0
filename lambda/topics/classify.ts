import { readFileSync } from 'node:fs';
import { featuresOf } from './features.js';
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

/** Topic of an article's text (headline and body): best label, its probability, every probability. */
export function classifyText(text: string): TopicPrediction {
  const current = topicModel();
  const probabilities = current.probabilities(featuresOf(text));
  const scores = Object.fromEntries(TOPIC_LABELS.map((label) => [label, 0])) as Record<TopicLabel, number>;
  let best = 0;
  current.labels.forEach((label, index) => {
    scores[label as TopicLabel] = probabilities[index]!;
    if (probabilities[index]! > probabilities[best]!) best = index;
  });
  return { label: current.labels[best] as TopicLabel, confidence: probabilities[best]!, scores };
}

/** The parts of an article the classifier reads. */
export interface ClassifiableArticle {
  readonly headline: string;
  readonly body: readonly string[];
}

/** Paragraphs forming the lede: where news writing states what the story is about. */
const LEDE_PARAGRAPHS = 2;

/**
 * Topic of a parsed article: the mean of the whole text's and the lede's probabilities. The
 * training data mixes short items (AG News: headline + lede) with full articles (BBC); reading
 * both views keeps long articles from drifting towards the topics only BBC covers.
 */
export function classifyArticle(article: ClassifiableArticle): TopicPrediction {
  const full = classifyText([article.headline, ...article.body].join('\n'));
  if (article.body.length <= LEDE_PARAGRAPHS) return full;
  const lede = classifyText([article.headline, ...article.body.slice(0, LEDE_PARAGRAPHS)].join('\n'));
  const scores = Object.fromEntries(
    TOPIC_LABELS.map((label) => [label, (full.scores[label] + lede.scores[label]) / 2]),
  ) as Record<TopicLabel, number>;
  const label = TOPIC_LABELS.reduce((best, candidate) => (scores[candidate] > scores[best] ? candidate : best));
  return { label, confidence: scores[label], scores };
}
