import { describe, expect, it } from 'vitest';
import type { DynamoDbSubscriberRepository } from '../../../lambda/store/dynamodb-subscriber-repository.js';
import { addressHash } from '../../../lambda/store/keys.js';
import { MemoryObjectStore } from '../../../lambda/store/memory-object-store.js';
import { migrateLegacyMarkers } from '../../../lambda/store/marker-migration.js';
import type { SubscriberRow } from '../../../lambda/store/subscriber.js';
import { ACTIVE_CADENCE_SHARDS } from '../../../lambda/store/subscriber-table.js';
import { useTestDynamoDb } from '../../support/dynamodb-emulator.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const LATER = new Date('2026-11-25T12:00:00Z');

const dynamo = useTestDynamoDb();

const row = (email: string, overrides: Partial<SubscriberRow> = {}): SubscriberRow => ({ email, topics: ['*'], cadence: 'daily', ...overrides });
const activeEmails = async (repository: DynamoDbSubscriberRepository, cadence: 'daily' | 'weekly' = 'daily') =>
  (await repository.loadActive(cadence)).map((subscriber) => subscriber.email).sort();

describe('DynamoDbSubscriberRepository', () => {
  it('imports new readers as active, and a re-import updates details but never re-activates one who left', async () => {
    // Prepare
    const repository = await dynamo().freshSubscribers();
    const file = [row('ada@example.com', { name: 'Ada' }), row('bob@example.com'), row('eve@example.com')];
    expect(await repository.import(file, { now: NOW })).toEqual({ rows: 3, created: 3, updated: 0, statusKept: 0, removed: 0 });
    await repository.unsubscribe('BOB@example.com', 'one-click', NOW);
    await repository.suppress('eve@example.com', 'complaint: abuse', NOW);

    // Act: the same file again, with a new name and cadence for each.
    const again = await repository.import(
      file.map((entry) => ({ ...entry, name: 'Renamed', cadence: 'weekly' as const })),
      { now: LATER },
    );

    // Assess
    expect(again).toEqual({ rows: 3, created: 0, updated: 1, statusKept: 2, removed: 0 });
    expect(await activeEmails(repository, 'weekly')).toEqual(['ada@example.com']);
    expect(await activeEmails(repository, 'daily')).toEqual([]);
    expect(await repository.get('bob@example.com')).toMatchObject({ status: 'unsubscribed', statusReason: 'one-click', statusAt: NOW.toISOString(), name: 'Renamed', cadence: 'weekly', createdAt: NOW.toISOString(), updatedAt: LATER.toISOString() });
    expect(await repository.get('eve@example.com')).toMatchObject({ status: 'suppressed', statusReason: 'complaint: abuse' });
  });

  it('keeps the first reason of an unsubscribe, and never turns a suppression into an unsubscribe', async () => {
    const repository = await dynamo().freshSubscribers();
    await repository.import([row('ada@example.com'), row('eve@example.com')], { now: NOW });

    expect(await repository.unsubscribe('ada@example.com', 'one-click', NOW)).toBe('changed');
    expect(await repository.unsubscribe('ada@example.com', 'page', LATER)).toBe('unchanged');
    expect(await repository.suppress('eve@example.com', 'hard-bounce: Permanent/General', NOW)).toBe('changed');
    expect(await repository.unsubscribe('eve@example.com', 'one-click', LATER)).toBe('unchanged');
    // A suppression outranks an unsubscribe: a later hard bounce is recorded.
    expect(await repository.suppress('ada@example.com', 'hard-bounce: Permanent/General', LATER)).toBe('changed');

    expect(await repository.get('ada@example.com')).toMatchObject({ status: 'suppressed', statusAt: LATER.toISOString() });
    expect(await repository.get('eve@example.com')).toMatchObject({ status: 'suppressed', statusReason: 'hard-bounce: Permanent/General' });
  });

  it('records an unsubscribe of an address not on the list, so importing it later keeps it out', async () => {
    const repository = await dynamo().freshSubscribers();
    await repository.unsubscribe('stranger@example.com', 'one-click', NOW);

    const summary = await repository.import([row('stranger@example.com')], { now: LATER });

    expect(summary).toMatchObject({ created: 0, statusKept: 1 });
    expect(await activeEmails(repository)).toEqual([]);
  });

  it('takes a stopped topic out of the digest ("*" becomes the other built-in topics) and stops nothing for an unknown address', async () => {
    const repository = await dynamo().freshSubscribers();
    await repository.import([row('ada@example.com'), row('bob@example.com', { topics: ['sport'] })], { now: NOW });

    expect(await repository.stopTopic('ada@example.com', 'sport', NOW)).toBe(true);
    expect(await repository.stopTopic('ada@example.com', 'sport', NOW)).toBe(true);
    expect(await repository.stopTopic('bob@example.com', 'sport', NOW)).toBe(true);
    expect(await repository.stopTopic('nobody@example.com', 'sport', NOW)).toBe(false);

    // Bob has no topic left, so no digest.
    expect(await repository.loadActive('daily')).toEqual([{ email: 'ada@example.com', topics: ['world', 'politics', 'business', 'technology', 'entertainment'], cadence: 'daily' }]);
    expect(await repository.get('ada@example.com')).toMatchObject({ stoppedTopics: ['sport'] });
    expect(await repository.get('nobody@example.com')).toBeNull();
  });

  it('pages through a cadence\'s active readers across pages and shards, each reader once', async () => {
    // Prepare: 60 daily readers (16 shards, so several per shard), 5 weekly, 5 daily who left.
    const repository = await dynamo().freshSubscribers();
    const daily = Array.from({ length: 60 }, (_, i) => row(`reader${i}@example.com`));
    await repository.import([...daily, ...Array.from({ length: 5 }, (_, i) => row(`weekly${i}@example.com`, { cadence: 'weekly' })), ...Array.from({ length: 5 }, (_, i) => row(`gone${i}@example.com`))], { now: NOW });
    for (let i = 0; i < 5; i++) await repository.unsubscribe(`gone${i}@example.com`, 'one-click', NOW);

    // Act: every shard, in pages of at most 3.
    const seen: string[] = [];
    let pages = 0;
    for (let shard = 0; shard < ACTIVE_CADENCE_SHARDS; shard++) {
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<DynamoDbSubscriberRepository['pageActiveShard']>> = await repository.pageActiveShard('daily', shard, cursor, 3);
        expect(page.addressHashes.length).toBeLessThanOrEqual(3);
        seen.push(...page.addressHashes);
        cursor = page.cursor;
        pages++;
      } while (cursor);
    }

    // Assess
    expect(pages).toBeGreaterThan(20);
    expect(seen.sort()).toEqual(daily.map((entry) => addressHash(entry.email)).sort());
    let all = 0;
    let scanCursor: string | null = null;
    do {
      const page: Awaited<ReturnType<DynamoDbSubscriberRepository['page']>> = await repository.page(scanCursor, 7);
      all += page.subscribers.length;
      scanCursor = page.cursor;
    } while (scanCursor);
    expect(all).toBe(70);
  });

  it('pages each active reader with their timezone, undefined where they gave none', async () => {
    // Prepare
    const repository = await dynamo().freshSubscribers();
    await repository.import([row('tokyo@example.com', { timezone: 'Asia/Tokyo' }), row('plain@example.com'), row('berlin@example.com', { timezone: 'Europe/Berlin' })], { now: NOW });

    // Act
    const zoneOf = new Map<string, string | undefined>();
    for (let shard = 0; shard < ACTIVE_CADENCE_SHARDS; shard++) {
      const page = await repository.pageActiveShard('daily', shard);
      expect(page.timeZones).toHaveLength(page.addressHashes.length);
      for (const [index, hash] of page.addressHashes.entries()) zoneOf.set(hash, page.timeZones[index]);
    }

    // Assess
    expect(zoneOf).toEqual(
      new Map([
        [addressHash('tokyo@example.com'), 'Asia/Tokyo'],
        [addressHash('plain@example.com'), undefined],
        [addressHash('berlin@example.com'), 'Europe/Berlin'],
      ]),
    );
  });

  it('with replace, deletes active readers left out of the file and keeps the ones who left', async () => {
    const repository = await dynamo().freshSubscribers();
    await repository.import([row('stays@example.com'), row('dropped@example.com'), row('left@example.com')], { now: NOW });
    await repository.unsubscribe('left@example.com', 'one-click', NOW);

    const summary = await repository.import([row('stays@example.com')], { now: LATER, replace: true });

    expect(summary).toMatchObject({ updated: 1, removed: 1 });
    expect(await repository.get('dropped@example.com')).toBeNull();
    expect(await repository.get('left@example.com')).toMatchObject({ status: 'unsubscribed' });
  });

  it('removes a reader outright on request', async () => {
    const repository = await dynamo().freshSubscribers();
    await repository.add(row('ada@example.com'), NOW);

    expect(await repository.remove('Ada@Example.com')).toBe(true);
    expect(await repository.remove('ada@example.com')).toBe(false);
    expect(await dynamo().items(repository.tableName)).toEqual([]);
  });
});

