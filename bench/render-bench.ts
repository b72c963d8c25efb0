/**
 * npm run bench:render — digests for 10,000 subscribers spread over 20 topic selections: render
 * once per distinct selection and personalise by substitution. Baselines in the same run, on a
 * sample: rendering per subscriber, and compiling each digest's MJML with mjml per subscriber
 * (what renderDigest did before the templates were compiled at build time).
 */
import mjml2html from 'mjml';
import { MJML_OPTIONS } from '../tools/digest/compile-layout.js';
import type { DigestContent, DigestStory } from '../lambda/digest/digest-content.js';
import { digestMjml } from '../lambda/digest/digest-mjml.js';
import { personaliseDigest } from '../lambda/digest/personalise-digest.js';
import { digestSlots, renderDigest } from '../lambda/digest/render-digest.js';
import { readDigestTemplates } from '../lambda/digest/template-files.js';
import { isMain } from './bench-support.js';

export const RENDER_TARGET_PER_SECOND = 2000;
const TOPICS = ['world', 'politics', 'business', 'technology', 'sport', 'entertainment'];

export interface RenderResult {
  readonly subscribers: number;
  readonly selections: number;
  readonly meanHtmlKb: number;
  /** Render once per selection, personalise per subscriber. */
  readonly digestsPerSecond: number;
  /** renderDigest (the compiled layout filled) + personalise for every subscriber. */
  readonly perSubscriberPerSecond: number;
  /** mjml2html of the digest's MJML + personalise for every subscriber. */
  readonly liveMjmlPerSecond: number;
}

function selectionsOf(count: number): DigestContent[] {
  const stories: DigestStory[] = Array.from({ length: 30 }, (_, i) => ({
    headline: `Story ${i}: ministers agree on a plan after long talks in the capital`,
    topic: TOPICS[i % TOPICS.length]!,
    sources: ['Example Wire', ...(i % 4 === 0 ? ['Other Paper'] : [])],
    published: '2026-11-24',
    summary: 'Ministers agreed on Tuesday to a plan that had been discussed for months. The opposition said it would study the details.',
    url: i % 2 === 0 ? `https://news.example.com/story/${i}` : null,
    articleIds: [`a${i}`],
  }));
  return Array.from({ length: count }, (_, s) => {
    const topics = TOPICS.filter((_, t) => (s >> t) & 1 || t === s % TOPICS.length);
    return { date: '2026-11-24', cadence: 'daily', topics, stories: stories.filter((story) => topics.includes(story.topic)) };
  });
}

export async function measureRender(options: { subscribers: number; selections: number; sample: number }): Promise<RenderResult> {
  const selections = selectionsOf(options.selections);
  const subscribers = Array.from({ length: options.subscribers }, (_, i) => ({ email: `reader${i}@example.com`, name: null, selection: i % options.selections }));
  const personalise = (rendered: Awaited<ReturnType<typeof renderDigest>>, subscriber: (typeof subscribers)[number]) =>
    personaliseDigest(rendered, subscriber, { topics: selections[subscriber.selection]!.topics, cadence: 'daily' }).html.length;
  await renderDigest(selections[0]!); // read the compiled layout before timing

  let started = performance.now();
  const rendered = await Promise.all(selections.map((selection) => renderDigest(selection)));
  let bytes = 0;
  for (const subscriber of subscribers) bytes += personalise(rendered[subscriber.selection]!, subscriber);
  const digestsPerSecond = subscribers.length / ((performance.now() - started) / 1000);

  const sample = subscribers.slice(0, options.sample);
  started = performance.now();
  for (const subscriber of sample) personalise(await renderDigest(selections[subscriber.selection]!), subscriber);
  const perSubscriberPerSecond = sample.length / ((performance.now() - started) / 1000);

  const templates = readDigestTemplates();
  const liveMjml = async (content: DigestContent) => (await mjml2html(digestMjml(templates, digestSlots(content, content.stories.length)), MJML_OPTIONS)).html;
  await liveMjml(selections[0]!); // load mjml before timing
  started = performance.now();
  for (const subscriber of sample) {
    const content = selections[subscriber.selection]!;
    personalise({ ...rendered[subscriber.selection]!, html: await liveMjml(content) }, subscriber);
  }
  const liveMjmlPerSecond = sample.length / ((performance.now() - started) / 1000);

  return { subscribers: subscribers.length, selections: selections.length, meanHtmlKb: bytes / subscribers.length / 1024, digestsPerSecond, perSubscriberPerSecond, liveMjmlPerSecond };
}

if (isMain(import.meta.url)) {
  const result = await measureRender({ subscribers: 10_000, selections: 20, sample: 200 });
  console.log(
    `render once per selection + personalise: ${result.subscribers} digests over ${result.selections} selections = ${result.digestsPerSecond.toFixed(0)} digests/s (target >= ${RENDER_TARGET_PER_SECOND}); mean HTML ${result.meanHtmlKb.toFixed(1)} KB`,
  );
  console.log(`baseline, renderDigest per subscriber: ${result.perSubscriberPerSecond.toFixed(0)} digests/s (${(result.digestsPerSecond / result.perSubscriberPerSecond).toFixed(1)} x slower)`);
  console.log(
    `baseline, mjml compilation per subscriber (before templates were precompiled): ${result.liveMjmlPerSecond.toFixed(0)} digests/s (${(result.digestsPerSecond / result.liveMjmlPerSecond).toFixed(0)} x slower; precompiled rendering alone is ${(result.perSubscriberPerSecond / result.liveMjmlPerSecond).toFixed(0)} x faster)`,
  );
}
