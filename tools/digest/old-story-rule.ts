/**
 * The same-story rule grouping used before the 202-pair set (fitted on bench/same-story-pairs.json):
 * whole-text cosine + ¼ named-entity overlap (Jaccard) + ¼ lede cosine ≥ 0.28, and over a week
 * apart only near-copies. Kept here so eval:stories can print it beside today's rule, and because
 * the pair set's candidates were drawn by its score.
 */
import { cosine, daysBetween } from '../../lambda/digest/story-similarity.js';
import type { SparseVector } from '../../lambda/topics/features.js';

export const OLD_SAME_STORY = { entityWeight: 0.25, ledeWeight: 0.25, threshold: 0.28, maxDaysApart: 7, copyCosine: 0.5 } as const;

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}

export interface OldComparable {
  readonly vector: SparseVector;
  readonly lede: SparseVector;
  readonly entities: ReadonlySet<string>;
  readonly published?: string | null;
}

export function oldStoryScore(a: OldComparable, b: OldComparable): { readonly score: number; readonly farApart: boolean } {
  const whole = cosine(a.vector, b.vector);
  const score = whole + OLD_SAME_STORY.entityWeight * jaccard(a.entities, b.entities) + OLD_SAME_STORY.ledeWeight * cosine(a.lede, b.lede);
  const daysApart = daysBetween(a.published ?? null, b.published ?? null);
  return { score, farApart: daysApart !== null && daysApart > OLD_SAME_STORY.maxDaysApart && whole < OLD_SAME_STORY.copyCosine };
}
