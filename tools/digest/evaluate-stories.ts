/**
 * npm run eval:stories — how well same-story grouping holds on pairs nobody tuned on.
 *
 * The pairs are tools/digest/story-pairs.jsonl (labelled by hand, rule in story-pairs.md), split
 * by a hash of the pair id into a never-read part (~30%: only its totals are ever printed) and a
 * development part, scored by 5-fold cross-validation (the threshold chosen in each fold on its
 * four training folds only). Each GN1 page is scored as newsdrop's parser extracts it from the raw
 * page (what a digest sees) and, second, as its gold headline and body. Features are those
 * computed at ingest, stored and read back. `--dev-errors` lists the development part's misses.
 * Both parts' figures are also split by kind of pair (by source; near-copies vs reworded reports),
 * the never-read part's as totals only. `--dev-only` prints the development figures alone (for
 * tuning runs: the never-read part is not even scored). The old 50 pairs of bench/same-story-pairs.json are scored too, as the
 * training figure they are. Skips with a message when ../shared is absent.
 */
import { readFileSync } from 'node:fs';
import { storyFeaturesOf } from '../../lambda/digest/story-features.js';
import { findSameStoryPairsSync } from '../../lambda/digest/story-graph.js';
import { compareStories, SAME_STORY } from '../../lambda/digest/story-similarity.js';
import { decodeSparseVector, encodeSparseVector, type StoryFeatures } from '../../lambda/store/story-features.js';
import { OLD_SAME_STORY, oldStoryScore } from './old-story-rule.js';
import { chooseThreshold, type Counts, count, decide, emptyCounts, figures, type ScoredPair } from './pair-scores.js';
import { CV_FOLDS, type LabelledPair, pairFold, pairPart, readLabelledPairs } from './story-pair-set.js';
import { loadPages, missingPages, type PageText, type Rendering } from './story-pages.js';
import { parseToolFlags } from '../tool-flags.js';

// Strict flags (tool-flags.ts): a mistyped one must not fall through to a full run, which prints the never-read totals.
const flags = parseToolFlags('eval:stories', 'usage: npm run eval:stories -- [--dev-only] [--dev-errors]', {
  'dev-errors': { type: 'boolean' },
  'dev-only': { type: 'boolean' },
});
const showDevErrors = flags['dev-errors'] === true;
const devOnly = flags['dev-only'] === true;

const missing = missingPages();
if (missing) {
  console.log(`eval:stories: ${missing}; skipping the evaluation.`);
  process.exit(0);
}

interface Scored {
  readonly pair: LabelledPair;
  readonly same: boolean;
  /** Each rule's score; null when a guard (published too far apart) rules the pair out whatever the threshold. */
  readonly scores: Readonly<Record<RuleName, number | null>>;
  /** Whether grouping as a digest run does it (stored features, blocking) pairs them. */
  readonly grouped: boolean;
  /** The whole-text cosine: near-copies (one report filed twice) are told apart from reworded reports by it. */
  readonly copyCosine: number;
}

const RULES = {
  old: { label: 'old rule (cosine + 1/4 names + 1/4 lede >= 0.28)', threshold: OLD_SAME_STORY.threshold },
  new: { label: `new rule (nine similarities - weekdays >= ${SAME_STORY.threshold})`, threshold: SAME_STORY.threshold },
} as const;
type RuleName = keyof typeof RULES;

const byRule = (scored: readonly Scored[], rule: RuleName): (ScoredPair & { readonly pair: LabelledPair })[] =>
  scored.map((pair) => ({ pair: pair.pair, same: pair.same, score: pair.scores[rule] }));

/** Features as a digest run reads them: computed at ingest, stored in the index, read back. */
function storedFeatures(page: PageText): StoryFeatures {
  const features = storyFeaturesOf(page);
  const stored = (vector: StoryFeatures['vector']) => decodeSparseVector(encodeSparseVector(vector));
  return {
    ...features,
    vector: stored(features.vector),
    lede: stored(features.lede),
    opening: stored(features.opening),
    facts: stored(features.facts),
    headline: stored(features.headline),
    firstSentence: stored(features.firstSentence),
    event: stored(features.event),
    leadNames: stored(features.leadNames),
    quotes: stored(features.quotes),
    eventMeaning: stored(features.eventMeaning),
  };
}

