import type { ObjectStore } from './object-store.js';
import type { StoredArticle } from './stored-article.js';
import { readJson, writeJson } from './json-object.js';
import { articleKey, ingestedMarkerKey } from './keys.js';
import { CorruptRecordError, TransientStoreError } from './store-error.js';

/** The ingest claim: which key an article id was (or is being) stored under, and when. */
interface IngestedMarker {
  readonly articleId: string;
  readonly articleKey: string;
  readonly storedAt: string;
}

/**
 * stored: written for the first time; replaced: an older revision overwritten; duplicate: this
 * revision is there already (a retry); superseded: a later revision is there, nothing written.
 */
type StoreOutcome = { readonly status: 'stored' | 'replaced' | 'duplicate' | 'superseded'; readonly key: string; readonly storedAt: string };

/** S3 metadata naming the revision an article object holds, so a HEAD tells it without reading the JSON. */
const REVISION_METADATA = 'revision';
/** Rounds of read-and-conditionally-write before a key that keeps changing is left to the queue's retry. */
const MAX_WRITE_ROUNDS = 4;

/** Objects written before revisions have no such metadata: they are revision 1. */
function revisionOf(metadata: Readonly<Record<string, string>>): number {
  const revision = Number(metadata[REVISION_METADATA]);
  return Number.isSafeInteger(revision) && revision >= 1 ? revision : 1;
}

/**
 * articles/<yyyy>/<mm>/<dd>/<id>.json: one object per article id, holding its latest revision.
 *
 * S3 delivers events at least once, possibly days late, so the day in the key cannot come from
 * the clock of the retry: a marker under state/ingested/<id>.json is claimed first (conditional
 * write) and fixes the key and storedAt; a retry after a crash completes the same key, and a later
 * revision (a corrected upload to the same incoming key) replaces the object there.
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

  /** The revision of the stored article object; null when there is none. */
  async storedRevision(articleId: string): Promise<number | null> {
    const marker = await readJson<IngestedMarker>(this.store, ingestedMarkerKey(articleId));
    const object = marker && (await this.store.head(marker.articleKey));
    return object ? revisionOf(object.metadata) : null;
  }

  /**
   * Writes revision `article.revision` (default 1) unless it or a later one is there. Each write is
   * conditional on what was read (If-None-Match / If-Match), so of two attempts at different
   * revisions racing, the later revision is what stays.
   */
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
    const { articleKey: key, storedAt } = marker;
    const revision = article.revision ?? 1;
    const stored: StoredArticle = { ...article, storedAt };
    const metadata = { [REVISION_METADATA]: String(revision) };
    const outcome = (status: StoreOutcome['status']): StoreOutcome => ({ status, key, storedAt });
    for (let round = 0; round < MAX_WRITE_ROUNDS; round++) {
      const existing = await this.store.head(key);
      if (!existing) {
        if ((await writeJson(this.store, key, stored, { metadata, ifNoneMatch: true })) === 'written') return outcome('stored');
        continue;
      }
      const existingRevision = revisionOf(existing.metadata);
      if (existingRevision === revision) return outcome('duplicate');
      if (existingRevision > revision) return outcome('superseded');
      if ((await writeJson(this.store, key, stored, { metadata, ...(existing.etag ? { ifMatch: existing.etag } : {}) })) === 'written') return outcome('replaced');
    }
    throw new TransientStoreError(`${key} changed under each of ${MAX_WRITE_ROUNDS} attempts to write revision ${revision}`);
  }
}
