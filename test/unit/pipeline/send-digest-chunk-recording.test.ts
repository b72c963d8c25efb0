import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWatermarkFor } from '../../../lambda/digest/delivery-watermark.js';
import { indexEntryOf } from '../../../lambda/pipeline/index-entry.js';
import { sendDigestChunk, type ChunkSendDependencies } from '../../../lambda/pipeline/send-digest-chunk.js';
import type { DeliveryState } from '../../../lambda/store/delivery-state.js';
import type { DigestChunk } from '../../../lambda/store/digest-chunk-queue.js';
import type { DigestRun } from '../../../lambda/store/digest-run.js';
import { DynamoDbDeliveryStates } from '../../../lambda/store/dynamodb-delivery-states.js';
import { addressHash, subscriberKeyFor } from '../../../lambda/store/keys.js';
import { TransientStoreError } from '../../../lambda/store/store-error.js';
import { storedArticle } from '../../support/article-factory.js';
import { capturedLogs } from '../../support/captured-logs.js';
import { startTestDynamoDb, type TestDynamoDb } from '../../support/dynamodb-emulator.js';

const NOW = new Date('2026-11-24T07:00:00.000Z');
const minutesAfterNow = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const READER = 'ada@example.com';

/**
 * After SES accepted a mail, its ledger entry and the reader's state are what keep a retry of the
 * chunk from mailing the reader again; when DynamoDB refuses both, the sender writes them again
 * after the pauses it is given (recordRetryDelaysMs), none past its deadline.
 */
describe('sendDigestChunk: recording a mail SES accepted', () => {
  let dynamo: TestDynamoDb;

  beforeAll(async () => {
    dynamo = await startTestDynamoDb();
  });

  afterAll(async () => {
    await dynamo?.close();
  });

  /** One reader, one article; the ledger's markSent and the reader's delivery state refuse their first `refusals` writes. */
  async function chunkSender(refusals: number) {
    const ledger = await dynamo.freshLedger();
    const readers = await dynamo.freshSubscribers();
    await readers.import([{ email: READER, topics: ['*'], cadence: 'daily' }], { now: minutesAfterNow(-60) });
    const { storyFeatures: _features, ...article } = indexEntryOf(storedArticle({ storedAt: minutesAfterNow(-30).toISOString() }));
    const run: DigestRun = {
      runId: 'run-1',
      cadence: 'daily',
      runAt: NOW.toISOString(),
      watermark: runWatermarkFor(NOW),
      articles: [{ ...article, indexedAt: article.storedAt }],
      sameStoryPairs: [],
    };
    let ledgerRefusals = refusals;
    let stateRefusals = refusals;
    const flakyLedger = Object.create(ledger) as typeof ledger;
    flakyLedger.markSent = async (...args) => {
      if (ledgerRefusals-- > 0) throw new TransientStoreError('DynamoDB is unavailable: markSent');
      return ledger.markSent(...args);
    };
    const states = new DynamoDbDeliveryStates(dynamo.clientFor(), ledger.tableName);
    const flakyStates = {
      loadMany: (keys: readonly string[]) => states.loadMany(keys),
      record: async (key: string, state: DeliveryState, now?: Date) => {
        if (stateRefusals-- > 0) throw new TransientStoreError('DynamoDB is unavailable: record delivery state');
        return states.record(key, state, now);
      },
    };
    const mails: string[] = [];
    const pauses: number[] = [];
    const { logger, lines } = capturedLogs('digest-sender');
    const chunk: DigestChunk = { runKey: 'digest-runs/daily/run-1.json', cadence: 'daily', readers: [addressHash(READER)] };
    const send = (now: Date, options: Partial<ChunkSendDependencies> = {}) =>
      sendDigestChunk(chunk, {
        runs: { load: async () => run },
        readers,
        states: flakyStates,
        ledger: flakyLedger,
        mailer: {
          send: async (_raw, destinations) => {
            mails.push(...destinations);
            return { messageId: `m-${mails.length}` };
          },
        },
        from: 'newsdrop <digest@example.com>',
        logger,
        now: () => now,
        sleep: async (ms) => void pauses.push(ms),
        ...options,
      });
    const outcomeLines = () => lines.filter((line) => line['outcome'] === 'sent');
    return { send, mails, pauses, outcomeLines, ledger, states };
  }

  it('writes both again after a pause and mails nobody twice when DynamoDB comes back', async () => {
    const { send, mails, pauses, outcomeLines, ledger, states } = await chunkSender(2);

    const first = await send(NOW, { recordRetryDelaysMs: [250, 1_000, 4_000] });
    // The chunk again once the claim's lease has lapsed, as after another reader's deferral.
    const again = await send(minutesAfterNow(30), { recordRetryDelaysMs: [250, 1_000, 4_000] });

    expect(first).toMatchObject({ sent: 1, deferred: 0 });
    expect(again).toMatchObject({ sent: 0, nothingNew: 1 });
    expect(mails).toEqual([READER]);
    expect(pauses).toEqual([250, 1_000]);
    expect(outcomeLines()).toEqual([expect.objectContaining({ level: 'INFO', message: 'digest sent', messageId: 'm-1' })]);
    const [entry] = await dynamo.ledgerItems(ledger.tableName);
    expect(entry).toMatchObject({ subscriberKey: subscriberKeyFor(READER), status: 'sent', messageId: 'm-1' });
    expect((await states.loadMany([subscriberKeyFor(READER)])).get(subscriberKeyFor(READER))?.deliveredThrough).toBe(runWatermarkFor(NOW));
  });

  it('gives up after its pauses and says the mail is not recorded', async () => {
    const { send, mails, pauses, outcomeLines } = await chunkSender(10);

    const summary = await send(NOW, { recordRetryDelaysMs: [250, 1_000] });

    expect(summary).toMatchObject({ sent: 1 });
    expect(mails).toEqual([READER]);
    expect(pauses).toEqual([250, 1_000]);
    expect(outcomeLines()).toEqual([
      expect.objectContaining({ level: 'ERROR', message: 'digest sent but not fully recorded', error: expect.objectContaining({ message: 'DynamoDB is unavailable: markSent' }) }),
    ]);
  });

  it('begins no pause that would end past its deadline', async () => {
    const { send, pauses } = await chunkSender(10);

    await send(NOW, { recordRetryDelaysMs: [250, 1_000, 4_000], deadline: new Date(NOW.getTime() + 2_000), stopBeforeDeadlineMs: 0 });

    expect(pauses).toEqual([250, 1_000]);
  });

  it('writes once, as before, without pauses to take', async () => {
    const { send, pauses, outcomeLines } = await chunkSender(1);

    await send(NOW);

    expect(pauses).toEqual([]);
    expect(outcomeLines()).toEqual([expect.objectContaining({ level: 'ERROR', message: 'digest sent but not fully recorded' })]);
  });
});
