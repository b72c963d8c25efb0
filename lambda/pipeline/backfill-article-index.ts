import { indexDaysBetween, type IndexedArticle } from '../store/article-index.js';
import { readJson } from '../store/json-object.js';
import { articleDayPrefix } from '../store/keys.js';
import type { ObjectStore } from '../store/object-store.js';
import type { StoredArticle } from '../store/stored-article.js';
import { DAY_MS } from '../time.js';
import { indexEntryOf } from './index-entry.js';
import { LONGEST_LOOKBACK_DAYS } from './lookback.js';
import { inParallel } from '../in-parallel.js';

/** Articles read and indexed at once: a few parallel requests, not one per article of a busy week. */
const CONCURRENCY = 8;
const ARTICLE_KEY = /^articles\/\d{4}\/\d{2}\/\d{2}\/([^/]+)\.json$/;

export interface ArticleIndexBackfillDependencies {
  readonly store: ObjectStore;
  /** DynamoDbArticleIndex: the same put and lookup ingest uses. */
  readonly articleIndex: {
    put(article: IndexedArticle): Promise<unknown>;
    has(storedAt: string, articleId: string): Promise<boolean>;
  };
  readonly now: Date;
  /** @default LONGEST_LOOKBACK_DAYS (weekly's look-back) */
  readonly days?: number;
}

export interface ArticleIndexBackfillSummary {
  /** UTC days listed (articles/<yyyy>/<mm>/<dd>/), today included. */
  readonly days: number;
  readonly articlesIndexed: number;
  readonly articlesAlreadyIndexed: number;
}

/** An article of the look-back could not be indexed; the message names its key. */
export class ArticleIndexBackfillError extends Error {
  override readonly name = 'ArticleIndexBackfillError';
}

function storedArticleAt(key: string, value: unknown): StoredArticle {
  const id = ARTICLE_KEY.exec(key)?.[1];
  const article = value as Partial<StoredArticle> | null;
  if (
    !article ||
    typeof article !== 'object' ||
    article.id !== id ||
    typeof article.storedAt !== 'string' ||
    Number.isNaN(Date.parse(article.storedAt)) ||
    !articleDayPrefix(article.storedAt).startsWith(key.slice(0, key.lastIndexOf('/') + 1)) ||
    typeof article.headline !== 'string' ||
    !Array.isArray(article.body) ||
    typeof article.topic?.label !== 'string'
  ) {
    throw new ArticleIndexBackfillError(`${key} is not a stored article (id, storedAt of its day, headline, body and topic expected)`);
  }
  return article as StoredArticle;
}

/**
 * Writes the missing article index entries of the articles stored in the last `days` days (and
 * today): the articles of an earlier version, stored before ingest wrote the index, which digests
 * would otherwise never see. Lists one day prefix at a time (paged listing), reads each article
 * object and writes its entry with the code ingest uses (indexEntryOf), unless it is there already:
 * a second run writes nothing. Any article it cannot read or index is thrown, naming the key.
 */
export async function backfillArticleIndex(deps: ArticleIndexBackfillDependencies): Promise<ArticleIndexBackfillSummary> {
  const days = indexDaysBetween(new Date(deps.now.getTime() - (deps.days ?? LONGEST_LOOKBACK_DAYS) * DAY_MS), deps.now);
  let articlesIndexed = 0;
  let articlesAlreadyIndexed = 0;
  for (const day of days) {
    const keys = (await deps.store.list(articleDayPrefix(day))).map((object) => object.key).filter((key) => ARTICLE_KEY.test(key));
    await inParallel(keys, CONCURRENCY, async (key) => {
      try {
        const value = await readJson<unknown>(deps.store, key);
        if (value === null) return; // deleted since the listing: nothing to index
        const article = storedArticleAt(key, value);
        if (await deps.articleIndex.has(article.storedAt, article.id)) {
          articlesAlreadyIndexed += 1;
          return;
        }
        await deps.articleIndex.put(indexEntryOf(article));
        articlesIndexed += 1;
      } catch (error) {
        if (error instanceof ArticleIndexBackfillError) throw error;
        throw new ArticleIndexBackfillError(`${key}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    });
  }
  return { days: days.length, articlesIndexed, articlesAlreadyIndexed };
}
