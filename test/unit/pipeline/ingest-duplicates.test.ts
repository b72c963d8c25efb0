import { describe, expect, it } from 'vitest';
import { notYetReceived } from '../../../lambda/digest/delivery-watermark.js';
import { ingestObject, type IngestDependencies } from '../../../lambda/pipeline/ingest-object.js';
import { ArticleRepository } from '../../../lambda/store/article-repository.js';
import { MemoryObjectStore } from '../../../lambda/store/memory-object-store.js';
import type { ObjectStore, PutOptions } from '../../../lambda/store/object-store.js';
import { RejectionRepository } from '../../../lambda/store/rejection-repository.js';
import type { StoredArticle } from '../../../lambda/store/stored-article.js';
import { CustomTopicMatcher } from '../../../lambda/topics/custom-topic.js';
import { capturedLogs } from '../../support/captured-logs.js';
import { useTestDynamoDb } from '../../support/dynamodb-emulator.js';
import { RecordingMetrics } from '../../support/recording-metrics.js';
import { VersionedMemoryObjectStore } from '../../support/versioned-object-store.js';
import { TRADE_TALKS_ARTICLE as ARTICLE } from '../../support/trade-talks-article.js';

/**
 * Content-level duplicates and updates (issue 13, item 7): an article is its key's latest text, and
 * one body is one article whatever key it is dropped under.
 */


/** The same text as another outlet's page would give it: capitals, curly quotes, spacing, punctuation, a wrapped line, another headline. */
const SAME_BODY_RETYPED = `TRADE DEAL: twelve nations cut farm tariffs

Trade Ministers from TWELVE countries agreed on Friday to cut tariffs on farm goods after talks that ran through the night.

\u201CThis is a fair deal for farmers  and for consumers\u201D \u2014 the chair of the talks told reporters...

The agreement must still be ratified by each national parliament
before it takes effect next year!
`;

/** A correction: one figure changed and a sentence added. */
const CORRECTED = ARTICLE.replace('twelve countries', 'fourteen countries').replace(
  'takes effect next year.',
  'takes effect next year. Two more countries are expected to sign in the spring.',
);

const dynamo = useTestDynamoDb();

const NOON = new Date('2026-11-24T12:00:00Z');

async function dependencies(store: ObjectStore = new MemoryObjectStore()) {
  const { logger, lines } = capturedLogs('ingest');
  const metrics = new RecordingMetrics();
  const tables = await dynamo().freshArticleTable();
  const deps: IngestDependencies = {
    store,
    articles: new ArticleRepository(store),
    ...tables,
    rejections: new RejectionRepository(store),
    classify: () => ({ label: 'business', confidence: 0.9, scores: { world: 0.05, politics: 0.02, business: 0.9, technology: 0.01, sport: 0.01, entertainment: 0.01 } }),
    customTopics: new CustomTopicMatcher([]),
    confidenceThreshold: 0.5,
    maxArticleBytes: 1024 * 1024,
    logger,
    metrics,
    now: () => NOON,
  };
  return { deps, tables, lines, metrics };
}

const origin = (key: string, versionId: string | null = null) => ({ bucket: 'news', key, versionId, etag: null });

async function storedArticles(store: ObjectStore): Promise<StoredArticle[]> {
  const keys = (await store.list('articles/')).map((object) => object.key);
  return Promise.all(keys.map(async (key) => JSON.parse(new TextDecoder().decode((await store.get(key))!.body)) as StoredArticle));
}

const wholeDay = [new Date('2026-11-24T00:00:00Z'), new Date('2026-11-25T00:00:00Z')] as const;