describe('DynamoDbSubscriberRepository.loadForDelivery', () => {
  it('reads the items of a chunk of readers, more than one BatchGetItem holds, leaving out those without an item', async () => {
    // Prepare: 230 readers (three requests of at most 100 keys), one of them unsubscribed, and 4 hashes with no item.
    const repository = await dynamo().freshSubscribers();
    const emails = Array.from({ length: 230 }, (_, i) => `reader${i}@example.com`);
    await repository.import(emails.map((email) => row(email)), { now: NOW, concurrency: 32 });
    await repository.unsubscribe('reader7@example.com', 'one-click', NOW);
    const missing = ['nobody0', 'nobody1', 'nobody2', 'nobody3'].map((name) => addressHash(`${name}@example.com`));

    // Act
    const records = await repository.loadForDelivery([...emails.map(addressHash), ...missing]);

    // Assess: every item as it is now, status included; none for the missing hashes.
    expect(records).toHaveLength(230);
    expect(records.map((record) => record.email).sort()).toEqual([...emails].sort());
    expect(records.find((record) => record.email === 'reader7@example.com')).toMatchObject({ status: 'unsubscribed', addressHash: addressHash('reader7@example.com') });
    expect(records.find((record) => record.email === 'reader8@example.com')).toMatchObject({ status: 'active', topics: ['*'], cadence: 'daily' });
    expect(records[0]).not.toHaveProperty('activeCadence');
    expect(await repository.loadForDelivery([])).toEqual([]);
  });

});