function scorePairs(pairs: readonly LabelledPair[], pages: ReadonlyMap<string, PageText>): Scored[] {
  const features = new Map<string, StoryFeatures>();
  const featuresOf = (id: string) => {
    let stored = features.get(id);
    if (!stored) {
      const page = pages.get(id);
      if (!page) throw new Error(`story pairs: unknown page ${id}`);
      stored = storedFeatures(page);
      features.set(id, stored);
    }
    return stored;
  };
  return pairs.map((pair) => {
    const [a, b] = [featuresOf(pair.a), featuresOf(pair.b)];
    const [publishedA, publishedB] = [pages.get(pair.a)!.published, pages.get(pair.b)!.published];
    const result = compareStories({ ...a, published: publishedA }, { ...b, published: publishedB });
    const old = oldStoryScore({ ...a, entities: new Set(a.entities), published: publishedA }, { ...b, entities: new Set(b.entities), published: publishedB });
    const grouped = findSameStoryPairsSync([
      { id: 'a', published: publishedA, storyFeatures: a },
      { id: 'b', published: publishedB, storyFeatures: b },
    ]).pairs.size === 1;
    return { pair, same: pair.same, scores: { old: old.farApart ? null : old.score, new: result.farApart ? null : result.score }, grouped, copyCosine: result.cosine };
  });
}

function line(label: string, counts: Counts): string {
  const { precision, recall, f1 } = figures(counts);
  return `  ${label.padEnd(58)} precision ${precision.toFixed(3)}  recall ${recall.toFixed(3)}  F1 ${f1.toFixed(3)}  (${counts.tp} of ${counts.tp + counts.fn} same found, ${counts.fp} wrongly paired)`;
}

function atThreshold(scored: readonly ScoredPair[], threshold: number): Counts {
  const counts = emptyCounts();
  for (const pair of scored) count(counts, decide(pair, threshold), pair.same);
  return counts;
}

/** 5-fold cross-validation on the development pairs: each fold scored at the threshold chosen on the other four. */
function crossValidated(dev: readonly (ScoredPair & { readonly pair: LabelledPair })[]): {
  readonly counts: Counts;
  readonly thresholds: number[];
  readonly byKind: ReadonlyMap<string, Counts>;
} {
  const counts = emptyCounts();
  const thresholds: number[] = [];
  const byKind = new Map<string, Counts>();
  for (let fold = 0; fold < CV_FOLDS; fold++) {
    const threshold = chooseThreshold(dev.filter((pair) => pairFold(pair.pair) !== fold));
    thresholds.push(threshold);
    for (const pair of dev.filter((pair) => pairFold(pair.pair) === fold)) {
      const decided = decide(pair, threshold);
      count(counts, decided, pair.same);
      for (const kind of pairKinds(pair.pair)) {
        if (!byKind.has(kind)) byKind.set(kind, emptyCounts());
        count(byKind.get(kind)!, decided, pair.same);
      }
    }
  }
  return { counts, thresholds, byKind };
}

/** Where a pair's pages come from ("bbc", "gn1", "mixed": seeds, examples, or two sources), and whether they are near-copies. */
let copyCosines = new Map<string, number>();
function pairKinds(pair: LabelledPair): string[] {
  const source = (id: string) => id.slice(0, id.indexOf(':'));
  const [a, b] = [source(pair.a), source(pair.b)];
  const copy = (copyCosines.get(`${pair.a}|${pair.b}`) ?? 0) >= SAME_STORY.copyCosine;
  return [`source ${a === b && (a === 'bbc' || a === 'gn1') ? a : 'seeds, examples, mixed'}`, copy ? 'near-copies (whole-text cosine >= 0.5)' : 'reworded (whole-text cosine < 0.5)'];
}