describe('ingestObject: one body is one article, whatever its key', () => {
  it('reports the same file dropped again under another key as a duplicate naming the first article, and stores and indexes nothing', async () => {
    // Prepare
    const { deps, tables, lines, metrics } = await dependencies();
    await deps.store.put('incoming/trade.txt', ARTICLE);
    const first = await ingestObject(origin('incoming/trade.txt'), deps);
    await deps.store.put('incoming/trade (1).txt', ARTICLE);
    // Act
    const again = await ingestObject(origin('incoming/trade (1).txt'), deps);
    // Assess
    expect(first.status).toBe('stored');
    const originalId = (first as { articleId: string }).articleId;
    expect(again).toMatchObject({ status: 'duplicate', articleId: originalId, reason: 'same-body' });
    expect(await storedArticles(deps.store)).toHaveLength(1);
    expect(await tables.articleIndex.listStoredBetween(...wholeDay)).toHaveLength(1);
    expect(lines[1]).toMatchObject({ outcome: 'duplicate', key: 'incoming/trade (1).txt', articleId: originalId, reason: 'same-body' });
    expect(metrics.total('ArticlesParsed')).toBe(1);
    expect(metrics.total('ArticlesDuplicate')).toBe(1);
  });

  it('treats a body retyped with other capitals, quotes, spacing, punctuation and line breaks, under another headline, as the same article', async () => {
    const { deps } = await dependencies();
    await deps.store.put('incoming/trade.txt', ARTICLE);
    await deps.store.put('incoming/wire/trade-deal.txt', SAME_BODY_RETYPED);

    const first = await ingestObject(origin('incoming/trade.txt'), deps);
    const retyped = await ingestObject(origin('incoming/wire/trade-deal.txt'), deps);

    expect(retyped).toMatchObject({ status: 'duplicate', articleId: (first as { articleId: string }).articleId });
    expect(await storedArticles(deps.store)).toHaveLength(1);
  });

  it('stores a body that differs in one figure as an article of its own', async () => {
    const { deps } = await dependencies();
    await deps.store.put('incoming/trade.txt', ARTICLE);
    await deps.store.put('incoming/other-outlet.txt', CORRECTED);

    expect((await ingestObject(origin('incoming/trade.txt'), deps)).status).toBe('stored');
    expect((await ingestObject(origin('incoming/other-outlet.txt'), deps)).status).toBe('stored');

    expect(await storedArticles(deps.store)).toHaveLength(2);
  });

  it('stores one article when the same body is dropped under two keys at once', async () => {
    const { deps, tables } = await dependencies();
    await deps.store.put('incoming/a.txt', ARTICLE);
    await deps.store.put('incoming/b.txt', ARTICLE);

    const results = await Promise.all([ingestObject(origin('incoming/a.txt'), deps), ingestObject(origin('incoming/b.txt'), deps)]);

    expect(results.map((result) => result.status).sort()).toEqual(['duplicate', 'stored']);
    const stored = results.find((result) => result.status === 'stored') as { articleId: string };
    expect(results.find((result) => result.status === 'duplicate')).toMatchObject({ articleId: stored.articleId });
    expect(await storedArticles(deps.store)).toHaveLength(1);
    expect(await tables.articleIndex.listStoredBetween(...wholeDay)).toHaveLength(1);
  });
});

/** S3 answering 503 to the first write of an article object, then recovering. */
class ArticleWriteFailsOnce extends MemoryObjectStore {
  private failed = false;
  override async put(key: string, body: Uint8Array | string, options?: PutOptions) {
    if (key.startsWith('articles/') && !this.failed) {
      this.failed = true;
      throw Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailable' });
    }
    return super.put(key, body, options);
  }
}

describe('ingestObject: a failure between the claim and the store', () => {
  it('completes the article on the retry, and a copy dropped meanwhile is a duplicate of it', async () => {
    // Prepare: the first attempt claims the body, then S3 fails to store the article.
    const { deps, tables } = await dependencies(new ArticleWriteFailsOnce());
    await deps.store.put('incoming/trade.txt', ARTICLE);
    await expect(ingestObject(origin('incoming/trade.txt'), deps)).rejects.toThrow('Service Unavailable');
    await deps.store.put('incoming/copy.txt', ARTICLE);
    // Act
    const copy = await ingestObject(origin('incoming/copy.txt'), deps);
    const retry = await ingestObject(origin('incoming/trade.txt'), deps);
    // Assess
    expect(retry).toMatchObject({ status: 'stored' });
    expect(copy).toMatchObject({ status: 'duplicate', articleId: (retry as { articleId: string }).articleId, reason: 'same-body' });
    const [article, ...others] = await storedArticles(deps.store);
    expect(others).toEqual([]);
    expect(article).toMatchObject({ id: (retry as { articleId: string }).articleId, origin: { key: 'incoming/trade.txt' } });
    expect(await tables.articleIndex.listStoredBetween(...wholeDay)).toHaveLength(1);
    expect((await ingestObject(origin('incoming/trade.txt'), deps)).status).toBe('duplicate');
  });
});