describe('migrateLegacyMarkers', () => {
  it('moves unsubscribe and stopped-topic markers onto the table before importing the bucket\'s list, and is idempotent', async () => {
    // Prepare: a bucket as an earlier version left it.
    const store = new MemoryObjectStore();
    const repository = await dynamo().freshSubscribers();
    const list = [row('ada@example.com'), row('bob@example.com'), row('eve@example.com'), row('sam@example.com', { topics: ['sport', 'world'] })];
    await store.put('config/subscribers.json', JSON.stringify(list));
    await store.put(`state/unsubscribed/${addressHash('bob@example.com')}`, JSON.stringify({ reason: 'one-click', at: '2026-10-01T00:00:00.000Z' }));
    await store.put(`state/unsubscribed/${addressHash('eve@example.com')}`, JSON.stringify({ reason: 'hard-bounce: Permanent/General', at: '2026-10-02T00:00:00.000Z' }));
    await store.put(`state/unsubscribed/${addressHash('gone@example.com')}`, '{}');
    await store.put(`state/stopped-topics/${addressHash('sam@example.com')}.json`, JSON.stringify({ topics: ['sport'] }));
    await store.put(`state/stopped-topics/${addressHash('nobody@example.com')}.json`, JSON.stringify({ topics: ['world'] }));

    // Act
    const first = await migrateLegacyMarkers(store, repository, NOW);
    const second = await migrateLegacyMarkers(store, repository, LATER);

    // Assess: nobody who left is mailed; stopped topics hold.
    expect(first).toMatchObject({ unsubscribed: 2, suppressed: 1, alreadyLeft: 0, stoppedTopicsApplied: 1, stoppedTopicsWithoutReader: 1, import: { created: 2, statusKept: 2 } });
    expect(second).toMatchObject({ unsubscribed: 0, suppressed: 0, alreadyLeft: 3, import: { created: 0, updated: 2, statusKept: 2 } });
    expect(await repository.loadActive('daily')).toEqual([
      { email: 'ada@example.com', topics: ['*'], cadence: 'daily' },
      { email: 'sam@example.com', topics: ['world'], cadence: 'daily' },
    ].sort((a, b) => (addressHash(a.email) < addressHash(b.email) ? -1 : 1)));
    expect(await repository.get('bob@example.com')).toMatchObject({ status: 'unsubscribed', statusReason: 'one-click', statusAt: '2026-10-01T00:00:00.000Z', email: 'bob@example.com' });
    expect(await repository.get('eve@example.com')).toMatchObject({ status: 'suppressed' });
    // An address the list no longer has stays unsubscribed should it come back.
    expect(await repository.import([row('gone@example.com')], { now: LATER })).toMatchObject({ statusKept: 1 });
  });
});
