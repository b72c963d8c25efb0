import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { SQSBatchResponse, SQSEvent, Context, S3Event } from 'aws-lambda';
import type { OldArticles } from '../../lambda/digest/story-age.js';
import type { SubscriberFileImportResult } from '../../lambda/pipeline/import-subscriber-file.js';
import { SUBSCRIBERS_CONFIG_KEY, PREFIX } from '../../lambda/store/keys.js';
import type { Cadence } from '../../lambda/store/subscriber.js';
import { S3ObjectStore } from '../../lambda/store/s3-object-store.js';
import { startDynamoDbEmulator } from './dynamodb-emulator.js';
import { loadInProcessFanOut, runDigestInProcess } from './digest-fanout.js';
import { LOCAL_SENDERS, localEnvironment } from './local-environment.js';
import { startS3Emulator, type EmulatorS3Record } from './s3-emulator.js';
import { startSesEmulator } from './ses-emulator.js';
import { sqsEventFromS3Records } from './sqs-event.js';
import { startUnsubscribeServer } from './unsubscribe-server.js';

export interface LocalOptions {
  readonly once: boolean;
  readonly fresh: boolean;
  readonly articlesDir: string;
  readonly subscribersFile: string;
  readonly dataDir: string;
  readonly s3Port: number;
  readonly sesPort: number;
  readonly unsubscribePort: number;
  readonly dynamoDbPort: number;
  readonly bucket: string;
  /** The delivery ledger's table in the DynamoDB emulator. */
  readonly deliveryTable: string;
  /** The subscriber table in the DynamoDB emulator (what `newsdrop subscribers --local` reads). */
  readonly subscriberTable: string;
  /** The article index's table (and instant-run marker) in the DynamoDB emulator. */
  readonly articleIndexTable: string;
  /** What the planner does with articles published before a run's look-back window (the stack's oldArticles). @default "flag" */
  readonly oldArticles?: OldArticles;
  readonly print: (line: string) => void;
}

const ARTICLE_EXTENSIONS = new Set(['.txt', '.html', '.htm', '.md', '.markdown']);
const CADENCES = ['instant', 'daily', 'weekly'] as const;
const SQS_BATCH_SIZE = 10;

type IngestHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
type SubscriberImportHandler = (event: S3Event) => Promise<SubscriberFileImportResult[]>;

function contentTypeFor(file: string): string {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.html' || extension === '.htm') return 'text/html; charset=utf-8';
  if (extension === '.md' || extension === '.markdown') return 'text/markdown; charset=utf-8';
  return 'text/plain; charset=utf-8';
}

/**
 * Local mode: the deployed data flow on one machine. s3rver stands in for S3 (data under
 * dataDir), aws-ses-v2-local for SES, dynalite (in memory) for DynamoDB, and S3 notifications
 * reach the same ingest handler as SQS-shaped batches; digest runs go through the same planner and
 * senders over an in-process chunk queue. DynamoDB's tables are kept under dataDir beside the
 * bucket, so what readers received is remembered and a rerun without --fresh sends nothing new.
 */
