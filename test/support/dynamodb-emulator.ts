import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbEmulator, type DynamoDbEmulator } from '../../bin/local/dynamodb-emulator.js';
import { createDynamoDbDocumentClient } from '../../lambda/aws-clients.js';
import { DynamoDbArticleIndex } from '../../lambda/store/article-index.js';
import { DynamoDbArticleRevisions } from '../../lambda/store/article-revisions.js';
import { DynamoDbContentClaims } from '../../lambda/store/content-claims.js';
import type { LedgerEntry } from '../../lambda/store/delivery-ledger.js';
import { DELIVERY_SORT_KEY, DELIVERY_STATE_SORT_KEY } from '../../lambda/store/delivery-table.js';
import { DynamoDbDeliveryLedger } from '../../lambda/store/dynamodb-delivery-ledger.js';
import { DynamoDbSubscriberRepository } from '../../lambda/store/dynamodb-subscriber-repository.js';

export interface TestDynamoDb {
  readonly emulator: DynamoDbEmulator;
  readonly endpoint: string;
  /** A DocumentClient for `endpoint` (default: the emulator itself, e.g. a proxy in front of it). */
  clientFor(endpoint?: string): DynamoDBDocumentClient;
  /** A new, empty delivery table (same keys as the deployed one); its name. */
  createDeliveryTable(): Promise<string>;
  /** A ledger on a new, empty table, so tests never see each other's entries. */
  freshLedger(client?: DynamoDBDocumentClient): Promise<DynamoDbDeliveryLedger>;
  /** A new, empty article index table (same keys as the deployed one); its name. */
  createArticleIndexTable(): Promise<string>;
  /** An article index on a new, empty table. */
  freshArticleIndex(client?: DynamoDBDocumentClient): Promise<DynamoDbArticleIndex>;
  /** What ingest keeps in the article index table (entries, revisions, content claims), on a new, empty one. */
  freshArticleTable(client?: DynamoDBDocumentClient): Promise<{ articleIndex: DynamoDbArticleIndex; revisions: DynamoDbArticleRevisions; contentClaims: DynamoDbContentClaims }>;
  /** A new, empty subscriber table (same key and index as the deployed one); its name. */
  createSubscriberTable(): Promise<string>;
  /** A subscriber repository on a new, empty table. */
  freshSubscribers(client?: DynamoDBDocumentClient): Promise<DynamoDbSubscriberRepository>;
  /** Every item of a table, as stored. */
  items(tableName: string): Promise<Record<string, unknown>[]>;
  /** The ledger's entries as stored, TTL attribute included (not the readers' delivery states beside them). */
  ledgerItems(tableName: string): Promise<(LedgerEntry & { expiresAt: number })[]>;
  close(): Promise<void>;
}

/**
 * Starts the emulator before the file's tests and closes it after them; call at a test file's top
 * level. The returned function gives the running emulator (tests call it, hooks have run by then).
 */
export function useTestDynamoDb(): () => TestDynamoDb {
  let dynamo: TestDynamoDb | undefined;
  beforeAll(async () => {
    dynamo = await startTestDynamoDb();
  });
  afterAll(async () => {
    await dynamo?.close();
  });
  return () => {
    if (!dynamo) throw new Error('the test DynamoDB is not started: call useTestDynamoDb() at the top level of a test file');
    return dynamo;
  };
}

/** dynalite in memory on a free loopback port, for the duration of one test file. */
export async function startTestDynamoDb(): Promise<TestDynamoDb> {
  const emulator = await startDynamoDbEmulator({ port: 0 });
  const clients: DynamoDBDocumentClient[] = [];
  const clientFor = (endpoint = emulator.endpoint) => {
    const client = createDynamoDbDocumentClient({}, { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    clients.push(client);
    return client;
  };
  const inspector = clientFor();
  const createDeliveryTable = async () => {
    const name = `ledger-${randomUUID()}`;
    await emulator.createDeliveryTable(name);
    return name;
  };
  const createArticleIndexTable = async () => {
    const name = `index-${randomUUID()}`;
    await emulator.createArticleIndexTable(name);
    return name;
  };
  const createSubscriberTable = async () => {
    const name = `subscribers-${randomUUID()}`;
    await emulator.createSubscriberTable(name);
    return name;
  };
  const items = async (tableName: string) => {
    const found: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await inspector.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }));
      found.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return found;
  };
  return {
    emulator,
    createSubscriberTable,
    freshSubscribers: async (client = inspector) => new DynamoDbSubscriberRepository(client, await createSubscriberTable()),
    createArticleIndexTable,
    freshArticleIndex: async (client = inspector) => new DynamoDbArticleIndex(client, await createArticleIndexTable()),
    freshArticleTable: async (client = inspector) => {
      const tableName = await createArticleIndexTable();
      return { articleIndex: new DynamoDbArticleIndex(client, tableName), revisions: new DynamoDbArticleRevisions(client, tableName), contentClaims: new DynamoDbContentClaims(client, tableName) };
    },
    items,
    endpoint: emulator.endpoint,
    clientFor,
    createDeliveryTable,
    freshLedger: async (client = inspector) => new DynamoDbDeliveryLedger(client, await createDeliveryTable()),
    // The ledger's entries only: readers' delivery states share its table under their own sort key.
    ledgerItems: async (tableName) => (await items(tableName)).filter((item) => item[DELIVERY_SORT_KEY] !== DELIVERY_STATE_SORT_KEY) as unknown as (LedgerEntry & { expiresAt: number })[],
    async close() {
      for (const client of clients) client.destroy();
      await emulator.close();
    },
  };
}
