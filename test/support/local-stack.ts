import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { localEnvironment } from '../../bin/local/local-environment.js';
import { startS3Emulator, type EmulatorS3Record, type S3Emulator } from '../../bin/local/s3-emulator.js';
import { startSesEmulator, type SesEmulator } from '../../bin/local/ses-emulator.js';
import type { S3Event } from 'aws-lambda';
import type { SubscriberFileImportResult } from '../../lambda/pipeline/import-subscriber-file.js';
import type { LedgerEntry } from '../../lambda/store/delivery-ledger.js';
import { S3ObjectStore } from '../../lambda/store/s3-object-store.js';
import { DynamoDbArticleIndex } from '../../lambda/store/article-index.js';
import type { StoredArticle } from '../../lambda/store/stored-article.js';
import { startTestDynamoDb, type TestDynamoDb } from './dynamodb-emulator.js';
import { forwardTo, startFaultInjectingProxy, type FaultInjectingProxy, type ProxiedRequest } from './fault-injecting-proxy.js';
import { withS3ConditionalWrites } from './s3-conditional-writes.js';
import { emulatorS3Client } from './emulator-s3-client.js';

/** An SES v2 SendEmail as it reached the SES proxy: the exact MIME the handler built. */
export interface CapturedMail {
  readonly mime: Buffer;
  /** The fault rule that answered it, or null when it went through untouched. */
  readonly faultedBy: string | null;
}

