import type { ObjectStore } from './object-store.js';
import type { StoredArticle } from './stored-article.js';
import { readJson, writeJson } from './json-object.js';
import { articleKey, ingestedMarkerKey } from './keys.js';
import { CorruptRecordError } from './store-error.js';

/** The ingest claim: which key an article id was (or is being) stored under, and when. */
interface IngestedMarker {
  readonly articleId: string;
  readonly articleKey: string;
  readonly storedAt: string;
}

type StoreOutcome = { readonly status: 'stored' | 'duplicate'; readonly key: string; readonly storedAt: string };

/**
 * articles/<yyyy>/<mm>/<dd>/<id>.json, written at most once per article id.
 *
 * S3 delivers events at least once, possibly days late, so the day in the key cannot come from
 * the clock of the retry: a marker under state/ingested/<id>.json is claimed first (conditional
 * write) and fixes the key and storedAt; a retry after a crash completes the same key.
 */
export class ArticleRepository {
  constructor(private readonly store: ObjectStore) {}

  /** Has this article id already been stored completely? */
  async isStored(articleId: string): Promise<boolean> {
    return (await this.storedRecord(articleId)) !== null;
  }

  /** Where and when the article was stored, if it was stored completely; null otherwise. */
  async storedRecord(articleId: string): Promise<{ readonly articleKey: string; readonly storedAt: string } | null> {
    const marker = await readJson<IngestedMarker>(this.store, ingestedMarkerKey(articleId));
    if (marker === null || (await this.store.head(marker.articleKey)) === null) return null;
    return { articleKey: marker.articleKey, storedAt: marker.storedAt };
  }

  async put(article: Omit<StoredArticle, 'storedAt'>, now: Date = new Date()): Promise<StoreOutcome> {
    const markerKey = ingestedMarkerKey(article.id);
    let marker = await readJson<IngestedMarker>(this.store, markerKey);
    if (!marker) {
      const storedAt = now.toISOString();
      const candidate: IngestedMarker = { articleId: article.id, articleKey: articleKey(article.id, storedAt), storedAt };
      const claim = await writeJson(this.store, markerKey, candidate, { ifNoneMatch: true });
      marker = claim === 'written' ? candidate : await readJson<IngestedMarker>(this.store, markerKey);
      if (!marker) throw new CorruptRecordError(markerKey);
    }
    if (await this.store.head(marker.articleKey)) {
      return { status: 'duplicate', key: marker.articleKey, storedAt: marker.storedAt };
    }
    const stored: StoredArticle = { ...article, storedAt: marker.storedAt };
    await writeJson(this.store, marker.articleKey, stored);
    return { status: 'stored', key: marker.articleKey, storedAt: marker.storedAt };
  }
}
