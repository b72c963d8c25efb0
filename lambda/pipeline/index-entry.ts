import { storyFeaturesOf } from '../digest/story-features.js';
import type { IndexedArticle } from '../store/article-index.js';
import type { StoredArticle } from '../store/stored-article.js';

/**
 * The article index entry of a stored article: its digest fields and the story features computed
 * from its headline and body. Ingest writes it right after the article object; the deploy-time
 * backfill (backfill-article-index.ts) writes it for articles stored before the index existed, from
 * the same object, so both paths give the same entry.
 */
export function indexEntryOf(article: Omit<StoredArticle, 'origin'>): IndexedArticle {
  return {
    id: article.id,
    headline: article.headline,
    source: article.source,
    published: article.published,
    storedAt: article.storedAt,
    topic: article.topic,
    ...(article.customTopics ? { customTopics: article.customTopics } : {}),
    summary: article.summary,
    url: article.url,
    wordCount: article.wordCount,
    storyFeatures: storyFeaturesOf(article),
  };
}