const pages = loadPages();
const labelled = readLabelledPairs();
const neverReadPairs = labelled.filter((pair) => pairPart(pair) === 'never-read');
const devPairs = labelled.filter((pair) => pairPart(pair) === 'dev');
const sameIn = (pairs: readonly LabelledPair[]) => pairs.filter((pair) => pair.same).length;
console.log(`${labelled.length} labelled pairs: never-read ${neverReadPairs.length} (${sameIn(neverReadPairs)} same), development ${devPairs.length} (${sameIn(devPairs)} same, ${CV_FOLDS}-fold cross-validated)`);
console.log(
  `new rule: cosine + lede + facts + headline + first sentence + event + lead names + quoted speech + event meaning - ${SAME_STORY.weekdayPenalty} when the ledes name only different weekdays >= ${SAME_STORY.threshold}; over ${SAME_STORY.maxDaysApart} days apart only near-copies\n`,
);

for (const rendering of ['parsed', 'gold'] as const satisfies readonly Rendering[]) {
  console.log(rendering === 'parsed' ? 'Pages as newsdrop parses them from the raw text (what a digest sees):' : 'Pages as their gold headline and body (extraction errors left out):');
  const neverRead = devOnly ? [] : scorePairs(neverReadPairs, pages[rendering]);
  const dev = scorePairs(devPairs, pages[rendering]);
  copyCosines = new Map([...neverRead, ...dev].map((pair) => [`${pair.pair.a}|${pair.pair.b}`, pair.copyCosine]));
  for (const rule of ['new', 'old'] as const) {
    console.log(` ${RULES[rule].label}`);
    if (!devOnly) {
      console.log(line('never-read part, as shipped', atThreshold(byRule(neverRead, rule), RULES[rule].threshold)));
      // Totals by kind of pair only, as for the whole part: never a pair.
      const kinds = [...new Set(neverRead.flatMap((pair) => pairKinds(pair.pair)))].sort();
      for (const kind of kinds) {
        console.log(line(`  of which ${kind}`, atThreshold(byRule(neverRead.filter((pair) => pairKinds(pair.pair).includes(kind)), rule), RULES[rule].threshold)));
      }
    }
    const cv = crossValidated(byRule(dev, rule));
    console.log(line('development part, threshold chosen by 5-fold CV', cv.counts));
    for (const [kind, counts] of [...cv.byKind].sort()) console.log(line(`  of which ${kind}`, counts));
    console.log(`    CV thresholds per fold: ${cv.thresholds.map((t) => t.toFixed(3)).join(', ')}; chosen on the whole development part: ${chooseThreshold(byRule(dev, rule)).toFixed(3)}`);
  }
  const all = [...neverRead, ...dev];
  const agrees = all.filter((pair) => pair.grouped === decide({ same: pair.same, score: pair.scores.new }, SAME_STORY.threshold)).length;
  console.log(`  grouping as a digest run does it (stored features, blocking) decides ${agrees} of ${all.length} pairs as the new rule does`);
  if (showDevErrors) {
    for (const pair of dev) {
      const decided = decide({ same: pair.same, score: pair.scores.new }, SAME_STORY.threshold);
      if (decided === pair.same) continue;
      console.log(`    ${decided ? 'FP' : 'FN'} score ${pair.scores.new === null ? 'ruled out' : pair.scores.new.toFixed(3)}  ${pair.pair.a} ${pair.pair.b}  ${pair.pair.note}`);
    }
  }
  console.log();
}

const { pairs: oldPairs } = JSON.parse(readFileSync(new URL('../../bench/same-story-pairs.json', import.meta.url), 'utf8')) as {
  pairs: { a: string; b: string; same: boolean; note: string }[];
};
const old = scorePairs(
  oldPairs.map((pair) => {
    const [a, b] = [pair.a, pair.b].sort() as [string, string];
    return { ...pair, a, b };
  }),
  pages.parsed,
);
console.log('Training figure (not a measure of generalisation): bench/same-story-pairs.json, the 50 pairs the old rule was fitted on (labelled by a looser rule)');
for (const rule of ['old', 'new'] as const) console.log(line(`50 old pairs, ${rule} rule as shipped`, atThreshold(byRule(old, rule), RULES[rule].threshold)));
