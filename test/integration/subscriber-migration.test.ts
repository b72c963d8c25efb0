import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startS3Emulator, type S3Emulator } from '../../bin/local/s3-emulator.js';
import { silentLogger } from '../../lambda/log.js';
import { importSubscriberFile } from '../../lambda/pipeline/import-subscriber-file.js';
import {
  MIGRATE_ACTION,
  MigrateEventError,
  migrateSubscribersOnDeploy,
  SubscriberMigrationError,
} from '../../lambda/pipeline/migrate-subscribers-on-deploy.js';
import { ingestObject, type IngestDependencies } from '../../lambda/pipeline/ingest-object.js';
import type { DynamoDbArticleIndex, IndexedArticle } from '../../lambda/store/article-index.js';
import { ArticleRepository } from '../../lambda/store/article-repository.js';
import { DynamoDbArticleRevisions } from '../../lambda/store/article-revisions.js';
import { DynamoDbContentClaims } from '../../lambda/store/content-claims.js';
import type { DynamoDbSubscriberRepository } from '../../lambda/store/dynamodb-subscriber-repository.js';
import { addressHash } from '../../lambda/store/keys.js';
import { RejectionRepository } from '../../lambda/store/rejection-repository.js';
import { S3ObjectStore } from '../../lambda/store/s3-object-store.js';
import type { SubscriberRow } from '../../lambda/store/subscriber.js';
import { useTestDynamoDb } from '../support/dynamodb-emulator.js';
import { CustomTopicMatcher } from '../../lambda/topics/custom-topic.js';
import { plainTextArticle } from '../support/article-file-factory.js';
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

const dynamo = useTestDynamoDb();
let s3: S3Emulator | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await s3?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  s3 = undefined;
  dataDir = undefined;
});

