import { indexEntryOf } from '../../lambda/pipeline/index-entry.js';
import type { IndexedArticle } from '../../lambda/store/article-index.js';
import type { StoredArticle } from '../../lambda/store/stored-article.js';

let sequence = 0;

/** A stored article with sensible defaults; override what the test is about. */
export function storedArticle(overrides: Partial<StoredArticle> = {}): StoredArticle {
  sequence++;
  return {
    id: `article-${sequence}`,
    headline: `Headline number ${sequence}`,
    source: 'Example Wire',
    published: '2026-11-20',
    byline: null,
    url: null,
    body: [`First paragraph of article ${sequence}, with enough words to read like news.`, 'Second paragraph.'],
    summary: `First paragraph of article ${sequence}.`,
    wordCount: 14,
    format: 'text',
    topic: { label: 'world', confidence: 0.9 },
    origin: { bucket: 'bucket', key: `incoming/article-${sequence}.txt`, versionId: null, etag: `"etag-${sequence}"` },
    storedAt: '2026-11-24T10:00:00.000Z',
    ...overrides,
  };
}

/** The index entry ingest writes for a stored article: its digest fields and story features. */
export function indexEntryFor(article: StoredArticle): IndexedArticle {
  return indexEntryOf(article);
}
