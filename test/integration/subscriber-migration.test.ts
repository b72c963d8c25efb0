import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startS3Emulator, type S3Emulator } from '../../bin/local/s3-emulator.js';
import { silentLogger } from '../../lambda/log.js';
import { importSubscriberFile } from '../../lambda/pipeline/import-subscriber-file.js';
import {
  MIGRATE_ACTION,
  MigrateEventError,
  migrateSubscribersOnDeploy,
  SubscriberMigrationError,
} from '../../lambda/pipeline/migrate-subscribers-on-deploy.js';
import type { DynamoDbSubscriberRepository } from '../../lambda/store/dynamodb-subscriber-repository.js';
import { addressHash } from '../../lambda/store/keys.js';
import { RejectionRepository } from '../../lambda/store/rejection-repository.js';
import { S3ObjectStore } from '../../lambda/store/s3-object-store.js';
import type { SubscriberRow } from '../../lambda/store/subscriber.js';
import { startTestDynamoDb, type TestDynamoDb } from '../support/dynamodb-emulator.js';
import { emulatorS3Client } from '../support/emulator-s3-client.js';

const BUCKET = 'newsdrop-migration-it';
const NOW = new Date('2026-12-01T08:00:00Z');
const LATER = new Date('2026-12-02T08:00:00Z');

