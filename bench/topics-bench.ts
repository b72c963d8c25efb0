/**
 * npm run bench:topics — topic model cost: weights size, cold load, prediction time for a
 * 1,000-word article after warm-up, against a baseline (tokenising the same text) in the same run.
 */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { articleProbabilities, topicModel } from '../lambda/topics/classify.js';
import { tokenize } from '../lambda/topics/features.js';

const modelPath = fileURLToPath(new URL('../lambda/topics/model.bin', import.meta.url));
const coldStart = performance.now();
const model = topicModel();
const coldMs = performance.now() - coldStart;

const words = 'the minister said talks on trade and security with foreign officials would continue next week as markets rose'.split(' ');
const paragraphs = Array.from({ length: 20 }, (_, p) => Array.from({ length: 50 }, (_, i) => words[(p * 7 + i) % words.length]).join(' ') + '.');
const article = { headline: 'Ministers agree to continue talks', body: paragraphs };
const text = [article.headline, ...paragraphs].join('\n');

function timePerCall(run: () => void, iterations: number): number {
  for (let i = 0; i < 200; i++) run();
  const started = performance.now();
  for (let i = 0; i < iterations; i++) run();
  return (performance.now() - started) / iterations;
}

const predictMs = timePerCall(() => articleProbabilities(model, article), 2000);
const tokenizeMs = timePerCall(() => tokenize(text), 2000);
console.log(`weights file            ${(statSync(modelPath).size / 1024 / 1024).toFixed(2)} MB (target <= 4 MB)`);
console.log(`cold model load         ${coldMs.toFixed(1)} ms (target <= 50 ms)`);
console.log(`predict, 1,000 words    ${predictMs.toFixed(3)} ms/article (target <= 0.2 ms), ${(1000 / predictMs).toFixed(0)} articles/s`);
console.log(`baseline: tokenise only ${tokenizeMs.toFixed(3)} ms/article; prediction = ${(predictMs / tokenizeMs).toFixed(1)} x tokenising`);
