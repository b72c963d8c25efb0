import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubscriberTableLocation } from '../../../bin/commands/subscriber-table-target.js';
import { openConfigBucket } from '../../../bin/commands/subscriber-topics.js';
import { subscribersCommand } from '../../../bin/commands/subscribers-command.js';
import { CUSTOM_TOPICS_CONFIG_KEY } from '../../../lambda/store/keys.js';
import { MemoryObjectStore } from '../../../lambda/store/memory-object-store.js';
import { startTestDynamoDb, type TestDynamoDb } from '../../support/dynamodb-emulator.js';

let dynamo: TestDynamoDb;
let dir: string;
beforeAll(async () => {
  dynamo = await startTestDynamoDb();
  dir = await mkdtemp(path.join(tmpdir(), 'newsdrop-subscribers-'));
});
afterAll(async () => {
  await dynamo?.close();
  await rm(dir, { recursive: true, force: true });
});

/** A fresh table on dynalite as local mode's, a bucket whose config/topics.json defines "russia-us", and the command's output. */
async function setUp() {
  const tableName = await dynamo.createSubscriberTable();
  const location: SubscriberTableLocation = { kind: 'local', dynamoDbPort: Number(new URL(dynamo.endpoint).port), tableName, s3Port: 9, bucket: 'unused' };
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
    expect(await dynamo.items(tableName)).toEqual([]);
  });

  it('imports a file naming the operator\'s topics from config/topics.json', async () => {
    const { tableName, run, file } = await setUp();
    const readers = await file('custom.json', [{ email: 'ada@example.com', topics: ['russia-us', 'world'], cadence: 'daily' }]);

    expect(await run({ action: 'import', file: readers, replace: false, bucket: null })).toBe(0);
    expect(await dynamo.items(tableName)).toEqual([expect.objectContaining({ email: 'ada@example.com', topics: ['russia-us', 'world'] })]);
  });

  it('adds no reader with a topic typo', async () => {
    const { tableName, run, warned } = await setUp();

    const code = await run({ action: 'add', row: { email: 'ada@example.com', topics: ['sprot'], cadence: 'daily' }, bucket: null });

    expect(code).toBe(1);
    expect(warned.join('\n')).toMatch(/not added: topics: unknown topic "sprot"; did you mean "sport"\?/);
    expect(await dynamo.items(tableName)).toEqual([]);
  });
});

describe('openConfigBucket', () => {
  it('has no bucket for --table without --bucket, so only the model\'s topics are known', async () => {
    expect(await openConfigBucket({ kind: 'table', tableName: 't' }, null)).toBeNull();
  });
});
