import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubscriberTableLocation } from '../../../bin/commands/subscriber-table-target.js';
import { openConfigBucket } from '../../../bin/commands/subscriber-topics.js';
import { subscribersCommand } from '../../../bin/commands/subscribers-command.js';
import { CUSTOM_TOPICS_CONFIG_KEY } from '../../../lambda/store/keys.js';
import { DynamoDbSubscriberRepository } from '../../../lambda/store/dynamodb-subscriber-repository.js';
import { MemoryObjectStore } from '../../../lambda/store/memory-object-store.js';
import { SubscriberSignups } from '../../../lambda/store/subscriber-signups.js';
import { useTestDynamoDb } from '../../support/dynamodb-emulator.js';

const dynamo = useTestDynamoDb();
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'newsdrop-subscribers-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A fresh table on dynalite as local mode's, a bucket whose config/topics.json defines "russia-us", and the command's output. */
async function setUp() {
  const tableName = await dynamo().createSubscriberTable();
  const location: SubscriberTableLocation = { kind: 'local', dynamoDbPort: Number(new URL(dynamo().endpoint).port), tableName, s3Port: 9, bucket: 'unused' };
  const bucket = new MemoryObjectStore();
  await bucket.put(CUSTOM_TOPICS_CONFIG_KEY, JSON.stringify([{ name: 'russia-us', any: ['Lavrov'] }]));
  const printed: string[] = [];
  const warned: string[] = [];
  const run = (request: Parameters<typeof subscribersCommand>[0]) =>
    subscribersCommand(request, location, (line) => printed.push(line), (line) => warned.push(line), async () => ({ store: bucket, close() {} }));
  const file = async (name: string, rows: unknown) => {
    const file = path.join(dir, name);
    await writeFile(file, JSON.stringify(rows));
    return file;
  };
  return { tableName, run, file, printed, warned };
}

describe('newsdrop subscribers import and add: topics', () => {
  it('imports nothing from a file with a topic typo, and names the entry, the topic and the closest known one', async () => {
    const { tableName, run, file, warned } = await setUp();
    const readers = await file('typo.json', [
      { email: 'ada@example.com', topics: ['world'], cadence: 'daily' },
      { email: 'bob@example.com', topics: ['Buisness'], cadence: 'daily' },
    ]);

    const code = await run({ action: 'import', file: readers, replace: false, bucket: null });

    expect(code).toBe(1);
    expect(warned.join('\n')).toMatch(/nothing imported: .*entry 2 \(bob@example\.com\), field topics: unknown topic "Buisness"; did you mean "business"\?/);
    expect(await dynamo().items(tableName)).toEqual([]);
  });

  it('imports a file naming the operator\'s topics from config/topics.json', async () => {
    const { tableName, run, file } = await setUp();
    const readers = await file('custom.json', [{ email: 'ada@example.com', topics: ['russia-us', 'world'], cadence: 'daily' }]);

    expect(await run({ action: 'import', file: readers, replace: false, bucket: null })).toBe(0);
    expect(await dynamo().items(tableName)).toEqual([expect.objectContaining({ email: 'ada@example.com', topics: ['russia-us', 'world'] })]);
  });

  it('adds no reader with a topic typo', async () => {
    const { tableName, run, warned } = await setUp();

    const code = await run({ action: 'add', row: { email: 'ada@example.com', topics: ['sprot'], cadence: 'daily' }, bucket: null });

    expect(code).toBe(1);
    expect(warned.join('\n')).toMatch(/not added: topics: unknown topic "sprot"; did you mean "sport"\?/);
    expect(await dynamo().items(tableName)).toEqual([]);
  });
});

describe('newsdrop subscribers list and export: status and consent', () => {
  it('shows each reader\'s status (pending, active, unsubscribed, suppressed) with consent time and source', async () => {
    // Prepare: one reader in each status; the active one confirmed a signup.
    const { tableName, run, printed } = await setUp();
    const subscribers = new DynamoDbSubscriberRepository(dynamo().clientFor(), tableName);
    const signups = new SubscriberSignups(dynamo().clientFor(), tableName);
    const at = new Date('2026-11-24T12:00:00Z');
    await signups.recordPending({ email: 'pending@example.com', topics: ['world'], cadence: 'daily' }, at);
    await signups.recordPending({ email: 'ada@example.com', topics: ['sport'], cadence: 'weekly' }, at);
    await signups.confirm({ email: 'ada@example.com', topics: ['sport'], cadence: 'weekly', consentAt: '2026-11-24T12:30:00.000Z', consentSource: 'signup form https://news.example.org, confirmed' }, at, at);
    await subscribers.add({ email: 'left@example.com', topics: ['*'], cadence: 'daily', consentAt: '2026-01-02T00:00:00Z', consentSource: 'paper form' }, at);
    await subscribers.unsubscribe('left@example.com', 'one-click', at);
    await subscribers.suppress('bounced@example.com', 'hard-bounce: Permanent/General', at);

    // Act
    expect(await run({ action: 'list' })).toBe(0);
    const listed = printed.splice(0);
    expect(await run({ action: 'export' })).toBe(0);
    const exported = printed.map((line) => JSON.parse(line) as Record<string, unknown>);

    // Assess: the table names status, consent time and source of each; export holds the same.
    expect(listed[0]!.split('\t')).toEqual(['status', 'cadence', 'consent', 'email', 'topics', 'consent source']);
    const rows = new Map(listed.slice(1).map((line) => { const cells = line.split('\t'); return [cells[3], cells]; }));
    expect(rows.get('pending@example.com')).toEqual(['pending', 'daily', '-', 'pending@example.com', 'world', '-']);
    expect(rows.get('ada@example.com')).toEqual(['active', 'weekly', '2026-11-24T12:30:00.000Z', 'ada@example.com', 'sport', 'signup form https://news.example.org, confirmed']);
    expect(rows.get('left@example.com')).toEqual(['unsubscribed', 'daily', '2026-01-02T00:00:00Z', 'left@example.com', '*', 'paper form']);
    expect(rows.get('bounced@example.com')?.slice(0, 4)).toEqual(['suppressed', '-', '-', 'bounced@example.com']);
    expect(exported.map((record) => [record['email'], record['status'], record['consentAt'] ?? null]).sort()).toEqual([
      ['ada@example.com', 'active', '2026-11-24T12:30:00.000Z'],
      ['bounced@example.com', 'suppressed', null],
      ['left@example.com', 'unsubscribed', '2026-01-02T00:00:00Z'],
      ['pending@example.com', 'pending', null],
    ]);
    // The signup mail count is bookkeeping, not part of an exported reader.
    expect(exported.every((record) => !('signupMails' in record))).toBe(true);
  });
});

describe('openConfigBucket', () => {
  it('has no bucket for --table without --bucket, so only the model\'s topics are known', async () => {
    expect(await openConfigBucket({ kind: 'table', tableName: 't' }, null)).toBeNull();
  });
});