describe('ingestObject: a file re-uploaded under the same key', () => {
  it('replaces the article when the body changed, keeping its id, key and the time readers who got it count from', async () => {
    // Prepare: stored at noon, corrected an hour later.
    const { deps, tables, lines, metrics } = await dependencies();
    await deps.store.put('incoming/trade.txt', ARTICLE);
    const first = (await ingestObject(origin('incoming/trade.txt'), deps)) as { articleId: string; key: string };
    const [before] = await tables.articleIndex.listStoredBetween(...wholeDay);
    await deps.store.put('incoming/trade.txt', CORRECTED);
    // Act
    const update = await ingestObject(origin('incoming/trade.txt'), { ...deps, now: () => new Date('2026-11-24T13:00:00Z') });
    // Assess
    expect(update).toMatchObject({ status: 'updated', articleId: first.articleId, key: first.key });
    const [article, ...others] = await storedArticles(deps.store);
    expect(others).toEqual([]);
    expect(article).toMatchObject({ id: first.articleId, storedAt: NOON.toISOString(), revision: 2 });
    expect(article!.body.join(' ')).toContain('fourteen countries');
    const [entry, ...otherEntries] = await tables.articleIndex.listStoredBetween(...wholeDay);
    expect(otherEntries).toEqual([]);
    expect(entry).toMatchObject({ id: first.articleId, indexedAt: before!.indexedAt, storedAt: NOON.toISOString() });
    expect(entry!.summary).toContain('fourteen countries');
    // A reader mailed after the first version does not get it again; one never mailed gets the correction.
    expect(notYetReceived({ deliveredThrough: '2026-11-24T12:30:00.000Z', recentArticleIds: [] })(entry!)).toBe(false);
    expect(notYetReceived({ deliveredThrough: null, recentArticleIds: [first.articleId] })(entry!)).toBe(false);
    expect(notYetReceived({ deliveredThrough: null, recentArticleIds: [] })(entry!)).toBe(true);
    expect(lines[1]).toMatchObject({ message: 'article updated', outcome: 'updated', articleId: first.articleId, revision: 2 });
    expect(metrics.total('ArticlesUpdated')).toBe(1);
  });

  it('goes on from the stored article when the table was created anew beside the retained bucket', async () => {
    const { deps } = await dependencies();
    await deps.store.put('incoming/trade.txt', ARTICLE);
    const first = (await ingestObject(origin('incoming/trade.txt'), deps)) as { articleId: string };
    await deps.store.put('incoming/trade.txt', CORRECTED);
    const emptyTable = await dynamo().freshArticleTable();

    const update = await ingestObject(origin('incoming/trade.txt'), { ...deps, ...emptyTable });

    expect(update).toMatchObject({ status: 'updated', articleId: first.articleId, revision: 2 });
    const [article] = await storedArticles(deps.store);
    expect(article!.body.join(' ')).toContain('fourteen countries');
  });

  it('reports a re-upload that changes nothing the reader sees as a duplicate', async () => {
    const { deps, tables } = await dependencies();
    await deps.store.put('incoming/trade.txt', ARTICLE);
    const first = (await ingestObject(origin('incoming/trade.txt'), deps)) as { articleId: string };
    const [before] = await storedArticles(deps.store);
    const [entryBefore] = await tables.articleIndex.listStoredBetween(...wholeDay);
    await deps.store.put('incoming/trade.txt', `\n${ARTICLE.replaceAll('\n', '\r\n')}\n\n`);

    const again = await ingestObject(origin('incoming/trade.txt'), { ...deps, now: () => new Date('2026-11-24T13:00:00Z') });

    expect(again).toMatchObject({ status: 'duplicate', articleId: first.articleId, reason: 'unchanged' });
    const [article, ...others] = await storedArticles(deps.store);
    expect(others).toEqual([]);
    expect(article).toMatchObject({ headline: before!.headline, body: before!.body, storedAt: before!.storedAt });
    expect(await tables.articleIndex.listStoredBetween(...wholeDay)).toEqual([entryBefore]);
  });

  it('keeps a body the article had before as its own: a copy of an earlier version under another key is a duplicate', async () => {
    const { deps } = await dependencies();
    await deps.store.put('incoming/trade.txt', ARTICLE);
    const first = (await ingestObject(origin('incoming/trade.txt'), deps)) as { articleId: string };
    await deps.store.put('incoming/trade.txt', CORRECTED);
    await ingestObject(origin('incoming/trade.txt'), deps);
    await deps.store.put('incoming/old-copy.txt', ARTICLE);

    expect(await ingestObject(origin('incoming/old-copy.txt'), deps)).toMatchObject({ status: 'duplicate', articleId: first.articleId });
    expect(await storedArticles(deps.store)).toHaveLength(1);
  });
});

