/**
 * npm run bench:topics — topic model cost: weights size, cold load, prediction time for a
 * 1,000-word article after warm-up, against a baseline (tokenising the same text) in the same run.
 */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { articleProbabilities, topicModel } from '../lambda/topics/classify.js';
import { wordTokens } from '../lambda/text/word-tokens.js';
import { isMain } from './bench-support.js';

const modelPath = fileURLToPath(new URL('../lambda/topics/model.bin', import.meta.url));
export const CLASSIFY_TARGETS = { weightsMb: 4, coldLoadMs: 50, predictMs: 0.2 } as const;

export interface ClassificationResult {
  readonly weightsMb: number;
  /** First topicModel() in this process: read and decode model.bin. */
  readonly coldLoadMs: number;
  readonly predictMsPerArticle: number;
  /** Tokenising the same 1,000 words. */
  readonly tokenizeMsPerArticle: number;
}

function msPerCall(run: () => void, iterations: number): number {
  for (let i = 0; i < 200; i++) run();
  const started = performance.now();
  for (let i = 0; i < iterations; i++) run();
  return (performance.now() - started) / iterations;
}

export function measureClassification(iterations = 2000): ClassificationResult {
  const coldStart = performance.now();
  const model = topicModel();
  const coldLoadMs = performance.now() - coldStart;

  const words = 'the minister said talks on trade and security with foreign officials would continue next week as markets rose'.split(' ');
  const paragraphs = Array.from({ length: 20 }, (_, p) => `${Array.from({ length: 50 }, (_, i) => words[(p * 7 + i) % words.length]).join(' ')}.`);
  const article = { headline: 'Ministers agree to continue talks', body: paragraphs };
  const text = [article.headline, ...paragraphs].join('\n');
  return {
    weightsMb: statSync(modelPath).size / 1024 / 1024,
    coldLoadMs,
    predictMsPerArticle: msPerCall(() => articleProbabilities(model, article), iterations),
    tokenizeMsPerArticle: msPerCall(() => wordTokens(text), iterations),
  };
}

if (isMain(import.meta.url)) {
  const result = measureClassification();
  console.log(`weights file            ${result.weightsMb.toFixed(2)} MB (target <= ${CLASSIFY_TARGETS.weightsMb} MB)`);
  console.log(`cold model load         ${result.coldLoadMs.toFixed(1)} ms (target <= ${CLASSIFY_TARGETS.coldLoadMs} ms)`);
  console.log(
    `predict, 1,000 words    ${result.predictMsPerArticle.toFixed(3)} ms/article (target <= ${CLASSIFY_TARGETS.predictMs} ms), ${(1000 / result.predictMsPerArticle).toFixed(0)} articles/s`,
  );
  console.log(
    `baseline: tokenise only ${result.tokenizeMsPerArticle.toFixed(3)} ms/article; prediction = ${(result.predictMsPerArticle / result.tokenizeMsPerArticle).toFixed(1)} x tokenising`,
  );
}
