/**
 * tsx tools/digest/story-pair-candidates.ts [minScore] [bbcMinScore] — the candidate pairs the
 * labelled set in story-pairs.jsonl was drawn from, scored by the old rule (old-story-rule.ts:
 * cosine + ¼ entity overlap + ¼ lede cosine; it pairs at 0.28):
 * - every pair of GN1 pages, seeds and examples scoring at least minScore (default 0.12, so the
 *   set holds pairs the old rule misses) under either rendering, plus every pair of seeds;
 * - every pair of BBC articles (bbc-dev.jsonl, 1,562 of them) with a whole-text cosine of at least
 *   0.1 scoring at least bbcMinScore (default 0.25).
 * Prints one JSON line a pair with both headlines and ledes, for labelling by hand.
 */
import { storyVector } from '../../lambda/digest/story-idf.js';
import { namedEntities } from '../../lambda/digest/story-similarity.js';
import { oldStoryScore } from './old-story-rule.js';
import { loadPages, missingPages, type PageText } from './story-pages.js';

const missing = missingPages();
if (missing) {
  console.log(`story-pair-candidates: ${missing}; nothing to do.`);
  process.exit(0);
}
const minScore = Number(process.argv[2] ?? 0.12);
const bbcMinScore = Number(process.argv[3] ?? 0.25);
const BBC_MIN_COSINE = 0.1;
const pages = loadPages();

function oldScore(page: PageText) {
  return { vector: storyVector([page.headline, ...page.body].join('\n')), lede: storyVector([page.headline, ...page.body.slice(0, 2)].join('\n')), entities: namedEntities([page.headline, ...page.body]) };
}

const ids = [...pages.parsed.keys()].filter((id) => !id.startsWith('bbc:')).sort();
const features = { parsed: ids.map((id) => oldScore(pages.parsed.get(id)!)), gold: ids.map((id) => oldScore(pages.gold.get(id)!)) };
for (let i = 0; i < ids.length; i++) {
  for (let j = i + 1; j < ids.length; j++) {
    const score = Math.max(
      ...(['parsed', 'gold'] as const).map((rendering) => {
        return oldStoryScore(features[rendering][i]!, features[rendering][j]!).score;
      }),
    );
    const bothSeeds = ids[i]!.startsWith('seed:') && ids[j]!.startsWith('seed:');
    if (score < minScore && !bothSeeds) continue;
    print(score, ids[i]!, ids[j]!);
  }
}

// BBC: 1.2 million pairs, so only those sharing enough words (an inverted index over the vectors) are scored.
const bbcIds = [...pages.parsed.keys()].filter((id) => id.startsWith('bbc:')).sort();
const bbc = bbcIds.map((id) => oldScore(pages.parsed.get(id)!));
const postings = new Map<number, [number, number][]>();
for (const [i, { vector }] of bbc.entries()) {
  for (let t = 0; t < vector.indices.length; t++) {
    const list = postings.get(vector.indices[t]!) ?? [];
    list.push([i, vector.values[t]!]);
    postings.set(vector.indices[t]!, list);
  }
}
for (const [i, { vector }] of bbc.entries()) {
  const dots = new Map<number, number>();
  for (let t = 0; t < vector.indices.length; t++) {
    for (const [j, weight] of postings.get(vector.indices[t]!)!) if (j > i) dots.set(j, (dots.get(j) ?? 0) + weight * vector.values[t]!);
  }
  for (const [j, dot] of dots) {
    if (dot < BBC_MIN_COSINE) continue;
    const { score } = oldStoryScore(bbc[i]!, bbc[j]!);
    if (score >= bbcMinScore) print(score, bbcIds[i]!, bbcIds[j]!);
  }
}

function print(score: number, a: string, b: string): void {
  const show = (id: string) => {
    const page = pages.gold.get(id)!;
    return { id, published: page.published, headline: page.headline, lede: page.body.slice(0, 2).join(' ').slice(0, 500) };
  };
  console.log(JSON.stringify({ score: Number(score.toFixed(3)), a: show(a), b: show(b) }));
}
