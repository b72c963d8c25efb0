import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessChunkQueue } from '../../../bin/local/digest-fanout.js';
import { runWatermarkFor } from '../../../lambda/digest/delivery-watermark.js';
import { silentLogger } from '../../../lambda/log.js';
import { planDigestRun, type DigestPlanDependencies } from '../../../lambda/pipeline/plan-digest-run.js';
import type { DigestChunk, DigestChunkQueue } from '../../../lambda/store/digest-chunk-queue.js';
import { DigestRunRepository } from '../../../lambda/store/digest-run-repository.js';
import type { DynamoDbSubscriberRepository } from '../../../lambda/store/dynamodb-subscriber-repository.js';
import { addressHash } from '../../../lambda/store/keys.js';
import { MemoryObjectStore } from '../../../lambda/store/memory-object-store.js';
import { WebArchive } from '../../../lambda/store/web-archive.js';
import type { SubscriberRow } from '../../../lambda/store/subscriber.js';
import { ACTIVE_CADENCE_SHARDS, activeCadenceShardOf } from '../../../lambda/store/subscriber-table.js';
import { indexEntryFor, storedArticle } from '../../support/article-factory.js';
import { capturedLogs } from '../../support/captured-logs.js';
import { startTestDynamoDb, type TestDynamoDb } from '../../support/dynamodb-emulator.js';

const NOW = new Date('2026-11-24T12:00:00Z');

/** A small page size, so each shard of the big table takes many Query pages. */
const SMALL_PAGE = 7;

let dynamo: TestDynamoDb;
/** 1,040 active daily readers, 30 weekly ones and 20 daily ones who unsubscribed; read only by the tests. */
let bigTable: DynamoDbSubscriberRepository;
const dailyAddresses = Array.from({ length: 1_040 }, (_, index) => `daily-${index}@example.com`);
const leftAddresses = Array.from({ length: 20 }, (_, index) => `left-${index}@example.com`);

beforeAll(async () => {
  dynamo = await startTestDynamoDb();
  bigTable = await dynamo.freshSubscribers();
  const rows: SubscriberRow[] = [
    ...dailyAddresses.map((email) => ({ email, topics: ['*'], cadence: 'daily' as const })),
    ...Array.from({ length: 30 }, (_, index) => ({ email: `weekly-${index}@example.com`, topics: ['*'], cadence: 'weekly' as const })),
    ...leftAddresses.map((email) => ({ email, topics: ['*'], cadence: 'daily' as const })),
  ];
  await bigTable.import(rows, { now: NOW, concurrency: 32 });
  for (const email of leftAddresses) await bigTable.unsubscribe(email, 'one-click', NOW);
});
afterAll(async () => {
  await dynamo?.close();
});

/** Every chunk the planner enqueued, in order. */
function drain(queue: InProcessChunkQueue): DigestChunk[] {
  const chunks: DigestChunk[] = [];
  for (let next = queue.take(); next; next = queue.take()) chunks.push(next.chunk);
  return chunks;
}

async function setUp(subscribers: DynamoDbSubscriberRepository, articles = [storedArticle({ id: 'w1' }), storedArticle({ id: 's1', topic: { label: 'sport', confidence: 0.9 } })]) {
  const index = await dynamo.freshArticleIndex();
  for (const article of articles) await index.put(indexEntryFor(article));
  const store = new MemoryObjectStore();
  const queue = new InProcessChunkQueue();
  const deps: DigestPlanDependencies = {
    // The real repository, with a small page size so paging is exercised.
    subscribers: { pageActiveShard: (cadence, shard, cursor) => subscribers.pageActiveShard(cadence, shard, cursor, SMALL_PAGE) },
    articles: index,
    runs: new DigestRunRepository(store),
    queue,
    logger: silentLogger,
    now: () => NOW,
  };
  return { deps, store, queue, index };
}

/** The shard each planned reader came from, counted from the run's first shard. */
const shardSteps = (chunks: readonly DigestChunk[], firstShard: number) =>
  chunks.flatMap((chunk) => chunk.readers).map((hash) => (activeCadenceShardOf(hash) - firstShard + ACTIVE_CADENCE_SHARDS) % ACTIVE_CADENCE_SHARDS);

