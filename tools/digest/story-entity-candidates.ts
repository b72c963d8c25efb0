/**
 * tsx tools/digest/story-entity-candidates.ts [limit] — more candidate pairs for story-pairs.jsonl,
 * drawn by who and where rather than by words: the pairs of GN1 development pages, seeds, examples
 * and BBC articles that share the most rare names and figures in their headline and first three
 * paragraphs, each shared name weighing log(pages / pages naming it). Reworded reports of one
 * event (two agencies: same people, place, day and claim, few words in common) score low under the
 * word-overlap rule that drew the first candidates (story-pair-candidates.ts) and high here; so do
 * the hardest negatives (two events with the same people). Pairs already labelled are left out.
 * Prints one JSON line a pair, best first, for labelling by hand.
 */
import { numbersIn } from '../../lambda/digest/story-facts.js';
import { namedEntities } from '../../lambda/digest/story-similarity.js';
import { pairId, readLabelledPairs } from './story-pair-set.js';
import { loadPages, missingPages } from './story-pages.js';

const missing = missingPages();
if (missing) {
  console.log(`story-entity-candidates: ${missing}; nothing to do.`);
  process.exit(0);
}
const limit = Number(process.argv[2] ?? 150);
const pages = loadPages().gold;
const labelled = new Set(readLabelledPairs().map(pairId));
// BBC articles too (one outlet, but its reports of one event filed twice in other words are the reworded pairs the first candidates missed).
const ids = [...pages.keys()].sort();
const facts = ids.map((id) => {
  const page = pages.get(id)!;
  const lede = [page.headline, ...page.body.slice(0, 3)];
  return new Set([...namedEntities(lede)].map((name) => `name:${name}`).concat([...numbersIn(lede.join('\n'))].map((number) => `number:${number}`)));
});
const frequency = new Map<string, number>();
for (const set of facts) for (const fact of set) frequency.set(fact, (frequency.get(fact) ?? 0) + 1);
const weight = (fact: string) => Math.log(ids.length / frequency.get(fact)!);

// Only rare facts pair pages (a name on more than MAX_PAGES pages is a topic, not an event): an inverted index over them.
const MAX_PAGES = 8;
const postings = new Map<string, number[]>();
for (const [i, set] of facts.entries()) for (const fact of set) if (frequency.get(fact)! <= MAX_PAGES) postings.set(fact, [...(postings.get(fact) ?? []), i]);
const sharedFacts = new Map<string, string[]>();
for (const [fact, pagesNaming] of postings) {
  for (const [k, i] of pagesNaming.entries()) for (const j of pagesNaming.slice(k + 1)) {
    const key = `${i} ${j}`;
    sharedFacts.set(key, [...(sharedFacts.get(key) ?? []), fact]);
  }
}
const scored: { score: number; a: string; b: string; shared: string[] }[] = [];
for (const [key, shared] of sharedFacts) {
  const [i, j] = key.split(' ').map(Number) as [number, number];
  if (labelled.has(pairId({ a: ids[i]!, b: ids[j]! }))) continue;
  scored.push({ score: shared.reduce((sum, fact) => sum + weight(fact), 0), a: ids[i]!, b: ids[j]!, shared });
}
scored.sort((x, y) => y.score - x.score);
const show = (id: string) => {
  const page = pages.get(id)!;
  return { id, published: page.published, headline: page.headline, lede: page.body.slice(0, 2).join(' ').slice(0, 400) };
};
for (const { score, a, b, shared } of scored.slice(0, limit)) console.log(JSON.stringify({ score: Number(score.toFixed(2)), shared, a: show(a), b: show(b) }));