const row = (email: string, overrides: Partial<SubscriberRow> = {}): SubscriberRow => ({ email, topics: ['*'], cadence: 'daily', ...overrides });
/** A CloudFormation event as the provider framework passes it on (ResponseURL and the like included). */
const deployEvent = (requestType: 'Create' | 'Update' | 'Delete') => ({
  RequestType: requestType,
  ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:framework-onEvent',
  ResponseURL: 'https://cloudformation-custom-resource-response.example/',
  StackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/Newsdrop/1',
  RequestId: 'request-1',
  LogicalResourceId: 'SubscriberMigrationResource',
  ResourceType: 'Custom::SubscriberMigration',
  ResourceProperties: { ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:framework-onEvent', Action: MIGRATE_ACTION, BucketName: BUCKET, TableName: 't' },
});

let dynamo: TestDynamoDb;
let s3: S3Emulator | undefined;
let dataDir: string | undefined;
beforeAll(async () => {
  dynamo = await startTestDynamoDb();
});
afterAll(async () => {
  await dynamo?.close();
});
afterEach(async () => {
  await s3?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  s3 = undefined;
  dataDir = undefined;
});

/** A bucket of its own on s3rver (the markers live at fixed keys) and a fresh subscriber table on dynalite. */
async function freshStack(): Promise<{ store: S3ObjectStore; subscribers: DynamoDbSubscriberRepository }> {
  dataDir = await mkdtemp(path.join(tmpdir(), 'newsdrop-migration-'));
  s3 = await startS3Emulator({ port: 0, directory: dataDir, bucket: BUCKET });
  return { store: new S3ObjectStore(emulatorS3Client(s3.endpoint), BUCKET), subscribers: await dynamo.freshSubscribers() };
}

/** The bucket as an earlier version left it: bob unsubscribed, eve bounced, sam stopped sport. */
async function writeLegacyMarkers(store: S3ObjectStore): Promise<void> {
  await store.put(`state/unsubscribed/${addressHash('bob@example.com')}`, JSON.stringify({ reason: 'one-click', at: '2026-10-01T00:00:00.000Z' }));
  await store.put(`state/unsubscribed/${addressHash('eve@example.com')}`, JSON.stringify({ reason: 'hard-bounce: Permanent/General', at: '2026-10-02T00:00:00.000Z' }));
  await store.put(`state/stopped-topics/${addressHash('sam@example.com')}.json`, JSON.stringify({ topics: ['sport'] }));
}

const LEGACY_LIST = [row('ada@example.com'), row('bob@example.com'), row('eve@example.com'), row('sam@example.com', { topics: ['sport', 'world'] })];

const dailyEmails = async (subscribers: DynamoDbSubscriberRepository) => (await subscribers.loadActive('daily')).map((reader) => reader.email).sort();

describe('bucket upload of config/subscribers.json before any migration ran', () => {
  it('applies the legacy markers first: a reader who unsubscribed or bounced stays out and gets no mail', async () => {
    // Prepare: the earlier version's markers, an empty table, and a new list that still names bob and eve.
    const { store, subscribers } = await freshStack();
    await writeLegacyMarkers(store);
    await store.put('config/subscribers.json', JSON.stringify(LEGACY_LIST), { contentType: 'application/json' });
    const origin = { bucket: BUCKET, key: 'config/subscribers.json', versionId: null, etag: null };

    // Act
    const result = await importSubscriberFile(origin, { store, subscribers, rejections: new RejectionRepository(store), logger: silentLogger, now: () => NOW });

    // Assess: the digest's own read (active daily readers, stopped topics taken out) mails only ada and sam.
    expect(result).toMatchObject({ status: 'imported', summary: { rows: 4, created: 2, statusKept: 2 }, legacyMarkers: { unsubscribed: 1, suppressed: 1, stoppedTopicsApplied: 1 } });
    expect(await subscribers.loadActive('daily')).toEqual(
      expect.arrayContaining([{ email: 'sam@example.com', topics: ['world'], cadence: 'daily' }, { email: 'ada@example.com', topics: ['*'], cadence: 'daily' }]),
    );
    expect(await dailyEmails(subscribers)).toEqual(['ada@example.com', 'sam@example.com']);
    expect(await subscribers.get('bob@example.com')).toMatchObject({ status: 'unsubscribed', statusReason: 'one-click' });
    expect(await subscribers.get('eve@example.com')).toMatchObject({ status: 'suppressed' });
  });
});

describe('migrateSubscribersOnDeploy (the Custom::SubscriberMigration handler)', () => {
  it('fills an empty table from the bucket: markers become statuses, the list is imported with stopped topics', async () => {
    const { store, subscribers } = await freshStack();
    await writeLegacyMarkers(store);
    await store.put('config/subscribers.json', JSON.stringify(LEGACY_LIST));

    const response = await migrateSubscribersOnDeploy(deployEvent('Create'), { store, subscribers, logger: silentLogger, now: () => NOW });

    expect(response).toEqual({
      PhysicalResourceId: 'newsdrop-subscriber-migration',
      Data: { unsubscribed: 1, suppressed: 1, alreadyLeft: 0, stoppedTopicsApplied: 1, stoppedTopicsWithoutReader: 0, importedRows: 4, createdReaders: 2, listSkipped: 'imported' },
    });
    expect(await dailyEmails(subscribers)).toEqual(['ada@example.com', 'sam@example.com']);
    expect(await subscribers.get('sam@example.com')).toMatchObject({ status: 'active', stoppedTopics: ['sport'] });
    expect(await subscribers.get('bob@example.com')).toMatchObject({ status: 'unsubscribed', statusAt: '2026-10-01T00:00:00.000Z' });
    expect(await subscribers.get('eve@example.com')).toMatchObject({ status: 'suppressed' });
  });

  it('changes nothing when it runs again (every later deploy)', async () => {
    const { store, subscribers } = await freshStack();
    await writeLegacyMarkers(store);
    await store.put('config/subscribers.json', JSON.stringify(LEGACY_LIST));
    await migrateSubscribersOnDeploy(deployEvent('Create'), { store, subscribers, logger: silentLogger, now: () => NOW });
    const before = await dynamo.items(subscribers.tableName);

    const again = await migrateSubscribersOnDeploy(deployEvent('Update'), { store, subscribers, logger: silentLogger, now: () => LATER });

    expect(again.Data).toMatchObject({ unsubscribed: 0, suppressed: 0, alreadyLeft: 2, importedRows: 0, listSkipped: 'table-already-listed' });
    // Re-adding a stopped topic a reader already has touches only updatedAt.
    const withoutUpdatedAt = (items: Record<string, unknown>[]) => items.map(({ updatedAt: _updatedAt, ...rest }) => rest);
    const after = await dynamo.items(subscribers.tableName);
    expect(withoutUpdatedAt(after)).toEqual(withoutUpdatedAt(before));
    expect(after.filter((item) => item['updatedAt'] === LATER.toISOString()).map((item) => item['email'])).toEqual(['sam@example.com']);
  });

  it('never re-imports the bucket file over a table the operator already edited, but still applies the markers', async () => {
    // Prepare: the table as CLI edits left it (ada now weekly, sam removed), and an older file in the bucket that still lists sam daily.
    const { store, subscribers } = await freshStack();
    await subscribers.import([row('ada@example.com', { cadence: 'weekly' }), row('bob@example.com')], { now: NOW });
    await store.put('config/subscribers.json', JSON.stringify(LEGACY_LIST));
    await writeLegacyMarkers(store);

    const response = await migrateSubscribersOnDeploy(deployEvent('Update'), { store, subscribers, logger: silentLogger, now: () => LATER });

    expect(response.Data).toMatchObject({ listSkipped: 'table-already-listed', importedRows: 0, unsubscribed: 1, suppressed: 1, stoppedTopicsWithoutReader: 1 });
    expect(await dailyEmails(subscribers)).toEqual([]);
    expect((await subscribers.loadActive('weekly')).map((reader) => reader.email)).toEqual(['ada@example.com']);
    expect(await subscribers.get('sam@example.com')).toBeNull();
    expect(await subscribers.get('bob@example.com')).toMatchObject({ status: 'unsubscribed' });
  });

  it('counts marker-only items as no list: the file is still imported after a run that failed part-way', async () => {
    // Prepare: a first run applied the markers, then stopped on a malformed file.
    const { store, subscribers } = await freshStack();
    await writeLegacyMarkers(store);
    await store.put('config/subscribers.json', '[{"email": "not-an-address", "topics": ["*"], "cadence": "daily"}]');
    const failed = migrateSubscribersOnDeploy(deployEvent('Create'), { store, subscribers, logger: silentLogger, now: () => NOW });
    await expect(failed).rejects.toThrow(SubscriberMigrationError);
    await expect(failed).rejects.toThrow(/deploy is rolled back.*config\/subscribers\.json.*fix config\/subscribers\.json in the bucket and deploy again/s);
    expect(await dynamo.items(subscribers.tableName)).toHaveLength(2);

    // Act: the operator fixes the file and deploys again.
    await store.put('config/subscribers.json', JSON.stringify(LEGACY_LIST));
    const response = await migrateSubscribersOnDeploy(deployEvent('Create'), { store, subscribers, logger: silentLogger, now: () => LATER });

    expect(response.Data).toMatchObject({ listSkipped: 'imported', importedRows: 4, alreadyLeft: 2 });
    expect(await dailyEmails(subscribers)).toEqual(['ada@example.com', 'sam@example.com']);
  });

  it('does nothing on Delete (the table is retained with the stack)', async () => {
    const { store, subscribers } = await freshStack();
    await writeLegacyMarkers(store);

    expect(await migrateSubscribersOnDeploy(deployEvent('Delete'), { store, subscribers, logger: silentLogger, now: () => NOW })).toEqual({
      PhysicalResourceId: 'newsdrop-subscriber-migration',
      Data: {},
    });
    expect(await dynamo.items(subscribers.tableName)).toEqual([]);
  });

  it('answers a malformed event with a clear error and touches nothing', async () => {
    const { store, subscribers } = await freshStack();
    await writeLegacyMarkers(store);
    const deps = { store, subscribers, logger: silentLogger, now: () => NOW };

    await expect(migrateSubscribersOnDeploy({}, deps)).rejects.toThrow(MigrateEventError);
    await expect(migrateSubscribersOnDeploy({}, deps)).rejects.toThrow(/not a migration request.*RequestType/);
    await expect(migrateSubscribersOnDeploy({ ...deployEvent('Create'), ResourceProperties: { Action: 'drop-table' } }, deps)).rejects.toThrow(
      /ResourceProperties\.Action: .*migrate-legacy-subscribers/,
    );
    await expect(migrateSubscribersOnDeploy({ ...deployEvent('Create'), RequestType: 'Replace' }, deps)).rejects.toThrow(/RequestType/);
    expect(await dynamo.items(subscribers.tableName)).toEqual([]);
  });
});
