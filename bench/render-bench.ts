/**
 * npm run bench:render — digests for 10,000 subscribers spread over 20 topic selections:
 * render once per distinct selection and personalise by substitution, against the naive path
 * (one MJML compilation per subscriber, timed on a sample) in the same run.
 */
import { personaliseDigest } from '../lambda/digest/personalise-digest.js';
import { renderDigest } from '../lambda/digest/render-digest.js';
import type { DigestContent, DigestStory } from '../lambda/digest/digest-content.js';

const SUBSCRIBERS = 10_000;
const SELECTIONS = 20;
const NAIVE_SAMPLE = 200;
const TOPICS = ['world', 'politics', 'business', 'technology', 'sport', 'entertainment'];

const stories: DigestStory[] = Array.from({ length: 30 }, (_, i) => ({
  headline: `Story ${i}: ministers agree on a plan after long talks in the capital`,
  topic: TOPICS[i % TOPICS.length]!,
  sources: ['Example Wire', ...(i % 4 === 0 ? ['Other Paper'] : [])],
  published: '2026-11-24',
  summary: 'Ministers agreed on Tuesday to a plan that had been discussed for months. The opposition said it would study the details.',
  url: i % 2 === 0 ? `https://news.example.com/story/${i}` : null,
  articleIds: [`a${i}`],
}));
const selections: DigestContent[] = Array.from({ length: SELECTIONS }, (_, s) => {
  const topics = TOPICS.filter((_, t) => (s >> t) & 1 || t === s % TOPICS.length);
  return { date: '2026-11-24', cadence: 'daily', topics, stories: stories.filter((story) => topics.includes(story.topic)) };
});
const subscribers = Array.from({ length: SUBSCRIBERS }, (_, i) => ({ email: `reader${i}@example.com`, name: null, selection: i % SELECTIONS }));

await renderDigest(selections[0]!); // load mjml and the templates before timing

let started = performance.now();
const rendered = await Promise.all(selections.map((selection) => renderDigest(selection)));
let bytes = 0;
for (const subscriber of subscribers) {
  const selection = selections[subscriber.selection]!;
  bytes += personaliseDigest(rendered[subscriber.selection]!, subscriber, { topics: selection.topics, cadence: 'daily' }).html.length;
}
const onceSeconds = (performance.now() - started) / 1000;

started = performance.now();
for (const subscriber of subscribers.slice(0, NAIVE_SAMPLE)) {
  const selection = selections[subscriber.selection]!;
  personaliseDigest(await renderDigest(selection), subscriber, { topics: selection.topics, cadence: 'daily' });
}
const naivePerSecond = NAIVE_SAMPLE / ((performance.now() - started) / 1000);
const oncePerSecond = SUBSCRIBERS / onceSeconds;
console.log(`render once per selection + personalise: ${SUBSCRIBERS} digests over ${SELECTIONS} selections in ${onceSeconds.toFixed(2)} s = ${oncePerSecond.toFixed(0)} digests/s (target >= 2000); mean HTML ${(bytes / SUBSCRIBERS / 1024).toFixed(1)} KB`);
console.log(`naive, one compilation per subscriber (${NAIVE_SAMPLE} sampled): ${naivePerSecond.toFixed(0)} digests/s`);
console.log(`ratio: ${(oncePerSecond / naivePerSecond).toFixed(0)} x faster`);
