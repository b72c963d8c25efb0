/**
 * npx tsx bench/story-grouping-bench.ts [articles] — same-story grouping alone, on the burst
 * bench's synthetic reports (test/support/burst-corpus.ts, 10,000 by default): their story
 * features computed once (as ingest does), then findSameStoryPairsSync over all of them three
 * times. Prints wall and CPU time of each run (CPU time is the steadier figure on a loaded
 * machine), the pairs compared and found. The full picture, ingest and index reads included, is
 * `npm run bench:burst` (minutes); this takes well under a minute. Figures print; nothing gates.
 */
import { storyFeaturesOf } from '../lambda/digest/story-features.js';
import { findSameStoryPairsSync } from '../lambda/digest/story-graph.js';
import { burstCorpus } from '../test/support/burst-corpus.js';

const articles = Number(process.argv[2] ?? 10_000);
const RUNS = 3;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const featuresStarted = performance.now();
const items = burstCorpus(articles, { seed: 12 }).map((article) => ({
  id: article.name,
  published: article.published,
  storyFeatures: storyFeaturesOf({ headline: article.headline, body: article.paragraphs }),
}));
console.log(`bench:story-grouping — ${articles} synthetic reports; story features computed in ${seconds(performance.now() - featuresStarted)} (at ingest, once each)`);
for (let run = 1; run <= RUNS; run++) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = findSameStoryPairsSync(items);
  const cpuMs = process.cpuUsage(cpu).user / 1000;
  console.log(`  run ${run}: grouped in ${seconds(performance.now() - started)} wall, ${seconds(cpuMs)} CPU; ${result.compared} pairs compared, ${result.pairs.size} same-story pairs`);
}
