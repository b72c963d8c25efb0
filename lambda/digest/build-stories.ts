import type { StoredArticle } from '../store/stored-article.js';
import type { DigestStory } from './digest-content.js';
import { compareTopics } from './topic-order.js';

/**
 * Jaccard similarity of word 3-shingles above which two bodies are the same text (a wire story
 * republished with small edits). Deliberately strict: different reports of one event are grouped
 * by the same-story clustering, not here.
 */
const NEAR_DUPLICATE_JACCARD = 0.5;

function shingles(article: StoredArticle): Set<string> {
  const words = article.body.join(' ').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const set = new Set<string>();
  for (let i = 0; i + 2 < words.length; i++) set.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  return set;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const shingle of small) if (large.has(shingle)) shared++;
  return shared / (a.size + b.size - shared);
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
 * Groups near-duplicate articles into stories, ordered by topic (stable order) and then newest
 * first. `topicOf` names the section an article goes in (a subscriber's custom topic, say).
 */
export function buildStories(
  articles: readonly StoredArticle[],
  topicOf: (article: StoredArticle) => string = (article) => article.topic.label,
): DigestStory[] {
  const groups: { articles: StoredArticle[]; shingles: Set<string> }[] = [];
  for (const article of articles) {
    const own = shingles(article);
    const match = groups.find(
      (group) => topicOf(group.articles[0]!) === topicOf(article) && jaccard(group.shingles, own) >= NEAR_DUPLICATE_JACCARD,
    );
    if (match) match.articles.push(article);
    else groups.push({ articles: [article], shingles: own });
  }
  const newest = (story: DigestStory, group: readonly StoredArticle[]) =>
    story.published ?? group.map((article) => article.storedAt).sort().at(-1) ?? '';
  return groups
    .map((group) => ({ story: toStory(group.articles, topicOf), group: group.articles }))
    .sort((a, b) => compareTopics(a.story.topic, b.story.topic) || newest(b.story, b.group).localeCompare(newest(a.story, a.group)))
    .map(({ story }) => story);
}
