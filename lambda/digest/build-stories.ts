import type { DigestArticle } from '../store/article-index.js';
import type { StoredArticle } from '../store/stored-article.js';
import type { DigestStory } from './digest-content.js';
import { publishedBefore } from './story-age.js';
import { storyFeaturesOf } from './story-features.js';
import { findSameStoryPairsSync, type SameStoryPairs } from './story-graph.js';
import { compareTopics } from './topic-order.js';

export interface StoryGroupingOptions {
  /**
   * The first publication day (YYYY-MM-DD) the run counts as current (lookback.ts): a story whose
   * every report is older is marked publishedBeforeWindow and placed after the current ones.
   * @default none: no story is old
   */
  readonly firstCurrentDay?: string | null;
  /**
   * Articles of the run this reader got in earlier digests. A story with a report paired with one
   * of them continues a story already sent, and is marked continuesEarlier. (With the operator's
   * storyUpdates "omit" the sender leaves such articles out before grouping.)
   * @default none: every story is new
   */
  readonly sentBefore?: ReadonlySet<string>;
}

/** A story with what orders it in its section. */
interface RankedStory {
  readonly story: DigestStory;
  /** Distinct outlets reporting it; a report without a source counts as one of its own. */
  readonly outlets: number;
  /** Its latest report: publication date, or the time it was stored when it has none. */
  readonly latest: string;
}

/** "Reuters" and "reuters " are one outlet. */
const outletKey = (source: string) => source.trim().replace(/\s+/g, ' ').toLowerCase();

function toStory<T extends DigestArticle>(group: readonly T[], topicOf: (article: T) => string, options: StoryGroupingOptions, continuesEarlier: boolean): RankedStory {
  // The fullest report leads; the others are listed as "also reported by".
  const [lead] = [...group].sort((a, b) => b.wordCount - a.wordCount);
  const main = lead ?? group[0]!;
  const sources = [...new Set([main, ...group].map((article) => article.source).filter((source): source is string => Boolean(source)))];
  const named = new Set(sources.map(outletKey));
  const latest = group.map((article) => article.published ?? article.storedAt).sort().at(-1) ?? '';
  return {
    story: {
      headline: main.headline,
      topic: topicOf(main),
      sources,
      published: main.published,
      publishedBeforeWindow: publishedBefore(latest, options.firstCurrentDay),
      ...(continuesEarlier ? { continuesEarlier } : {}),
      summary: main.summary,
      url: main.url ?? group.find((article) => article.url)?.url ?? null,
      articleIds: [main, ...group.filter((article) => article !== main)].map((article) => article.id),
    },
    outlets: named.size + group.filter((article) => !article.source).length,
    latest,
  };
}

/**
 * A newsroom's order within a section: current stories before old ones (published before the
 * look-back window, shown with their date), then the story most outlets report, then the newest.
 */
function compareInSection(a: RankedStory, b: RankedStory): number {
  return (
    Number(a.story.publishedBeforeWindow) - Number(b.story.publishedBeforeWindow) ||
    b.outlets - a.outlets ||
    b.latest.localeCompare(a.latest) ||
    a.story.articleIds[0]!.localeCompare(b.story.articleIds[0]!)
  );
}

/**
 * Groups one digest's articles into stories: two articles are one story when `sameStory` paired
 * them (compareStories: wording, named entities, ledes, dates; found once per run over all the
 * run's candidates) and `topicOf` puts them in the same section (a subscriber's custom topic, say),
 * or through a chain of such pairs. Stories are ordered by topic (stable order), then within a
 * section as compareInSection says. A story one of whose reports is paired with an article the
 * reader got before (options.sentBefore) continues that story and is marked so.
 */
export function groupStories<T extends DigestArticle>(
  articles: readonly T[],
  topicOf: (article: T) => string,
  sameStory: SameStoryPairs,
  options: StoryGroupingOptions = {},
): DigestStory[] {
  const position = new Map(articles.map((article, index) => [article.id, index]));
  const topics = articles.map(topicOf);
  // Union-find over the pairs inside this selection.
  const parent = articles.map((_, index) => index);
  const root = (index: number): number => {
    while (parent[index] !== index) {
      parent[index] = parent[parent[index]!]!; // path halving
      index = parent[index]!;
    }
    return index;
  };
  for (const [i, article] of articles.entries()) {
    for (const otherId of sameStory.neighbours(article.id)) {
      const j = position.get(otherId);
      if (j === undefined || topics[i] !== topics[j]) continue;
      parent[root(j)] = root(i);
    }
  }
  const groups = new Map<number, T[]>();
  for (const [index, article] of articles.entries()) {
    const group = groups.get(root(index));
    if (group) group.push(article);
    else groups.set(root(index), [article]);
  }
  const sentBefore = options.sentBefore ?? new Set<string>();
  const continues = (group: readonly T[]) => group.some((article) => sameStory.neighbours(article.id).some((id) => sentBefore.has(id)));
  return [...groups.values()]
    .map((group) => toStory(group, topicOf, options, continues(group)))
    .sort((a, b) => compareTopics(a.story.topic, b.story.topic) || compareInSection(a, b))
    .map(({ story }) => story);
}

/**
 * Stories from full articles (the CLI's preview, tests): computes their features here and groups
 * them as a digest run does with the features stored at ingest.
 */
export function buildStories(
  articles: readonly StoredArticle[],
  topicOf: (article: StoredArticle) => string = (article) => article.topic.label,
  options: StoryGroupingOptions = {},
): DigestStory[] {
  const { pairs } = findSameStoryPairsSync(articles.map((article) => ({ id: article.id, published: article.published, storyFeatures: storyFeaturesOf(article) })));
  return groupStories(articles, topicOf, pairs, options);
}
