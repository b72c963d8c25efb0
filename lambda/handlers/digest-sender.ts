import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createDynamoDbDocumentClient, createS3Client, createSesClient, createSqsClient } from '../aws-clients.js';
import { readDigestSenderConfig } from '../config.js';
import { serviceLogger, type Logger } from '../log.js';
import { SesMailSender } from '../mail/ses-mail-sender.js';
import { loadSigningKeys } from '../mail/signing-keys.js';
import { unsubscribeLinks } from '../mail/unsubscribe-links.js';
import { EmfMetrics } from '../metrics/emf-metrics.js';
import { sendDigestChunk, type ChunkSendSummary } from '../pipeline/send-digest-chunk.js';
import { digestChunkSchema, SqsDigestChunkQueue, type DigestChunkQueue } from '../store/digest-chunk-queue.js';
import { DigestRunRepository } from '../store/digest-run-repository.js';
import { DynamoDbDeliveryLedger } from '../store/dynamodb-delivery-ledger.js';
import { DynamoDbDeliveryStates } from '../store/dynamodb-delivery-states.js';
import { DynamoDbSubscriberRepository } from '../store/dynamodb-subscriber-repository.js';
import { LegacySubscriberStateRepository } from '../store/legacy-subscriber-state-repository.js';
import { S3ObjectStore } from '../store/s3-object-store.js';
import { WebArchive } from '../store/web-archive.js';

// A digest sender: one chunk of readers per SQS message. SENDER_CONCURRENCY of them run at once
// (the event source's maximum concurrency), each at its share of the account's SES rate.
const config = readDigestSenderConfig();
const log = serviceLogger('digest-sender');
const metrics = new EmfMetrics();
const store = new S3ObjectStore(createS3Client(), config.BUCKET_NAME);
const dynamoDb = createDynamoDbDocumentClient();
const signing = await loadSigningKeys();
if (config.UNSUBSCRIBE_BASE_URL && !signing) log.logger.warn('UNSUBSCRIBE_BASE_URL is set but no signing key: mails go out without unsubscribe links');
const sharedDeps = {
  runs: new DigestRunRepository(store),
  readers: new DynamoDbSubscriberRepository(dynamoDb, config.SUBSCRIBER_TABLE_NAME),
  legacyState: new LegacySubscriberStateRepository(store),
  ledger: new DynamoDbDeliveryLedger(dynamoDb, config.DELIVERY_TABLE_NAME),
  states: new DynamoDbDeliveryStates(dynamoDb, config.DELIVERY_TABLE_NAME),
  mailer: new SesMailSender({
    client: createSesClient(),
    ratePerSecond: config.SEND_RATE_PER_SECOND / config.SENDER_CONCURRENCY,
    configurationSet: config.SES_CONFIGURATION_SET,
  }),
  links: config.UNSUBSCRIBE_BASE_URL && signing ? unsubscribeLinks(config.UNSUBSCRIBE_BASE_URL, signing) : undefined,
  webArchive: config.ARCHIVE_BASE_URL ? new WebArchive(store, config.ARCHIVE_BASE_URL) : undefined,
  from: config.SENDER_ADDRESS,
  storyUpdates: config.STORY_UPDATES,
  metrics,
  // A DynamoDB outage of a few seconds must not mail a reader twice (see sendDigestChunk).
  recordRetryDelaysMs: [250, 1_000, 4_000],
};

export interface DigestSenderOptions {
  /** Where readers not begun before the deadline go back to. */
  readonly queue: DigestChunkQueue;
  /** Sees each chunk's summary (local mode adds them up). */
  readonly onChunk?: (summary: ChunkSendSummary) => void;
}

export type DigestSenderHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

/** The sender over a given chunk queue: SQS when deployed, an in-process queue in local mode and tests. */
export function digestSenderHandler(options: DigestSenderOptions): DigestSenderHandler {
  return async (event, context) => {
    const logger = log.forInvocation(context);
    try {
      const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
      for (const record of event.Records) {
        if (!(await sendRecord(record.body, logger, options, context))) batchItemFailures.push({ itemIdentifier: record.messageId });
      }
      return { batchItemFailures };
    } finally {
      metrics.flush();
    }
  };
}

export const handler = digestSenderHandler({ queue: new SqsDigestChunkQueue(createSqsClient(), config.DIGEST_CHUNK_QUEUE_URL) });

/** False when the message must come back (after the queue's visibility timeout): a transient failure. */
async function sendRecord(body: string, logger: Logger, options: DigestSenderOptions, context?: Context): Promise<boolean> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  const chunk = digestChunkSchema.safeParse(json);
  if (!chunk.success) {
    // Retrying the same bytes cannot help; failing it sends it to the dead-letter queue for a look.
    logger.error('digest chunk message is malformed', { body: body.slice(0, 500), issues: chunk.error.issues.slice(0, 5) });
    return false;
  }
  let summary: ChunkSendSummary;
  try {
    summary = await sendDigestChunk(chunk.data, {
      ...sharedDeps,
      logger,
      deadline: context?.getRemainingTimeInMillis ? new Date(Date.now() + context.getRemainingTimeInMillis()) : undefined,
    });
  } catch (error) {
    logger.error('digest chunk could not be sent; retried after the visibility timeout', { runKey: chunk.data.runKey, readers: chunk.data.readers.length, error });
    return false;
  }
  options.onChunk?.(summary);
  if (summary.unsent.length > 0) {
    // Handed back as a chunk of its own: this message is done, the rest goes to the next free sender.
    await options.queue.enqueue([{ ...chunk.data, readers: [...summary.unsent] }]);
    logger.info('readers handed back before the deadline', { runKey: chunk.data.runKey, handedBack: summary.unsent.length });
  }
  // Transient failures (not the daily quota): the whole chunk comes back; what was sent is skipped then.
  return summary.deferred === 0 || summary.stoppedForQuota;
}
