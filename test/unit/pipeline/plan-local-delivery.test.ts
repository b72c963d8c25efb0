import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessChunkQueue } from '../../../bin/local/digest-fanout.js';
import { DEFAULT_DELIVERY_WINDOW, type DeliveryWindow } from '../../../lambda/digest/local-delivery.js';
import { silentLogger } from '../../../lambda/log.js';
import { planDigestRun, type DigestPlanDependencies } from '../../../lambda/pipeline/plan-digest-run.js';
import { DigestRunRepository } from '../../../lambda/store/digest-run-repository.js';
import type { DynamoDbSubscriberRepository } from '../../../lambda/store/dynamodb-subscriber-repository.js';
import { addressHash } from '../../../lambda/store/keys.js';
import { MemoryObjectStore } from '../../../lambda/store/memory-object-store.js';
import { WebArchive } from '../../../lambda/store/web-archive.js';
import type { SubscriberRow } from '../../../lambda/store/subscriber.js';
import { indexEntryFor, storedArticle } from '../../support/article-factory.js';
import { capturedLogs } from '../../support/captured-logs.js';
import { startTestDynamoDb, type TestDynamoDb } from '../../support/dynamodb-emulator.js';

const HOUR_MS = 3_600_000;
/** Readers who gave no timezone get the operator's default: here New York's. */
const WINDOW: DeliveryWindow = { ...DEFAULT_DELIVERY_WINDOW, defaultTimeZone: 'America/New_York' };

let dynamo: TestDynamoDb;
let subscribers: DynamoDbSubscriberRepository;
const readers: SubscriberRow[] = [
  { email: 'berlin@example.com', topics: ['*'], cadence: 'daily', timezone: 'Europe/Berlin' },
  { email: 'kolkata@example.com', topics: ['*'], cadence: 'daily', timezone: 'Asia/Kolkata' },
  { email: 'tokyo@example.com', topics: ['*'], cadence: 'daily', timezone: 'Asia/Tokyo' },
  { email: 'default@example.com', topics: ['*'], cadence: 'daily' },
  { email: 'berlin-weekly@example.com', topics: ['*'], cadence: 'weekly', timezone: 'Europe/Berlin' },
];
const nameOf = new Map(readers.map((row) => [addressHash(row.email), row.email.split('@')[0]!]));

beforeAll(async () => {
  dynamo = await startTestDynamoDb();
  subscribers = await dynamo.freshSubscribers();
  await subscribers.import(readers, { now: new Date('2026-03-01T00:00:00Z') });
});
afterAll(async () => {
  await dynamo?.close();
});

async function setUp() {
  const index = await dynamo.freshArticleIndex();
  for (const storedAt of ['2026-03-27T12:00:00.000Z', '2026-03-28T12:00:00.000Z', '2026-10-23T12:00:00.000Z', '2026-10-24T12:00:00.000Z']) {
    await index.put(indexEntryFor(storedArticle({ storedAt })), new Date(storedAt));
  }
  const store = new MemoryObjectStore();
  const queue = new InProcessChunkQueue();
  let pages = 0;
  let listings = 0;
  const deps: DigestPlanDependencies = {
    subscribers: {
      pageActiveShard: (cadence, shard, cursor) => {
        pages++;
        return subscribers.pageActiveShard(cadence, shard, cursor);
      },
    },
    articles: {
      listStoredBetween: (from, to, onCorrupt) => {
        listings++;
        return index.listStoredBetween(from, to, onCorrupt);
      },
    },
    runs: new DigestRunRepository(store),
    queue,
    logger: silentLogger,
  };
  return { deps, store, queue, counts: () => ({ pages, listings }) };
}

function plannedNames(queue: InProcessChunkQueue): string[] {
  const names: string[] = [];
  for (let next = queue.take(); next; next = queue.take()) names.push(...next.chunk.readers.map((hash) => nameOf.get(hash)!));
  return names.sort();
}

