import type { StoredArticle } from '../store/stored-article.js';
import type { Subscriber } from '../store/subscriber.js';

/** A subscriber's new articles: in their topics ("*" = all), not already received, newest first. */
export function selectArticlesFor(
  subscriber: Pick<Subscriber, 'topics'>,
  candidates: readonly StoredArticle[],
  alreadyReceived: ReadonlySet<string>,
): StoredArticle[] {
  const topics = new Set(subscriber.topics.map((topic) => topic.toLowerCase()));
  const everything = topics.has('*');
  return candidates
    .filter((article) => !alreadyReceived.has(article.id))
    .filter((article) => everything || topics.has(article.topic.label.toLowerCase()))
    .sort((a, b) => b.storedAt.localeCompare(a.storedAt) || a.id.localeCompare(b.id));
}