/** A bucket of its own on s3rver (the markers live at fixed keys) and a fresh subscriber table and article index on dynalite. */
async function freshStack(): Promise<{ store: S3ObjectStore; subscribers: DynamoDbSubscriberRepository; articleIndex: DynamoDbArticleIndex }> {
  dataDir = await mkdtemp(path.join(tmpdir(), 'newsdrop-migration-'));
  s3 = await startS3Emulator({ port: 0, directory: dataDir, bucket: BUCKET });
  return { store: new S3ObjectStore(emulatorS3Client(s3.endpoint), BUCKET), subscribers: await dynamo().freshSubscribers(), articleIndex: await dynamo().freshArticleIndex() };
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
    const { store, subscribers, articleIndex } = await freshStack();
    await writeLegacyMarkers(store);
    await store.put('config/subscribers.json', JSON.stringify(LEGACY_LIST));

    const response = await migrateSubscribersOnDeploy(deployEvent('Create'), { store, subscribers, articleIndex, logger: silentLogger, now: () => NOW });

    expect(response).toEqual({
      PhysicalResourceId: 'newsdrop-subscriber-migration',
      Data: {
        unsubscribed: 1,
        suppressed: 1,
        alreadyLeft: 0,
        stoppedTopicsApplied: 1,
        stoppedTopicsWithoutReader: 0,
        importedRows: 4,
        createdReaders: 2,
        listSkipped: 'imported',
        articlesIndexed: 0,
        articlesAlreadyIndexed: 0,
      },
    });
    expect(await dailyEmails(subscribers)).toEqual(['ada@example.com', 'sam@example.com']);
    expect(await subscribers.get('sam@example.com')).toMatchObject({ status: 'active', stoppedTopics: ['sport'] });
    expect(await subscribers.get('bob@example.com')).toMatchObject({ status: 'unsubscribed', statusAt: '2026-10-01T00:00:00.000Z' });
    expect(await subscribers.get('eve@example.com')).toMatchObject({ status: 'suppressed' });
  });

  it('changes nothing when it runs again (every later deploy)', async () => {
    const { store, subscribers, articleIndex } = await freshStack();
    await writeLegacyMarkers(store);
    await store.put('config/subscribers.json', JSON.stringify(LEGACY_LIST));
    await migrateSubscribersOnDeploy(deployEvent('Create'), { store, subscribers, articleIndex, logger: silentLogger, now: () => NOW });
    const before = await dynamo().items(subscribers.tableName);

    const again = await migrateSubscribersOnDeploy(deployEvent('Update'), { store, subscribers, articleIndex, logger: silentLogger, now: () => LATER });

    expect(again.Data).toMatchObject({ unsubscribed: 0, suppressed: 0, alreadyLeft: 2, importedRows: 0, listSkipped: 'table-already-listed' });
    // Re-adding a stopped topic a reader already has touches only updatedAt.
    const withoutUpdatedAt = (items: Record<string, unknown>[]) => items.map(({ updatedAt: _updatedAt, ...rest }) => rest);
    const after = await dynamo().items(subscribers.tableName);
    expect(withoutUpdatedAt(after)).toEqual(withoutUpdatedAt(before));
    expect(after.filter((item) => item['updatedAt'] === LATER.toISOString()).map((item) => item['email'])).toEqual(['sam@example.com']);
  });

  it('never re-imports the bucket file over a table the operator already edited, but still applies the markers', async () => {
    // Prepare: the table as CLI edits left it (ada now weekly, sam removed), and an older file in the bucket that still lists sam daily.
    const { store, subscribers, articleIndex } = await freshStack();
    await subscribers.import([row('ada@example.com', { cadence: 'weekly' }), row('bob@example.com')], { now: NOW });
    await store.put('config/subscribers.json', JSON.stringify(LEGACY_LIST));
    await writeLegacyMarkers(store);

    const response = await migrateSubscribersOnDeploy(deployEvent('Update'), { store, subscribers, articleIndex, logger: silentLogger, now: () => LATER });

    expect(response.Data).toMatchObject({ listSkipped: 'table-already-listed', importedRows: 0, unsubscribed: 1, suppressed: 1, stoppedTopicsWithoutReader: 1 });
    expect(await dailyEmails(subscribers)).toEqual([]);
    expect((await subscribers.loadActive('weekly')).map((reader) => reader.email)).toEqual(['ada@example.com']);
    expect(await subscribers.get('sam@example.com')).toBeNull();
    expect(await subscribers.get('bob@example.com')).toMatchObject({ status: 'unsubscribed' });
  });

  it('counts marker-only items as no list: the file is still imported after a run that failed part-way', async () => {
    // Prepare: a first run applied the markers, then stopped on a malformed file.
    const { store, subscribers, articleIndex } = await freshStack();
    await writeLegacyMarkers(store);
    await store.put('config/subscribers.json', '[{"email": "not-an-address", "topics": ["*"], "cadence": "daily"}]');
    const failed = migrateSubscribersOnDeploy(deployEvent('Create'), { store, subscribers, articleIndex, logger: silentLogger, now: () => NOW });
    await expect(failed).rejects.toThrow(SubscriberMigrationError);
    await expect(failed).rejects.toThrow(/deploy is rolled back.*config\/subscribers\.json.*fix the file named above \(config\/subscribers\.json, or config\/topics\.json for its topics\) in the bucket and deploy again/s);
    expect(await dynamo().items(subscribers.tableName)).toHaveLength(2);

    // Act: the operator fixes the file and deploys again.
    await store.put('config/subscribers.json', JSON.stringify(LEGACY_LIST));
    const response = await migrateSubscribersOnDeploy(deployEvent('Create'), { store, subscribers, articleIndex, logger: silentLogger, now: () => LATER });

    expect(response.Data).toMatchObject({ listSkipped: 'imported', importedRows: 4, alreadyLeft: 2 });
    expect(await dailyEmails(subscribers)).toEqual(['ada@example.com', 'sam@example.com']);
  });

  it('does nothing on Delete (the table is retained with the stack)', async () => {
    const { store, subscribers, articleIndex } = await freshStack();
    await writeLegacyMarkers(store);

    expect(await migrateSubscribersOnDeploy(deployEvent('Delete'), { store, subscribers, articleIndex, logger: silentLogger, now: () => NOW })).toEqual({
      PhysicalResourceId: 'newsdrop-subscriber-migration',
      Data: {},
    });
    expect(await dynamo().items(subscribers.tableName)).toEqual([]);
  });

  it('answers a malformed event with a clear error and touches nothing', async () => {
    const { store, subscribers, articleIndex } = await freshStack();
    await writeLegacyMarkers(store);
    const deps = { store, subscribers, articleIndex, logger: silentLogger, now: () => NOW };

    await expect(migrateSubscribersOnDeploy({}, deps)).rejects.toThrow(MigrateEventError);
    await expect(migrateSubscribersOnDeploy({}, deps)).rejects.toThrow(/not a migration request.*RequestType/);
    await expect(migrateSubscribersOnDeploy({ ...deployEvent('Create'), ResourceProperties: { Action: 'drop-table' } }, deps)).rejects.toThrow(
      /ResourceProperties\.Action: .*migrate-legacy-subscribers/,
    );
    await expect(migrateSubscribersOnDeploy({ ...deployEvent('Create'), RequestType: 'Replace' }, deps)).rejects.toThrow(/RequestType/);
    expect(await dynamo().items(subscribers.tableName)).toEqual([]);
  });
});

