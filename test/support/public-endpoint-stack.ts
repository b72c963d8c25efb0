import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { subscribersCommand } from '../../bin/commands/subscribers-command.js';
import { loadInProcessFanOut, runDigestInProcess, type DigestRunTotals } from '../../bin/local/digest-fanout.js';
import { localEnvironment } from '../../bin/local/local-environment.js';
import { startS3Emulator, type EmulatorS3Record, type S3Emulator } from '../../bin/local/s3-emulator.js';
import { sqsEventFromS3Records } from '../../bin/local/sqs-event.js';
import { startSesEmulator, type SesEmulator } from '../../bin/local/ses-emulator.js';
import { startUnsubscribeServer } from '../../bin/local/unsubscribe-server.js';
import { parseSigningKeys } from '../../lambda/mail/signing-keys.js';
import { unsubscribeLinks } from '../../lambda/mail/unsubscribe-links.js';
import { startTestDynamoDb, type TestDynamoDb } from './dynamodb-emulator.js';

export interface PublicEndpointStack {
  readonly ses: SesEmulator;
  /** Local mode's public server (unsubscribe, signup, preference centre), ending in "/". */
  readonly url: string;
  /** `newsdrop subscribers export`, parsed. */
  exportSubscribers(): Promise<Record<string, unknown>[]>;
  /** The "Unsubscribe or change your topics" link a digest to `email` would carry. */
  digestLink(email: string): string;
  /** Drops an article file, ingests it and runs the daily digest, as local mode does. */
  deliverDailyDigest(articleFile: string): Promise<DigestRunTotals>;
  close(): Promise<void>;
}

/**
 * The public endpoint as local mode runs it: the real handler behind local mode's server, with
 * s3rver, aws-ses-v2-local and dynalite, its environment in process.env (restored on close).
 */
export async function startPublicEndpointStack(): Promise<PublicEndpointStack> {
  const bucket = 'newsdrop-signup-test';
  const dir = await mkdtemp(path.join(tmpdir(), 'newsdrop-signup-'));
  const s3: S3Emulator = await startS3Emulator({ port: 0, directory: path.join(dir, 's3'), bucket });
  const ses = await startSesEmulator({ port: 0 });
  const dynamo: TestDynamoDb = await startTestDynamoDb();
  const subscriberTable = await dynamo.createSubscriberTable();
  const deliveryTable = await dynamo.createDeliveryTable();
  const articleIndexTable = await dynamo.createArticleIndexTable();
  const uploads: EmulatorS3Record[] = [];
  s3.onObjectEvent((record) => {
    if (record.s3.object.key.startsWith('incoming/')) uploads.push(record);
  });
  let handler: ((event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>) | undefined;
  const server = await startUnsubscribeServer(0, async () => {
    handler ??= (await import('../../lambda/handlers/unsubscribe.js')).handler;
    return handler;
  });
  const saved = { ...process.env };
  const keys = JSON.stringify({ current: '1', key1: randomBytes(32).toString('hex') });
  Object.assign(
    process.env,
    localEnvironment({ s3Endpoint: s3.endpoint, sesEndpoint: ses.endpoint, dynamoDbEndpoint: dynamo.endpoint, bucket, deliveryTable, subscriberTable, articleIndexTable, sendRatePerSecond: 100 }),
    // Digests link to the same server, as in local mode.
    { NEWSDROP_UNSUBSCRIBE_KEYS: keys, PUBLIC_BASE_URL: server.url, UNSUBSCRIBE_BASE_URL: server.url, NEWSDROP_LOG_FILE: path.join(dir, 'local.log') },
  );
  const location = { kind: 'local' as const, dynamoDbPort: Number(new URL(dynamo.endpoint).port), tableName: subscriberTable, s3Port: 9, bucket };
  return {
    ses,
    url: server.url,
    async exportSubscribers() {
      const lines: string[] = [];
      const code = await subscribersCommand({ action: 'export' }, location, (line) => lines.push(line), () => {});
      if (code !== 0) throw new Error(`subscribers export exited ${code}`);
      return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    digestLink: (email) => unsubscribeLinks(server.url, parseSigningKeys(keys)).unsubscribeUrl(email),
    async deliverDailyDigest(articleFile) {
      // Handlers read their environment at import, as at a Lambda cold start: after it is set above.
      const { handler: ingest } = (await import('../../lambda/handlers/ingest.js')) as { handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> };
      const { createS3Client } = await import('../../lambda/aws-clients.js');
      const { S3ObjectStore } = await import('../../lambda/store/s3-object-store.js');
      await new S3ObjectStore(createS3Client(), bucket).put(`incoming/${path.basename(articleFile)}`, await readFile(articleFile));
      const failed = await ingest(sqsEventFromS3Records(uploads.splice(0)), {} as Context);
      if (failed.batchItemFailures.length > 0) throw new Error(`ingest failed for ${articleFile}`);
      return runDigestInProcess('daily', await loadInProcessFanOut());
    },
    async close() {
      process.env = saved;
      await Promise.allSettled([server.close(), s3.close(), ses.close(), dynamo.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
