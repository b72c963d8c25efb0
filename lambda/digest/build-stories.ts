import type { StoredArticle } from '../store/stored-article.js';
import type { DigestStory } from './digest-content.js';
import { compareTopics } from './topic-order.js';
import { compareStories, namedEntities } from './story-similarity.js';
import { storyVector } from './story-idf.js';
import type { SparseVector } from '../topics/features.js';

interface Comparable {
  readonly article: StoredArticle;
  readonly vector: SparseVector;
  readonly lede: SparseVector;
  readonly entities: Set<string>;
  readonly published: string | null;
}

function comparable(article: StoredArticle, vectorize: (text: string) => SparseVector): Comparable {
  return {
    article,
    vector: vectorize([article.headline, ...article.body].join('\n')),
    lede: vectorize([article.headline, ...article.body.slice(0, 2)].join('\n')),
    entities: namedEntities([article.headline, ...article.body]),
    published: article.published,
  };
}

function toStory(group: readonly StoredArticle[], topicOf: (article: StoredArticle) => string): DigestStory {
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
 * Groups reports of the same event (compareStories: wording, named entities, ledes, dates) into
 * stories, ordered by topic (stable order) and then newest first. `topicOf` names the section an
 * article goes in (a subscriber's custom topic, say); only articles in one section are grouped.
 */
export function buildStories(
  articles: readonly StoredArticle[],
  topicOf: (article: StoredArticle) => string = (article) => article.topic.label,
  vectorize: (text: string) => SparseVector = storyVector,
): DigestStory[] {
  const items = articles.map((article) => comparable(article, vectorize));
  // Union-find over same-story pairs: digests hold tens of articles, so all pairs are cheap.
  const parent = items.map((_, index) => index);
  const root = (index: number): number => {
    if (parent[index] === index) return index;
    const found = root(parent[index]!);
    parent[index] = found; // path compression
    return found;
  };
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      if (topicOf(items[i]!.article) !== topicOf(items[j]!.article)) continue;
      if (compareStories(items[i]!, items[j]!).sameStory) parent[root(j)] = root(i);
    }
  }
  const groups = new Map<number, StoredArticle[]>();
  for (const [index, item] of items.entries()) groups.set(root(index), [...(groups.get(root(index)) ?? []), item.article]);
  const newest = (story: DigestStory, group: readonly StoredArticle[]) =>
    story.published ?? group.map((article) => article.storedAt).sort().at(-1) ?? '';
  return [...groups.values()]
    .map((group) => ({ story: toStory(group, topicOf), group }))
    .sort((a, b) => compareTopics(a.story.topic, b.story.topic) || newest(b.story, b.group).localeCompare(newest(a.story, a.group)))
    .map(({ story }) => story);
}
