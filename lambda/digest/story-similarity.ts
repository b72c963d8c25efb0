import { MONTH_NAMES, WEEKDAY_NAMES } from '../text/calendar-names.js';
import { STOPWORDS } from '../text/stopwords.js';
import type { SparseVector } from '../topics/features.js';
import { DAY_MS } from '../time.js';

/** What two reports share: wording (TF-IDF cosine), named entities, and how far apart they were published. */
export interface StoryEvidence {
  readonly cosine: number;
  readonly entityOverlap: number;
  readonly daysApart: number | null;
}

export interface ComparableArticle {
  readonly vector: SparseVector;
  readonly entities: ReadonlySet<string>;
  readonly published: string | null;
}

/** Capitalised at a sentence start or in a dateline, yet never a name. */
const NOT_NAMES: ReadonlySet<string> = new Set([
  ...STOPWORDS,
  ...MONTH_NAMES,
  ...WEEKDAY_NAMES,
  ...'mr mrs ms despite however meanwhile earlier last next'.split(' '),
]);

/** `name` without trailing full stops and apostrophes, trimmed by a loop: `[.'’]+$` retries at every character of a long run. */
function withoutTrailingPunctuation(name: string): string {
  let end = name.length;
  while (end > 0 && ".'’".includes(name[end - 1]!)) end--;
  return name.slice(0, end);
}

/** Capitalised names in running text ("Condoleezza Rice", "Novo-Ogaryovo", "Kosovo"), lower-cased. */
export function namedEntities(paragraphs: readonly string[]): Set<string> {
  const entities = new Set<string>();
  for (const paragraph of paragraphs) {
    for (const match of paragraph.matchAll(/\p{Lu}[\p{L}\p{N}'’.-]*(?:\s+\p{Lu}[\p{L}\p{N}'’.-]*)*/gu)) {
      const words = withoutTrailingPunctuation(match[0]).split(/\s+/).filter((word) => !NOT_NAMES.has(word.toLowerCase()));
      if (words.length === 0) continue;
      const name = words.join(' ').toLowerCase();
      if (name.length >= 3) entities.add(name);
      // Surnames alone ("Rice" after "Condoleezza Rice") are how reports refer back to people.
      if (words.length > 1) entities.add(words.at(-1)!.toLowerCase());
    }
  }
  return entities;
}

export function cosine(a: SparseVector, b: SparseVector): number {
  const weights = new Map<number, number>();
  for (let i = 0; i < a.indices.length; i++) weights.set(a.indices[i]!, a.values[i]!);
  let dot = 0;
  for (let i = 0; i < b.indices.length; i++) dot += (weights.get(b.indices[i]!) ?? 0) * b.values[i]!;
  return dot; // both vectors are L2-normalised
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}

export function daysBetween(a: string | null, b: string | null): number | null {
  if (!a || !b) return null;
  const difference = Math.abs(Date.parse(a.slice(0, 10)) - Date.parse(b.slice(0, 10)));
  return Number.isNaN(difference) ? null : difference / DAY_MS;
}

export function storyEvidence(a: ComparableArticle, b: ComparableArticle): StoryEvidence {
  return { cosine: cosine(a.vector, b.vector), entityOverlap: jaccard(a.entities, b.entities), daysApart: daysBetween(a.published, b.published) };
}

/**
 * Same-story rule, fitted on bench/same-story-pairs.json (real articles labelled by hand; see
 * npm run eval:stories): TF-IDF cosine of the whole text, plus a quarter each of the named-entity
 * overlap and the cosine of the ledes. Reports published more than a week apart are the same
 * story only when they are near-copies.
 */
export const SAME_STORY = { entityWeight: 0.25, ledeWeight: 0.25, threshold: 0.28, maxDaysApart: 7, copyCosine: 0.5 } as const;

export interface StoryComparison extends StoryEvidence {
  readonly ledeCosine: number;
  readonly score: number;
  readonly sameStory: boolean;
}

/** The rule itself, on evidence however it was computed (compareStories, or the blocked grouping in story-graph.ts). */
export function sameStoryDecision(evidence: StoryEvidence, ledeCosine: number): { readonly score: number; readonly sameStory: boolean } {
  const score = evidence.cosine + SAME_STORY.entityWeight * evidence.entityOverlap + SAME_STORY.ledeWeight * ledeCosine;
  const farApart = evidence.daysApart !== null && evidence.daysApart > SAME_STORY.maxDaysApart && evidence.cosine < SAME_STORY.copyCosine;
  return { score, sameStory: score >= SAME_STORY.threshold && !farApart };
}

export function compareStories(a: ComparableArticle & { readonly lede: SparseVector }, b: ComparableArticle & { readonly lede: SparseVector }): StoryComparison {
  const evidence = storyEvidence(a, b);
  const ledeCosine = cosine(a.lede, b.lede);
  return { ...evidence, ledeCosine, ...sameStoryDecision(evidence, ledeCosine) };
}
