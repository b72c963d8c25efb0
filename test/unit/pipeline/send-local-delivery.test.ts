import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { InProcessChunkQueue } from '../../../bin/local/digest-fanout.js';
import { DEFAULT_DELIVERY_WINDOW, type DeliveryWindow } from '../../../lambda/digest/local-delivery.js';
import { silentLogger } from '../../../lambda/log.js';
import { planDigestRun } from '../../../lambda/pipeline/plan-digest-run.js';
import { sendDigestChunk, type ChunkSendDependencies } from '../../../lambda/pipeline/send-digest-chunk.js';
import type { DigestChunk } from '../../../lambda/store/digest-chunk-queue.js';
import { DigestRunRepository } from '../../../lambda/store/digest-run-repository.js';
import { DynamoDbDeliveryStates } from '../../../lambda/store/dynamodb-delivery-states.js';
import { addressHash, subscriberKeyFor } from '../../../lambda/store/keys.js';
import { MemoryObjectStore } from '../../../lambda/store/memory-object-store.js';
import type { SubscriberRow } from '../../../lambda/store/subscriber.js';
import type { StoredArticle } from '../../../lambda/store/stored-article.js';
import { indexEntryFor, storedArticle } from '../../support/article-factory.js';
import { RecordingMailer } from '../../support/recording-mailer.js';
import { useTestDynamoDb } from '../../support/dynamodb-emulator.js';

const dynamo = useTestDynamoDb();

const WINDOW: DeliveryWindow = { ...DEFAULT_DELIVERY_WINDOW, defaultTimeZone: 'UTC' };

async function setUp(rows: SubscriberRow[], window = WINDOW) {
  const store = new MemoryObjectStore();
  const readers = await dynamo().freshSubscribers();
  await readers.import(rows, { now: new Date('2026-03-01T00:00:00Z') });
  const index = await dynamo().freshArticleIndex();
  const publish = (article: StoredArticle) => index.put(indexEntryFor(article), new Date(article.storedAt));
  const runs = new DigestRunRepository(store);
  const mailer = new RecordingMailer();
  const ledger = await dynamo().freshLedger();
  const states = new DynamoDbDeliveryStates(dynamo().clientFor(), ledger.tableName);
  const deps: ChunkSendDependencies = { runs, readers, states, ledger, mailer, from: 'Digest <digest@example.com>', logger: silentLogger };
  /** An hourly local-morning run at `at` (its own run id), planned and sent; its chunks. */
  const run = async (at: Date, runId: string) => {
    const queue = new InProcessChunkQueue();
    await planDigestRun('daily', { subscribers: readers, articles: index, runs, queue, logger: silentLogger, now: () => at, runId, localDelivery: { window } });
    const chunks: DigestChunk[] = [];
    for (let next = queue.take(); next; next = queue.take()) chunks.push(next.chunk);
    const summaries = [];
    for (const chunk of chunks) summaries.push(await sendDigestChunk(chunk, { ...deps, now: () => at }));
    return { chunks, summaries };
  };
  return { mailer, ledger, publish, run, deps };
}