export async function runLocal(options: LocalOptions): Promise<number> {
  const subscribersText = await readFile(options.subscribersFile, 'utf8');
  const articleFiles = (await readdir(options.articlesDir))
    .filter((name) => ARTICLE_EXTENSIONS.has(path.extname(name).toLowerCase()))
    .sort();
  if (articleFiles.length === 0) throw new Error(`no .txt, .html or .md articles in ${options.articlesDir}`);

  if (options.fresh) await rm(options.dataDir, { recursive: true, force: true });
  await mkdir(options.dataDir, { recursive: true });
  const s3 = await startS3Emulator({ port: options.s3Port, directory: path.join(options.dataDir, 's3'), bucket: options.bucket });
  const ses = await startSesEmulator({ port: options.sesPort });
  const dynamo = await startDynamoDbEmulator({ port: options.dynamoDbPort, directory: path.join(options.dataDir, 'dynamodb') });
  await dynamo.createDeliveryTable(options.deliveryTable);
  await dynamo.createSubscriberTable(options.subscriberTable);
  await dynamo.createArticleIndexTable(options.articleIndexTable);
  const pending: EmulatorS3Record[] = [];
  // Uploads of config/subscribers.json reach the import handler, as S3 invokes it when deployed.
  const subscriberUploads: EmulatorS3Record[] = [];
  s3.onObjectEvent((record) => {
    if (!record.eventName.startsWith('ObjectCreated:')) return;
    if (record.s3.object.key.startsWith(PREFIX.incoming)) pending.push(record);
    if (record.s3.object.key === SUBSCRIBERS_CONFIG_KEY) subscriberUploads.push(record);
  });

  // The web archive is read from the bucket, as the distribution reads archive/; the store exists once the environment is set.
  let archiveStore: S3ObjectStore | undefined;
  const unsubscribe = await startUnsubscribeServer(options.unsubscribePort, async () => (await import('../../lambda/handlers/unsubscribe.js')).handler, {
    archive: async (archivePath) => {
      const object = await archiveStore?.get(`${PREFIX.archive}${archivePath}`);
      return object ? { body: object.body, contentType: object.contentType } : null;
    },
  });
  Object.assign(process.env, localEnvironment({
      s3Endpoint: s3.endpoint,
      sesEndpoint: ses.endpoint,
      dynamoDbEndpoint: dynamo.endpoint,
      bucket: options.bucket,
      deliveryTable: options.deliveryTable,
      subscriberTable: options.subscriberTable,
      articleIndexTable: options.articleIndexTable,
    }), {
    // A fresh key per run: links in this run's mails work while it serves.
    NEWSDROP_UNSUBSCRIBE_KEYS: JSON.stringify({ current: '1', key1: randomBytes(32).toString('hex') }),
    UNSUBSCRIBE_BASE_URL: unsubscribe.url,
    // Signup confirmation links point back to the same local server (deployed, the Function URL's domain).
    PUBLIC_BASE_URL: unsubscribe.url,
    // The planner's editions and each mail's "View in browser" page, served by the same local server.
    ARCHIVE_BASE_URL: unsubscribe.archiveUrl,
    NEWSDROP_LOG_FILE: path.join(options.dataDir, 'local.log'),
    OLD_ARTICLES: options.oldArticles ?? 'flag',
  });
  // Handlers read their environment at import, exactly as at a Lambda cold start.
  const { handler: ingest } = (await import('../../lambda/handlers/ingest.js')) as { handler: IngestHandler };
  const fanOut = await loadInProcessFanOut({ senders: LOCAL_SENDERS });
  const digest = (cadence: Cadence) => runDigestInProcess(cadence, fanOut);
  const { handler: importSubscribers } = (await import('../../lambda/handlers/subscriber-import.js')) as { handler: SubscriberImportHandler };
  const { createS3Client } = await import('../../lambda/aws-clients.js');
  const bucket = new S3ObjectStore(createS3Client(), options.bucket);
  archiveStore = bucket;

  const drainIngest = async (): Promise<number> => {
    let failures = 0;
    while (pending.length > 0) {
      const batch = pending.splice(0, SQS_BATCH_SIZE);
      const response = await ingest(sqsEventFromS3Records(batch), {} as Context);
      failures += response.batchItemFailures.length;
    }
    return failures;
  };
  /** Imports every upload of config/subscribers.json so far; false when one was rejected. */
  const drainSubscriberUploads = async (): Promise<boolean> => {
    let accepted = true;
    while (subscriberUploads.length > 0) {
      const results = await importSubscribers({ Records: subscriberUploads.splice(0) } as unknown as S3Event);
      for (const result of results) {
        if (result.status === 'imported') {
          const { rows, created, updated, statusKept, removed } = result.summary;
          options.print(`subscribers: imported ${rows} row(s) into ${options.subscriberTable} (${created} new, ${updated} updated, ${statusKept} kept their status, ${removed} removed)`);
        } else if (result.status === 'rejected') {
          accepted = false;
          options.print(`subscribers: ${SUBSCRIBERS_CONFIG_KEY} rejected, nothing imported (${result.rejectionKey}): ${result.message}`);
        }
      }
    }
    return accepted;
  };
  const shutdown = async () => {
    await Promise.allSettled([s3.close(), ses.close(), dynamo.close(), unsubscribe.close()]);
  };

  try {
    await bucket.put(SUBSCRIBERS_CONFIG_KEY, subscribersText, { contentType: 'application/json' });
    for (const name of articleFiles) {
      const body = await readFile(path.join(options.articlesDir, name));
      await bucket.put(`${PREFIX.incoming}${name}`, body, { contentType: contentTypeFor(name) });
    }
    options.print(
      `newsdrop local: S3 emulator ${s3.endpoint} (bucket ${options.bucket}, data in ${options.dataDir}), SES emulator ${ses.endpoint}, DynamoDB emulator ${dynamo.endpoint} (tables ${options.subscriberTable}, ${options.deliveryTable} and ${options.articleIndexTable}, data in ${path.join(options.dataDir, 'dynamodb')})`,
    );
    options.print(`uploaded ${articleFiles.length} article(s) from ${options.articlesDir} and ${options.subscribersFile} as ${SUBSCRIBERS_CONFIG_KEY}`);
    if (!(await drainSubscriberUploads())) {
      await shutdown();
      return 1;
    }

    const failures = await drainIngest();
    const articleCount = (await bucket.list(PREFIX.articles)).length;
    const rejected = (await bucket.list(PREFIX.rejected)).map((object) => object.key);
    options.print(`ingest: ${articleCount} article(s) stored, ${rejected.length} rejected${failures ? `, ${failures} record(s) failed` : ''}`);
    for (const key of rejected) options.print(`  rejected: ${key}`);

    let sent = 0;
    for (const cadence of CADENCES) {
      const summary = await digest(cadence);
      sent += summary.sent;
      options.print(
        `digest (${cadence}): ${summary.subscribers} subscriber(s) in ${summary.chunks} chunk(s), ${summary.sent} sent, ${summary.alreadySent} already sent, ${summary.nothingNew} with nothing new`,
      );
    }
    const mails = await ses.mails();
    for (const mail of mails) options.print(`  mail to ${mail.destination.to.join(', ')}: ${mail.subject}`);
    if (sent === 0) {
      options.print('no digest was sent: everything was delivered in an earlier run (use --fresh to start over)');
    }
    options.print(`handler logs (JSON lines): ${path.join(options.dataDir, 'local.log')}`);
    options.print(`read the mails in the SES emulator's inbox: ${ses.endpoint}/ (their unsubscribe links go to ${unsubscribe.url})`);
    options.print(`web archive (each mail's "View in browser", the editions and their Atom feeds): ${unsubscribe.archiveUrl}`);
    options.print(`signup form (double opt-in; its confirmation mail lands in the SES emulator's inbox): ${new URL('subscribe', unsubscribe.url).href}`);

    if (options.once) {
      await shutdown();
      return failures > 0 ? 1 : 0;
    }
    options.print(`serving; drop more files with: aws --endpoint-url ${s3.endpoint} s3 cp FILE s3://${options.bucket}/${PREFIX.incoming}  (Ctrl-C to stop)`);
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (pending.length === 0 && subscriberUploads.length === 0) return;
        void (async () => {
          await drainSubscriberUploads();
          if (pending.length === 0) return;
          const batchFailures = await drainIngest();
          const summary = await digest('instant');
          options.print(`new upload: ingested${batchFailures ? ` (${batchFailures} failed)` : ''}, ${summary.sent} instant digest(s) sent`);
        })().catch((error: unknown) => options.print(`local run error: ${(error as Error).message}`));
      }, 1000);
      process.once('SIGINT', () => {
        clearInterval(timer);
        resolve();
      });
    });
    await shutdown();
    return 0;
  } catch (error) {
    await shutdown();
    throw error;
  }
}