describe('planDigestRun', () => {
  it('hands every active reader of the cadence to exactly one chunk of the configured size, across all shards and pages', async () => {
    // Prepare
    const { deps, queue } = await setUp(bigTable);

    // Act
    const summary = await planDigestRun('daily', { ...deps, chunkReaders: 64, runId: 'run-a' });

    // Assess
    const chunks = drain(queue);
    const planned = chunks.flatMap((chunk) => chunk.readers);
    expect(summary).toMatchObject({ cadence: 'daily', runId: 'run-a', readers: 1_040, chunks: 17, candidateArticles: 2 });
    expect(chunks).toHaveLength(17);
    expect(chunks.map((chunk) => chunk.readers.length)).toEqual([...Array(16).fill(64), 1_040 - 16 * 64]);
    expect(planned).toHaveLength(1_040);
    expect(new Set(planned)).toEqual(new Set(dailyAddresses.map(addressHash)));
    for (const chunk of chunks) expect(chunk).toMatchObject({ runKey: summary.runKey, cadence: 'daily' });
    // Unsubscribed and weekly readers are not in the daily index at all.
    for (const email of [...leftAddresses, 'weekly-0@example.com']) expect(planned).not.toContain(addressHash(email));
  });

  it('starts with a shard derived from the run id, and still covers every reader', async () => {
    // Prepare
    const { deps, queue } = await setUp(bigTable);

    // Act
    const first = await planDigestRun('daily', { ...deps, runId: 'run-a' });
    const firstChunks = drain(queue);
    const second = await planDigestRun('daily', { ...deps, runId: 'run-b' });
    const secondChunks = drain(queue);

    // Assess: another first shard; each run reads the shards in turn from its own.
    expect(first.firstShard).not.toBe(second.firstShard);
    for (const [summary, chunks] of [[first, firstChunks], [second, secondChunks]] as const) {
      const steps = shardSteps(chunks, summary.firstShard);
      expect(steps[0]).toBe(0);
      expect(steps).toEqual([...steps].sort((a, b) => a - b));
      expect(new Set(steps).size).toBe(ACTIVE_CADENCE_SHARDS);
      expect(new Set(chunks.flatMap((chunk) => chunk.readers))).toEqual(new Set(dailyAddresses.map(addressHash)));
    }
    expect(firstChunks[0]!.readers[0]).not.toBe(secondChunks[0]!.readers[0]);
  });

  it('caps chunks at 300 readers, the most one queue message holds', async () => {
    const { deps, queue } = await setUp(bigTable);

    const summary = await planDigestRun('daily', { ...deps, chunkReaders: 10_000 });

    expect(drain(queue).map((chunk) => chunk.readers.length)).toEqual([300, 300, 300, 140]);
    expect(summary.chunks).toBe(4);
  });

  it('plans no chunk and writes no snapshot when the look-back window holds no article', async () => {
    // Prepare: the only article is older than the daily look-back (3 days).
    const { deps, queue, store } = await setUp(bigTable, [storedArticle({ storedAt: '2026-11-20T10:00:00.000Z' })]);
    const { logger, lines } = capturedLogs('digest');

    // Act
    const summary = await planDigestRun('daily', { ...deps, logger });

    // Assess
    expect(summary).toMatchObject({ runKey: null, candidateArticles: 0, readers: 0, chunks: 0 });
    expect(queue.length).toBe(0);
    expect(store.keys()).toEqual([]);
    expect(lines).toEqual([expect.objectContaining({ level: 'INFO', message: 'digest run planned: no articles in the look-back window, nothing to send', candidateArticles: 0 })]);
  });

  it('writes the run snapshot: candidates with their index time, same-story pairs once, the run time and watermark', async () => {
    // Prepare: two copies of one report (the same story), one other article, and one outside the window.
    const subscribers = await dynamo.freshSubscribers();
    await subscribers.import([{ email: 'ada@example.com', topics: ['*'], cadence: 'daily' }], { now: NOW });
    const body = [
      'Ministers from Chile and Peru signed a fishing accord in Lima on Monday after two years of talks.',
      'The accord sets quotas for anchovy catches along the coast for five years, officials in Lima said.',
    ];
    const copyA = storedArticle({ id: 'copy-a', headline: 'Chile and Peru sign fishing accord', body, storedAt: '2026-11-24T09:00:00.000Z' });
    const copyB = storedArticle({ id: 'copy-b', headline: 'Fishing accord signed in Lima', body, source: 'Other Wire', storedAt: '2026-11-24T09:30:00.000Z' });
    const other = storedArticle({ id: 'other', headline: 'Riverside win the cup', topic: { label: 'sport', confidence: 0.9 }, storedAt: '2026-11-23T08:00:00.000Z' });
    const old = storedArticle({ id: 'old', storedAt: '2026-11-20T08:00:00.000Z' });
    const { deps, queue, store, index } = await setUp(subscribers, []);
    await index.put(indexEntryFor(copyA), new Date('2026-11-24T09:00:01.000Z'));
    // Indexed well after it was stored (an ingest retried after a crash).
    await index.put(indexEntryFor(copyB), new Date('2026-11-24T11:58:00.000Z'));
    await index.put(indexEntryFor(other), new Date('2026-11-23T08:00:02.000Z'));
    await index.put(indexEntryFor(old));

    // Act
    const summary = await planDigestRun('daily', { ...deps, runId: 'snapshot-run' });

    // Assess
    expect(summary).toMatchObject({ runKey: 'digest-runs/daily/snapshot-run.json', candidateArticles: 3, sameStoryPairs: 1, readers: 1, chunks: 1 });
    expect(store.keys()).toEqual(['digest-runs/daily/snapshot-run.json']);
    const run = await new DigestRunRepository(store).load(summary.runKey!);
    expect(run).toMatchObject({ runId: 'snapshot-run', cadence: 'daily', runAt: NOW.toISOString(), watermark: runWatermarkFor(NOW) });
    expect(run.watermark).toBe('2026-11-24T11:55:00.000Z');
    const indexedAt = Object.fromEntries(run.articles.map((article) => [article.id, article.indexedAt]));
    expect(indexedAt).toEqual({ 'copy-a': '2026-11-24T09:00:01.000Z', 'copy-b': '2026-11-24T11:58:00.000Z', other: '2026-11-23T08:00:02.000Z' });
    expect(run.articles.find((article) => article.id === 'copy-b')).toMatchObject({ headline: 'Fishing accord signed in Lima', source: 'Other Wire', storedAt: '2026-11-24T09:30:00.000Z' });
    // Story vectors stay in the index: senders need only the pairs.
    for (const article of run.articles) expect(article).not.toHaveProperty('storyFeatures');
    expect(run.sameStoryPairs).toEqual([['copy-a', 'copy-b']]);
    expect(drain(queue)).toEqual([{ runKey: summary.runKey, cadence: 'daily', readers: [addressHash('ada@example.com')] }]);
  });

  it('keeps articles published before the look-back window by default, and leaves them out with oldArticles "omit"', async () => {
    // Prepare: a 2007 story dropped today, and a current one (the daily window starts on 21 Nov).
    const subscribers = await dynamo.freshSubscribers();
    await subscribers.import([{ email: 'ada@example.com', topics: ['*'], cadence: 'daily' }], { now: NOW });
    const articles = [
      storedArticle({ id: 'from-2007', published: '2007-05-16', storedAt: '2026-11-24T09:00:00.000Z' }),
      storedArticle({ id: 'current', published: '2026-11-21', storedAt: '2026-11-24T09:00:00.000Z', body: ['A different report about a harbour opening on the coast.'] }),
    ];
    const flagged = await setUp(subscribers, articles);
    const omitted = await setUp(subscribers, articles);
    const { logger, lines } = capturedLogs('digest');

    // Act
    const kept = await planDigestRun('daily', { ...flagged.deps, runId: 'flag-run' });
    const left = await planDigestRun('daily', { ...omitted.deps, logger, runId: 'omit-run', oldArticles: 'omit' });

    // Assess
    const ids = async (store: MemoryObjectStore, key: string) => (await new DigestRunRepository(store).load(key)).articles.map((article) => article.id).sort();
    expect(await ids(flagged.store, kept.runKey!)).toEqual(['current', 'from-2007']);
    expect(await ids(omitted.store, left.runKey!)).toEqual(['current']);
    expect(left).toMatchObject({ candidateArticles: 1, oldArticlesLeftOut: 1 });
    expect(kept).toMatchObject({ candidateArticles: 2, oldArticlesLeftOut: 0 });
    expect(lines).toEqual([expect.objectContaining({ message: 'digest run planned', oldArticlesLeftOut: 1 })]);
  });

  it('plans nothing when every article in the window is old and oldArticles is "omit"', async () => {
    const { deps, queue, store } = await setUp(bigTable, [storedArticle({ published: '2015-07-01', storedAt: '2026-11-24T09:00:00.000Z' })]);

    const summary = await planDigestRun('daily', { ...deps, oldArticles: 'omit' });

    expect(summary).toMatchObject({ runKey: null, candidateArticles: 0, oldArticlesLeftOut: 1, readers: 0 });
    expect(queue.length).toBe(0);
    expect(store.keys()).toEqual([]);
  });

  it('publishes the run\'s edition to the web archive once its chunks are queued', async () => {
    const { deps, store, queue } = await setUp(bigTable);
    const archive = new WebArchive(store, 'https://d111.cloudfront.net/');

    const summary = await planDigestRun('daily', { ...deps, archive, runId: 'archived-run' });

    expect(summary).toMatchObject({ edition: 'published', readers: 1_040 });
    expect(drain(queue).flatMap((chunk) => chunk.readers)).toHaveLength(1_040);
    expect(store.keys().filter((key) => key.startsWith('archive/daily/2026-11-24-1200-'))).toHaveLength(1);
    expect(store.keys()).toContain('archive/daily/feed.xml');
  });

  it('plans and queues the run when its edition cannot be published, and says so', async () => {
    const { deps, queue } = await setUp(bigTable);
    const { logger, lines } = capturedLogs('digest');
    const broken = new WebArchive(new MemoryObjectStore(), 'https://d111.cloudfront.net/');
    broken.putEditionPage = () => Promise.reject(new Error('S3 is unavailable: PutObject (HTTP 503)'));

    const summary = await planDigestRun('daily', { ...deps, logger, archive: broken, runId: 'unarchived-run' });

    expect(summary).toMatchObject({ edition: 'failed', readers: 1_040 });
    expect(drain(queue).flatMap((chunk) => chunk.readers)).toHaveLength(1_040);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'ERROR', message: 'web archive edition not published', runId: 'unarchived-run' }));
    expect(lines).toContainEqual(expect.objectContaining({ message: 'digest run planned', edition: 'failed' }));
  });

  it('writes one summary line with the counts and no address', async () => {
    const { deps } = await setUp(bigTable);
    const { logger, lines } = capturedLogs('digest');

    const summary = await planDigestRun('daily', { ...deps, logger, chunkReaders: 200, runId: 'run-a' });

    expect(lines).toEqual([
      expect.objectContaining({ level: 'INFO', message: 'digest run planned', runId: 'run-a', cadence: 'daily', readers: 1_040, chunks: 6, candidateArticles: 2, firstShard: summary.firstShard }),
    ]);
    expect(lines[0]).toHaveProperty('groupingMs');
    expect(JSON.stringify(lines)).not.toContain('@example.com');
  });

  it('fails the plan, without an unhandled rejection, when the queue refuses chunks while paging goes on', async () => {
    // Prepare: one reader per chunk, so the first enqueue (50 chunks) starts while shards are still being paged.
    const { deps } = await setUp(bigTable);
    const refused = new Error('SQS unavailable');
    let calls = 0;
    const failing: DigestChunkQueue = {
      enqueue: async () => {
        calls++;
        throw refused;
      },
    };

    // Act
    const attempt = planDigestRun('daily', { ...deps, queue: failing, chunkReaders: 1 });

    // Assess
    await expect(attempt).rejects.toBe(refused);
    expect(calls).toBe(1);
  });
});