describe('sendDigestChunk for local-morning runs', () => {
  it('mails a reader once per local day: an overlapping run of the same hour, with news since, sends nothing more', async () => {
    // Prepare
    const { mailer, ledger, publish, run } = await setUp([{ email: 'berlin@example.com', topics: ['*'], cadence: 'daily', timezone: 'Europe/Berlin' }]);
    await publish(storedArticle({ id: 'early', storedAt: '2026-03-28T20:00:00.000Z' }));
    await run(new Date('2026-03-29T05:01:00Z'), 'first');
    await publish(storedArticle({ id: 'late', headline: 'News after the first run', storedAt: '2026-03-29T05:10:00.000Z' }));

    // Act: EventBridge delivers the hourly event twice; the second invocation runs 20 minutes later
    const second = await run(new Date('2026-03-29T05:30:00Z'), 'second');
    const nextDay = await run(new Date('2026-03-30T05:01:00Z'), 'next-day');

    // Assess: the news the second run saw is not lost, it comes the next morning
    expect(second.summaries[0]).toMatchObject({ sent: 0, alreadySent: 1 });
    const entry = await ledger.get('daily@2026-03-29', subscriberKeyFor('berlin@example.com'));
    expect(entry).toMatchObject({ status: 'sent', articleIds: ['early'] });
    expect(nextDay.summaries[0]).toMatchObject({ sent: 1 });
    expect(mailer.sent).toHaveLength(2);
    expect((await simpleParser(mailer.sent[1]!.raw)).subject).toContain('News after the first run');
  });

  it('refuses a second digest on the same local day even from a run of another hour (the repeated hour when the clocks go back)', async () => {
    // Prepare: the operator delivers at 02:00; on 25 October Berlin's 02:00 comes at 00:00 and again at 01:00 UTC
    const window = { ...WINDOW, hour: 2 };
    const { mailer, publish, run, deps } = await setUp([{ email: 'berlin@example.com', topics: ['*'], cadence: 'daily', timezone: 'Europe/Berlin' }], window);
    await publish(storedArticle({ id: 'a', storedAt: '2026-10-24T20:00:00.000Z' }));
    const first = await run(new Date('2026-10-25T00:00:00Z'), 'summer-two');
    await publish(storedArticle({ id: 'b', storedAt: '2026-10-25T00:30:00.000Z' }));
    // A run that planned the reader in the repeated hour all the same (the planner does not; the ledger must hold anyway)
    const runs = deps.runs as DigestRunRepository;
    const earlier = await runs.load(first.chunks[0]!.runKey);
    const repeated = { ...earlier, runId: 'winter-two', runAt: '2026-10-25T01:00:00.000Z', watermark: '2026-10-25T00:55:00.000Z', localDelivery: { slot: '2026-10-25T01:00:00.000Z', defaultTimeZone: 'UTC' } };
    const runKey = await runs.save({ ...repeated, articles: [...earlier.articles, { ...earlier.articles[0]!, id: 'b', indexedAt: '2026-10-25T00:30:00.000Z' }] });

    // Act
    const summary = await sendDigestChunk({ runKey, cadence: 'daily', readers: [addressHash('berlin@example.com')] }, { ...deps, now: () => new Date('2026-10-25T01:00:00Z') });

    // Assess
    expect(mailer.sent).toHaveLength(1);
    expect(summary).toMatchObject({ sent: 0, alreadySent: 1 });
  });

  it('mails the reader again the next local day, with what is new', async () => {
    // Prepare
    const { mailer, publish, run } = await setUp([{ email: 'tokyo@example.com', topics: ['*'], cadence: 'daily', timezone: 'Asia/Tokyo' }]);
    await publish(storedArticle({ id: 'monday', storedAt: '2026-06-01T12:00:00.000Z' }));
    await run(new Date('2026-06-01T22:00:00Z'), 'tuesday-morning');
    await publish(storedArticle({ id: 'tuesday', storedAt: '2026-06-02T12:00:00.000Z' }));

    // Act
    await run(new Date('2026-06-02T22:00:00Z'), 'wednesday-morning');

    // Assess
    expect(mailer.sent).toHaveLength(2);
  });

  it('dates the digest by the reader\'s local day: 22:00 UTC on 1 June is the morning of 2 June in Tokyo', async () => {
    // Prepare
    const { mailer, publish, run } = await setUp([{ email: 'tokyo@example.com', topics: ['*'], cadence: 'daily', timezone: 'Asia/Tokyo' }]);
    await publish(storedArticle({ id: 'news', storedAt: '2026-06-01T12:00:00.000Z' }));

    // Act
    await run(new Date('2026-06-01T22:00:00Z'), 'tokyo-morning');

    // Assess
    const mail = await simpleParser(mailer.sent[0]!.raw);
    expect(mail.subject).toContain('2 Jun 2026');
  });
});