describe('ingestObject on a versioned bucket', () => {
  it.each([
    ['the newer event first', [1, 0]],
    ['the older event first', [0, 1]],
  ])('keeps the newest version of a key whichever event comes first (%s)', async (_order, order) => {
    // Prepare: two versions of one key, uploaded before ingest ran.
    const store = new VersionedMemoryObjectStore();
    const { deps } = await dependencies(store);
    await store.put('incoming/trade.txt', ARTICLE);
    const older = origin('incoming/trade.txt', store.latestVersionId('incoming/trade.txt'));
    await store.put('incoming/trade.txt', CORRECTED);
    const newer = origin('incoming/trade.txt', store.latestVersionId('incoming/trade.txt'));
    const events = [older, newer];
    // Act
    const results = [];
    for (const index of order) results.push({ version: index, result: await ingestObject(events[index]!, deps) });
    // Assess
    expect(results.find(({ version }) => version === 0)?.result).toMatchObject({ status: 'skipped' });
    expect(results.find(({ version }) => version === 1)?.result).toMatchObject({ status: 'stored' });
    const [article, ...others] = await storedArticles(store);
    expect(others).toEqual([]);
    expect(article!.body.join(' ')).toContain('fourteen countries');
  });

  it('keeps the newest of three versions when their events are processed at once', async () => {
    const store = new VersionedMemoryObjectStore();
    const { deps } = await dependencies(store);
    const events = [];
    for (const text of [ARTICLE, SAME_BODY_RETYPED, CORRECTED]) {
      await store.put('incoming/trade.txt', text);
      events.push(origin('incoming/trade.txt', store.latestVersionId('incoming/trade.txt')));
    }

    const results = await Promise.all(events.map((event) => ingestObject(event, deps)));

    expect(results.filter((result) => result.status === 'stored' || result.status === 'updated').length).toBeGreaterThanOrEqual(1);
    const [article, ...others] = await storedArticles(store);
    expect(others).toEqual([]);
    expect(article!.body.join(' ')).toContain('fourteen countries');
    // A later redelivery of any of them changes nothing.
    for (const event of events) expect(['duplicate', 'skipped']).toContain((await ingestObject(event, deps)).status);
    expect((await storedArticles(store))[0]!.body.join(' ')).toContain('fourteen countries');
  });

  it('reports the same bytes uploaded again to a key (a new version) as a duplicate', async () => {
    const store = new VersionedMemoryObjectStore();
    const { deps } = await dependencies(store);
    await store.put('incoming/trade.txt', ARTICLE);
    const first = (await ingestObject(origin('incoming/trade.txt', store.latestVersionId('incoming/trade.txt')), deps)) as { articleId: string };
    await store.put('incoming/trade.txt', ARTICLE);

    const again = await ingestObject(origin('incoming/trade.txt', store.latestVersionId('incoming/trade.txt')), deps);

    expect(again).toMatchObject({ status: 'duplicate', articleId: first.articleId, reason: 'unchanged' });
    expect(await storedArticles(store)).toHaveLength(1);
  });

  it('skips an upload deleted before ingest ran, though the bucket keeps its version', async () => {
    const store = new VersionedMemoryObjectStore();
    const { deps } = await dependencies(store);
    await store.put('incoming/trade.txt', ARTICLE);
    const event = origin('incoming/trade.txt', store.latestVersionId('incoming/trade.txt'));
    await store.delete('incoming/trade.txt');

    expect(await ingestObject(event, deps)).toMatchObject({ status: 'skipped' });
    expect(await storedArticles(store)).toEqual([]);
  });
});
