import type { DigestArticle } from '../store/article-index.js';
import type { StoredArticle } from '../store/stored-article.js';
import type { DigestStory } from './digest-content.js';
import { storyFeaturesOf } from './story-features.js';
import { findSameStoryPairsSync, type SameStoryPairs } from './story-graph.js';
import { compareTopics } from './topic-order.js';

function toStory<T extends DigestArticle>(group: readonly T[], topicOf: (article: T) => string): DigestStory {
  // The fullest report leads; the others are listed as "also reported by".
  const [lead] = [...group].sort((a, b) => b.wordCount - a.wordCount);
  const main = lead ?? group[0]!;
  const sources = [...new Set([main, ...group].map((article) => article.source).filter((source): source is string => Boolean(source)))];
  return {
    headline: main.headline,
    topic: topicOf(main),
    sources,
    published: main.published,
    summary: main.summary,
    url: main.url ?? group.find((article) => article.url)?.url ?? null,
    articleIds: [main, ...group.filter((article) => article !== main)].map((article) => article.id),
  };
}

/**
 * Groups one digest's articles into stories: two articles are one story when `sameStory` paired
 * them (compareStories: wording, named entities, ledes, dates; found once per run over all the
 * run's candidates) and `topicOf` puts them in the same section (a subscriber's custom topic, say),
 * or through a chain of such pairs. Stories are ordered by topic (stable order), then newest first.
 */
export function groupStories<T extends DigestArticle>(articles: readonly T[], topicOf: (article: T) => string, sameStory: SameStoryPairs): DigestStory[] {
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
  const newest = (story: DigestStory, group: readonly T[]) => story.published ?? group.map((article) => article.storedAt).sort().at(-1) ?? '';
  return [...groups.values()]
    .map((group) => ({ story: toStory(group, topicOf), group }))
    .sort((a, b) => compareTopics(a.story.topic, b.story.topic) || newest(b.story, b.group).localeCompare(newest(a.story, a.group)))
    .map(({ story }) => story);
}

/**
 * Stories from full articles (the CLI's preview, tests): computes their features here and groups
 * them as a digest run does with the features stored at ingest.
 */
export function buildStories(articles: readonly StoredArticle[], topicOf: (article: StoredArticle) => string = (article) => article.topic.label): DigestStory[] {
  const { pairs } = findSameStoryPairsSync(articles.map((article) => ({ id: article.id, published: article.published, storyFeatures: storyFeaturesOf(article) })));
  return groupStories(articles, topicOf, pairs);
}