export interface LocalStack {
  readonly s3: S3Emulator;
  readonly ses: SesEmulator;
  /** In front of s3rver: S3's conditional writes, plus whatever faults a test injects. */
  readonly s3Proxy: FaultInjectingProxy;
  readonly sesProxy: FaultInjectingProxy;
  /** dynalite with the delivery, subscriber and article index tables, and a fault-injecting proxy the handlers go through. */
  readonly dynamo: TestDynamoDb;
  readonly dynamoProxy: FaultInjectingProxy;
  readonly deliveryTable: string;
  readonly subscriberTable: string;
  /** The article index (and instant-run marker) table, straight to dynalite. */
  readonly articleIndex: DynamoDbArticleIndex;
  /** The bucket, straight to the emulator (no proxy, no faults): for setup and assertions. */
  readonly bucket: S3ObjectStore;
  /** Handler environment: the SDK endpoints are the proxies; logs go to `logFile`. */
  readonly env: Record<string, string>;
  /** S3 notifications for objects created under incoming/, in order. */
  readonly uploads: EmulatorS3Record[];
  /** Empty when the stack was started with `captureMails: false`. */
  readonly capturedMails: CapturedMail[];
  readonly logFile: string;
  /**
   * Uploads config/subscribers.json and hands its S3 event to the import handler, as S3 invokes it
   * when deployed. Call it after the stack's env is in process.env (the handler reads it at import).
   */
  uploadSubscribers(body: string): Promise<SubscriberFileImportResult>;
  /** Every item of the subscriber table, straight from dynalite. */
  subscriberItems(): Promise<Record<string, unknown>[]>;
  /** A JSON object of the bucket, parsed (it must exist). */
  readJson<T>(key: string): Promise<T>;
  /** Every delivery ledger entry, straight from dynalite. */
  ledgerEntries(): Promise<LedgerEntry[]>;
  /** Every article under articles/. */
  storedArticles(): Promise<StoredArticle[]>;
  /** The handlers' JSON log lines so far. */
  logLines(): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** The parts of an SES v2 SendEmail request body the tests look at. */
export interface SesV2SendEmailRequest {
  readonly Content?: { readonly Raw?: { readonly Data?: string } };
  readonly Destination?: { readonly ToAddresses?: readonly string[] };
  readonly ConfigurationSetName?: string;
}

/** The JSON body of an SES v2 SendEmail (POST /v2/email/outbound-emails), or null for any other request. */
export function sesV2SendEmail(request: ProxiedRequest): SesV2SendEmailRequest | null {
  if (request.method !== 'POST' || request.url.split('?')[0] !== '/v2/email/outbound-emails') return null;
  return JSON.parse(request.body.toString('utf8')) as SesV2SendEmailRequest;
}

/**
 * s3rver, aws-ses-v2-local and dynalite on free loopback ports, each behind a fault-injecting proxy, and
 * the environment the Lambda handlers need to use them.
 */
export async function startLocalStack(options: {
  bucket: string;
  requestTimeoutMs?: number;
  extraEnv?: Record<string, string>;
  /** Keep the MIME of every SendEmail in `capturedMails`. Off for runs of thousands of mails. @default true */
  captureMails?: boolean;
}): Promise<LocalStack> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'newsdrop-stack-'));
  const s3 = await startS3Emulator({ port: 0, directory: path.join(dataDir, 's3'), bucket: options.bucket });
  const ses = await startSesEmulator({ port: 0 });
  const s3Proxy = await startFaultInjectingProxy({ upstream: withS3ConditionalWrites(forwardTo(s3.endpoint)) });
  const sesProxy = await startFaultInjectingProxy({ upstream: forwardTo(ses.endpoint) });
  const dynamo = await startTestDynamoDb();
  const deliveryTable = await dynamo.createDeliveryTable();
  const subscriberTable = await dynamo.createSubscriberTable();
  const articleIndexTable = await dynamo.createArticleIndexTable();
  const dynamoProxy = await startFaultInjectingProxy({ upstream: forwardTo(dynamo.endpoint) });

  const uploads: EmulatorS3Record[] = [];
  const subscriberUploads: EmulatorS3Record[] = [];
  s3.onObjectEvent((record) => {
    if (record.eventName.startsWith('ObjectCreated:') && record.s3.object.key.startsWith('incoming/')) uploads.push(record);
    if (record.eventName.startsWith('ObjectCreated:') && record.s3.object.key === 'config/subscribers.json') subscriberUploads.push(record);
  });
  const capturedMails: CapturedMail[] = [];
  sesProxy.onRequest((request, faultedBy) => {
    if (options.captureMails === false) return;
    const raw = sesV2SendEmail(request)?.Content?.Raw?.Data;
    if (raw) capturedMails.push({ mime: Buffer.from(raw, 'base64'), faultedBy });
  });

  const logFile = path.join(dataDir, 'handlers.log');
  const env = {
    ...localEnvironment({
      s3Endpoint: s3Proxy.endpoint,
      sesEndpoint: sesProxy.endpoint,
      dynamoDbEndpoint: dynamoProxy.endpoint,
      bucket: options.bucket,
      deliveryTable,
      subscriberTable,
      articleIndexTable,
      sendRatePerSecond: 200,
    }),
    NEWSDROP_LOG_FILE: logFile,
    ...(options.requestTimeoutMs ? { NEWSDROP_AWS_REQUEST_TIMEOUT_MS: String(options.requestTimeoutMs) } : {}),
    ...options.extraEnv,
  };
  const inspector = emulatorS3Client(s3.endpoint);

  const bucket = new S3ObjectStore(inspector, options.bucket);
  const readJson = async <T>(key: string): Promise<T> => {
    const object = await bucket.get(key);
    if (!object) throw new Error(`${key} is not in the bucket`);
    return JSON.parse(new TextDecoder().decode(object.body)) as T;
  };

  return {
    s3,
    ses,
    s3Proxy,
    sesProxy,
    dynamo,
    dynamoProxy,
    deliveryTable,
    subscriberTable,
    articleIndex: new DynamoDbArticleIndex(dynamo.clientFor(), articleIndexTable),
    bucket,
    env,
    uploads,
    capturedMails,
    logFile,
    readJson,
    async uploadSubscribers(body) {
      await bucket.put('config/subscribers.json', body, { contentType: 'application/json' });
      const { handler } = await import('../../lambda/handlers/subscriber-import.js');
      const results = await handler({ Records: subscriberUploads.splice(0) } as unknown as S3Event);
      if (results.length !== 1) throw new Error(`expected one subscriber import, got ${results.length}`);
      return results[0]!;
    },
    subscriberItems: () => dynamo.items(subscriberTable),
    ledgerEntries: () => dynamo.ledgerItems(deliveryTable),
    storedArticles: async () => Promise.all((await bucket.list('articles/')).map((object) => readJson<StoredArticle>(object.key))),
    async logLines() {
      const text = await readFile(logFile, 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    async close() {
      inspector.destroy();
      await Promise.allSettled([s3Proxy.close(), sesProxy.close(), dynamoProxy.close()]);
      await Promise.allSettled([s3.close(), ses.close(), dynamo.close()]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
