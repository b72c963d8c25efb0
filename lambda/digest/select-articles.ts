import type { DigestArticle } from '../store/article-index.js';
import type { Subscriber } from '../store/subscriber.js';

/**
 * The topic a subscriber sees an article under: its model label when they chose it (or "*"),
 * otherwise the first of their custom topics it matches; null when it is not for them.
 */
export function sectionTopicFor(subscriber: Pick<Subscriber, 'topics'>, article: DigestArticle): string | null {
  const topics = new Set(subscriber.topics.map((topic) => topic.toLowerCase()));
  const label = article.topic.label.toLowerCase();
  if (topics.has('*') || topics.has(label)) return article.topic.label;
  return (article.customTopics ?? []).find((topic) => topics.has(topic.toLowerCase())) ?? null;
}

/** A subscriber's new articles: in their topics ("*" = all, custom topics too), not already received, newest first. */
export function selectArticlesFor<T extends DigestArticle>(
  subscriber: Pick<Subscriber, 'topics'>,
  candidates: readonly T[],
  isNew: (article: T) => boolean = () => true,
): T[] {
  return candidates
    .filter((article) => isNew(article) && sectionTopicFor(subscriber, article) !== null)
    .sort((a, b) => b.storedAt.localeCompare(a.storedAt) || a.id.localeCompare(b.id));
}