describe('planDigestRun with local-morning delivery', () => {
  it('plans only the readers whose 07:00 has come, and records the slot and default timezone in the run', async () => {
    // Prepare: 05:00 UTC on 29 March is 07:00 in Berlin (summer time since 01:00 UTC), 10:30 in Kolkata, 01:00 in New York
    const { deps, queue, store } = await setUp();
    const now = new Date('2026-03-29T05:04:00Z');

    // Act
    const summary = await planDigestRun('daily', { ...deps, now: () => now, runId: 'berlin-morning', localDelivery: { window: WINDOW } });

    // Assess
    expect(summary).toMatchObject({ readers: 1, notDueYet: 3, chunks: 1 });
    expect(plannedNames(queue)).toEqual(['berlin']);
    const run = await new DigestRunRepository(store).load(summary.runKey!);
    expect(run.localDelivery).toEqual({ slot: '2026-03-29T05:00:00.000Z', defaultTimeZone: 'America/New_York' });
    expect(run.runAt).toBe(now.toISOString());
  });

  it('walking hour by hour across both 2026 clock changes, plans each daily reader exactly once per local day', async () => {
    // Prepare
    const { deps, queue } = await setUp();
    const plannedDays = new Map<string, string[]>();
    const localDay = (name: string, at: Date) => {
      const zone = readers.find((row) => row.email.startsWith(`${name}@`))!.timezone ?? WINDOW.defaultTimeZone;
      return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
    };

    // Act: every hourly run from 28 to 30 March and from 24 to 26 October (Berlin changes on the 29th and the 25th)
    for (const start of ['2026-03-28T00:00:00Z', '2026-10-24T00:00:00Z']) {
      for (let hour = 0; hour < 48; hour++) {
        const now = new Date(Date.parse(start) + hour * HOUR_MS + 2 * 60_000);
        await planDigestRun('daily', { ...deps, now: () => now, runId: `run-${now.toISOString()}`, localDelivery: { window: WINDOW } });
        for (const name of plannedNames(queue)) plannedDays.set(`${name} ${localDay(name, now)}`, [...(plannedDays.get(`${name} ${localDay(name, now)}`) ?? []), now.toISOString()]);
      }
    }

    // Assess: one run per reader and local day, on the days the clocks change too
    for (const [key, runs] of plannedDays) expect(runs, key).toHaveLength(1);
    for (const day of ['2026-03-29', '2026-10-25']) {
      for (const name of ['berlin', 'kolkata', 'tokyo']) expect(plannedDays.has(`${name} ${day}`), `${name} ${day}`).toBe(true);
    }
    expect(plannedDays.get('berlin 2026-03-29')).toEqual(['2026-03-29T05:02:00.000Z']);
    expect(plannedDays.get('berlin 2026-10-25')).toEqual(['2026-10-25T06:02:00.000Z']);
    expect(plannedDays.get('kolkata 2026-03-29')).toEqual(['2026-03-29T02:02:00.000Z']);
    // New York has been on summer time since 8 March: 07:00 is 11:00 UTC.
    expect(plannedDays.get('default 2026-03-28')).toEqual(['2026-03-28T11:02:00.000Z']);
  }, 60_000);

  it('reads no article and writes no snapshot in an hour when no reader is due', async () => {
    // Prepare: 15:00 UTC is 16:00/17:00 in Berlin, 20:30 in Kolkata, 00:00 in Tokyo, 11:00 in New York
    const { deps, queue, store, counts } = await setUp();
    const { logger, lines } = capturedLogs('digest');

    // Act
    const summary = await planDigestRun('daily', { ...deps, logger, now: () => new Date('2026-03-29T15:00:00Z'), localDelivery: { window: WINDOW } });

    // Assess
    expect(summary).toMatchObject({ runKey: null, readers: 0, notDueYet: 4, chunks: 0 });
    expect(queue.length).toBe(0);
    expect(store.keys()).toEqual([]);
    expect(counts().listings).toBe(0);
    expect(lines).toEqual([expect.objectContaining({ message: 'digest run planned: no reader whose delivery hour has come, nothing to send' })]);
  });

  it('reads no reader at all for weekly in an hour when it is nowhere Monday 07:00', async () => {
    // Prepare: Wednesday
    const { deps, counts } = await setUp();

    // Act
    const summary = await planDigestRun('weekly', { ...deps, now: () => new Date('2026-10-28T06:00:00Z'), localDelivery: { window: WINDOW } });
    const monday = await planDigestRun('weekly', { ...deps, now: () => new Date('2026-10-26T06:00:00Z'), localDelivery: { window: WINDOW } });

    // Assess: Monday 07:00 in Berlin (winter time) is 06:00 UTC
    expect(summary).toMatchObject({ readers: 0, notDueYet: 0 });
    expect(monday).toMatchObject({ readers: 1, notDueYet: 0 });
    expect(counts().pages).toBe(16);
  });

  it('a retried run plans the slot of its first attempt, whatever the time of the retry', async () => {
    // Prepare
    const { deps, queue } = await setUp();
    await planDigestRun('daily', { ...deps, now: () => new Date('2026-03-29T05:00:00Z'), runId: 'retried', localDelivery: { window: WINDOW } });
    expect(plannedNames(queue)).toEqual(['berlin']);

    // Act: Lambda retries the invocation an hour later (same request id)
    const retry = await planDigestRun('daily', { ...deps, now: () => new Date('2026-03-29T06:10:00Z'), runId: 'retried', localDelivery: { window: WINDOW } });

    // Assess
    expect(retry.readers).toBe(1);
    expect(plannedNames(queue)).toEqual(['berlin']);
  });

  it('publishes one web archive edition a day: in the slot of the operator\'s default timezone, with or without readers due', async () => {
    // Prepare
    const { deps, store } = await setUp();
    const archive = new WebArchive(store, 'https://d111.cloudfront.net/');

    // Act: 05:00 UTC serves Berlin (not the default); 11:00 UTC is 07:00 in New York (summer time), the default zone, whose reader is due too
    const berlin = await planDigestRun('daily', { ...deps, archive, now: () => new Date('2026-03-29T05:00:00Z'), localDelivery: { window: WINDOW } });
    const newYork = await planDigestRun('daily', { ...deps, archive, now: () => new Date('2026-03-29T11:00:00Z'), localDelivery: { window: WINDOW } });

    // Assess
    expect(berlin.edition).toBeUndefined();
    expect(newYork).toMatchObject({ edition: 'published', readers: 1 });
    expect(store.keys().filter((key) => key.startsWith('archive/daily/2026-'))).toHaveLength(1);
  });
});
