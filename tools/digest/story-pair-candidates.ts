/**
 * tsx tools/digest/story-pair-candidates.ts [minScore] — the candidate pairs the labelled set in
 * story-pairs.jsonl was drawn from: every pair of pages whose score under the old rule
 * (story-similarity.ts at the time: cosine + ¼ entity overlap + ¼ lede cosine) reaches a
 * deliberately low minScore (default 0.12, well under the rule's 0.28, so the set holds pairs the rule
 * misses) under either rendering, plus every pair of seeds. Prints one JSON line a pair with both
 * headlines and ledes, for labelling by hand.
 */
import { storyVector } from '../../lambda/digest/story-idf.js';
import { cosine, jaccard, namedEntities } from '../../lambda/digest/story-similarity.js';
import { loadPages, missingPages, type PageText } from './story-pages.js';

const missing = missingPages();
if (missing) {
  console.log(`story-pair-candidates: ${missing}; nothing to do.`);
  process.exit(0);
}
const minScore = Number(process.argv[2] ?? 0.12);
const pages = loadPages();

function oldScore(page: PageText) {
  return { vector: storyVector([page.headline, ...page.body].join('\n')), lede: storyVector([page.headline, ...page.body.slice(0, 2)].join('\n')), entities: namedEntities([page.headline, ...page.body]) };
}

const ids = [...pages.parsed.keys()].sort();
const features = { parsed: ids.map((id) => oldScore(pages.parsed.get(id)!)), gold: ids.map((id) => oldScore(pages.gold.get(id)!)) };
for (let i = 0; i < ids.length; i++) {
  for (let j = i + 1; j < ids.length; j++) {
    const score = Math.max(
      ...(['parsed', 'gold'] as const).map((rendering) => {
        const [a, b] = [features[rendering][i]!, features[rendering][j]!];
        return cosine(a.vector, b.vector) + 0.25 * jaccard(a.entities, b.entities) + 0.25 * cosine(a.lede, b.lede);
      }),
    );
    const bothSeeds = ids[i]!.startsWith('seed:') && ids[j]!.startsWith('seed:');
    if (score < minScore && !bothSeeds) continue;
    const show = (id: string) => {
      const page = pages.gold.get(id)!;
      return { id, published: page.published, headline: page.headline, lede: page.body.slice(0, 2).join(' ').slice(0, 500) };
    };
    console.log(JSON.stringify({ score: Number(score.toFixed(3)), a: show(ids[i]!), b: show(ids[j]!) }));
  }
}