describe('migrateSubscribersOnDeploy: the article index backfill of an upgrade', () => {
  const THREE_DAYS_AGO = new Date('2026-11-28T09:30:00Z');
  const MONTH_AGO = new Date('2026-11-01T09:30:00Z');

  /** Ingest as it runs in the stack, into the bucket and into an index of its own (the one an upgraded stack lacks). */
  async function ingestAt(store: S3ObjectStore, articleIndex: DynamoDbArticleIndex, at: Date, name: string, headline?: string): Promise<string> {
    const file = plainTextArticle(headline ? { headline } : {});
    await store.put(`incoming/${name}.txt`, file.text, { metadata: { source: 'Coastal Courier' } });
    const deps: IngestDependencies = {
      store,
      articles: new ArticleRepository(store),
      articleIndex,
      revisions: new DynamoDbArticleRevisions(dynamo().clientFor(), articleIndex.tableName),
      contentClaims: new DynamoDbContentClaims(dynamo().clientFor(), articleIndex.tableName),
      rejections: new RejectionRepository(store),
      classify: () => ({ label: 'world', confidence: 0.7, scores: { world: 0.7, politics: 0.1, business: 0.1, technology: 0.05, sport: 0.03, entertainment: 0.02 } }),
      customTopics: new CustomTopicMatcher([{ name: 'harbour', any: ['harbour'] }]),
      confidenceThreshold: 0.5,
      maxArticleBytes: 1024 * 1024,
      logger: silentLogger,
      now: () => at,
    };
    const result = await ingestObject({ bucket: BUCKET, key: `incoming/${name}.txt`, versionId: null, etag: null }, deps);
    expect(result.status).toBe('stored');
    return (result as { key: string }).key;
  }

  /** The stack's index, counting the entries the migration writes. */
  const countingPuts = (index: DynamoDbArticleIndex) => {
    const counted = { puts: 0, has: (storedAt: string, id: string) => index.has(storedAt, id) };
    return Object.assign(counted, {
      put: async (article: IndexedArticle) => {
        counted.puts += 1;
        await index.put(article);
      },
    });
  };
  const byEntry = (items: Record<string, unknown>[]) => [...items].sort((a, b) => String(a['entry']).localeCompare(String(b['entry'])));

  it("indexes the last days' articles stored before the index existed, exactly as ingest would, and nothing older; a second run writes nothing", async () => {
    // Prepare: two articles stored 3 days ago and one a month ago by a version whose ingest wrote no entry into this stack's index.
    const { store, subscribers, articleIndex } = await freshStack();
    const ingestIndex = await dynamo().freshArticleIndex();
    const recent = [await ingestAt(store, ingestIndex, THREE_DAYS_AGO, 'a', 'Harbour reopens after storm'), await ingestAt(store, ingestIndex, new Date(THREE_DAYS_AGO.getTime() + 60_000), 'b')];
    const old = await ingestAt(store, ingestIndex, MONTH_AGO, 'c');
    expect(recent.every((key) => key.startsWith('articles/2026/11/28/'))).toBe(true);
    expect(old).toMatch(/^articles\/2026\/11\/01\//);
    // The index entries (day partitions), not ingest's revisions and content claims beside them.
    const ingested = byEntry(await dynamo().items(ingestIndex.tableName)).filter((item) => /^\d/.test(String(item['day'])));
    expect(ingested).toHaveLength(3);
    const index = countingPuts(articleIndex);

    // Act
    const first = await migrateSubscribersOnDeploy(deployEvent('Update'), { store, subscribers, articleIndex: index, logger: silentLogger, now: () => NOW });

    // Assess: the entries of the recent two, byte for byte what ingest wrote (story features included); the old one untouched.
    expect(first.Data).toMatchObject({ articlesIndexed: 2, articlesAlreadyIndexed: 0 });
    const backfilled = byEntry(await dynamo().items(articleIndex.tableName));
    expect(backfilled).toEqual(ingested.filter((item) => item['day'] === '2026-11-28'));
    expect(backfilled.find((item) => item['headline'] === 'Harbour reopens after storm')).toMatchObject({ customTopics: ['harbour'] });
    const listed = await articleIndex.listStoredBetween(new Date(NOW.getTime() - 10 * 86_400_000), NOW);
    expect(listed.map((entry) => entry.storedAt)).toEqual([THREE_DAYS_AGO.toISOString(), new Date(THREE_DAYS_AGO.getTime() + 60_000).toISOString()]);
    expect(index.puts).toBe(2);

    // A later deploy finds every entry and writes nothing.
    const second = await migrateSubscribersOnDeploy(deployEvent('Update'), { store, subscribers, articleIndex: index, logger: silentLogger, now: () => LATER });
    expect(second.Data).toMatchObject({ articlesIndexed: 0, articlesAlreadyIndexed: 2 });
    expect(index.puts).toBe(2);
    expect(byEntry(await dynamo().items(articleIndex.tableName))).toEqual(backfilled);
  });

  it('fails the deploy with the key of an article object it cannot index', async () => {
    const { store, subscribers, articleIndex } = await freshStack();
    await store.put('articles/2026/11/29/0123456789abcdef01234567.json', '{"id": "0123456789abcdef01234567", "headl');

    const failed = migrateSubscribersOnDeploy(deployEvent('Update'), { store, subscribers, articleIndex, logger: silentLogger, now: () => NOW });

    await expect(failed).rejects.toThrow(SubscriberMigrationError);
    await expect(failed).rejects.toThrow(/article index backfill failed.*deploy is rolled back.*articles\/2026\/11\/29\/0123456789abcdef01234567\.json.*deploy again/s);
    expect(await dynamo().items(articleIndex.tableName)).toEqual([]);
  });
});
