/**
 * npm run eval:stories — precision and recall of same-story pair decisions on
 * bench/same-story-pairs.json (real GN1 pages and the seed pages, labelled by hand).
 * Skips with a message when ../shared is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArticle } from '../../lambda/article/parse-article.js';
import { storyFeaturesOf } from '../../lambda/digest/story-features.js';
import { findSameStoryPairsSync } from '../../lambda/digest/story-graph.js';
import { storyVector } from '../../lambda/digest/story-idf.js';
import { decodeSparseVector, encodeSparseVector } from '../../lambda/store/story-features.js';
import { compareStories, namedEntities, SAME_STORY } from '../../lambda/digest/story-similarity.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const shared = path.resolve(repoRoot, '..', 'shared');
const gn1Path = path.join(shared, 'data', 'extraction', 'gn1-dev.jsonl');
if (!existsSync(gn1Path) || !existsSync(path.join(shared, 'seeds'))) {
  console.log('eval:stories: ../shared/data or ../shared/seeds is not here; skipping the evaluation.');
  process.exit(0);
}

const gn1 = new Map(
  readFileSync(gn1Path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { id: string; raw_text: string })
    .map((page) => [page.id.slice(0, 8), page.raw_text]),
);
const seeds = new Map(readdirSync(path.join(shared, 'seeds')).map((file) => [file.slice(0, 3), readFileSync(path.join(shared, 'seeds', file), 'utf8')]));

function load(reference: string) {
  const [kind, id] = reference.split(':') as [string, string];
  const text = kind === 'gn1' ? gn1.get(id) : seeds.get(id);
  if (text === undefined) throw new Error(`unknown article ${reference}`);
  const article = parseArticle(Buffer.from(text), { fileName: `${id}.txt` });
  return {
    headline: article.headline,
    vector: storyVector([article.headline, ...article.body].join('\n')),
    lede: storyVector([article.headline, ...article.body.slice(0, 2)].join('\n')),
    entities: namedEntities([article.headline, ...article.body]),
    published: article.published,
    // As a digest run sees it: computed at ingest, stored in the index, read back.
    stored: (() => {
      const features = storyFeaturesOf(article);
      return { vector: decodeSparseVector(encodeSparseVector(features.vector)), lede: decodeSparseVector(encodeSparseVector(features.lede)), entities: features.entities };
    })(),
  };
}

const { pairs } = JSON.parse(readFileSync(path.join(repoRoot, 'bench', 'same-story-pairs.json'), 'utf8')) as {
  pairs: { a: string; b: string; same: boolean; note: string }[];
};
let tp = 0;
let fp = 0;
let fn = 0;
let tn = 0;
let groupingAgrees = 0;
console.log(`rule: cosine + ${SAME_STORY.entityWeight} x entity overlap + ${SAME_STORY.ledeWeight} x lede cosine >= ${SAME_STORY.threshold}; over ${SAME_STORY.maxDaysApart} days apart only near-copies\n`);
for (const pair of pairs) {
  const [a, b] = [load(pair.a), load(pair.b)];
  const result = compareStories(a, b);
  const grouped = findSameStoryPairsSync([
    { id: 'a', published: a.published, storyFeatures: a.stored },
    { id: 'b', published: b.published, storyFeatures: b.stored },
  ]);
  if ((grouped.pairs.size === 1) === result.sameStory) groupingAgrees++;
  if (result.sameStory && pair.same) tp++;
  else if (result.sameStory) fp++;
  else if (pair.same) fn++;
  else tn++;
  const verdict = result.sameStory === pair.same ? '  ' : result.sameStory ? 'FP' : 'FN';
  console.log(`${verdict} ${pair.same ? 'same' : 'diff'} score ${result.score.toFixed(3)} (cos ${result.cosine.toFixed(2)}, entities ${result.entityOverlap.toFixed(2)}, lede ${result.ledeCosine.toFixed(2)}, days ${result.daysApart ?? '?'})  ${pair.note}`);
}
const precision = tp / Math.max(tp + fp, 1);
const recall = tp / Math.max(tp + fn, 1);
console.log(`\n${pairs.length} pairs (${tp + fn} same, ${fp + tn} different): precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}, F1 ${((2 * precision * recall) / Math.max(precision + recall, 1e-9)).toFixed(3)}`);
console.log(`Grouping as a digest run does it (stored features, blocking) decides ${groupingAgrees} of ${pairs.length} pairs as the rule does.`);
console.log('The rule was fitted on these pairs: read the figures as training-set figures.');
