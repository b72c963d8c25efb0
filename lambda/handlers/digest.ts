import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { createDynamoDbDocumentClient, createS3Client, createSesClient } from '../aws-clients.js';
import { readDigestConfig } from '../config.js';
import { serviceLogger, type Logger } from '../log.js';
import { SesMailSender } from '../mail/ses-mail-sender.js';
import { loadSigningKeys } from '../mail/signing-keys.js';
import { unsubscribeLinks } from '../mail/unsubscribe-links.js';
import { EmfMetrics } from '../metrics/emf-metrics.js';
import { startInstantRun } from '../pipeline/instant-run.js';
import { runDigest, type DigestRunSummary } from '../pipeline/run-digest.js';
import { DynamoDbArticleIndex } from '../store/article-index.js';
import { InstantRunMarker } from '../store/instant-run-marker.js';
import { DynamoDbDeliveryLedger } from '../store/dynamodb-delivery-ledger.js';
import { S3ObjectStore } from '../store/s3-object-store.js';
import { DynamoDbSubscriberRepository } from '../store/dynamodb-subscriber-repository.js';
import { SubscriberStateRepository } from '../store/subscriber-state-repository.js';

const config = readDigestConfig();
const log = serviceLogger('digest');
const metrics = new EmfMetrics();
const store = new S3ObjectStore(createS3Client(), config.BUCKET_NAME);
const dynamoDb = createDynamoDbDocumentClient();
const ledger = new DynamoDbDeliveryLedger(dynamoDb, config.DELIVERY_TABLE_NAME);
const subscribers = new DynamoDbSubscriberRepository(dynamoDb, config.SUBSCRIBER_TABLE_NAME);
const articleIndex = new DynamoDbArticleIndex(dynamoDb, config.ARTICLE_INDEX_TABLE_NAME);
const instantRunMarker = new InstantRunMarker(dynamoDb, config.ARTICLE_INDEX_TABLE_NAME);
const signing = await loadSigningKeys();
if (config.UNSUBSCRIBE_BASE_URL && !signing) log.logger.warn('UNSUBSCRIBE_BASE_URL is set but no signing key: mails go out without unsubscribe links');
const links = config.UNSUBSCRIBE_BASE_URL && signing ? unsubscribeLinks(config.UNSUBSCRIBE_BASE_URL, signing) : undefined;
const mailer = new SesMailSender({
  client: createSesClient(),
  ratePerSecond: config.SEND_RATE_PER_SECOND,
  configurationSet: config.SES_CONFIGURATION_SET,
});

/** EventBridge schedules send {"cadence":"daily"|"weekly"}; the ingest function sends "instant". */
const digestEventSchema = z.object({ cadence: z.enum(['instant', 'daily', 'weekly']) });

export class DigestIncompleteError extends Error {
  constructor(readonly summary: DigestRunSummary) {
    super(`${summary.deferred} digest(s) could not be sent and will be retried`);
    this.name = 'DigestIncompleteError';
  }
}

export async function handler(event: unknown, context?: Context): Promise<DigestRunSummary> {
  try {
    return await runForEvent(event, log.forInvocation(context), context);
  } finally {
    metrics.flush();
  }
}

async function runForEvent(event: unknown, logger: Logger, context?: Context): Promise<DigestRunSummary> {
  const parsed = digestEventSchema.safeParse(event);
  if (!parsed.success) {
    logger.error('digest event without a valid cadence', { event });
    throw new Error(`digest event must be {"cadence":"instant"|"daily"|"weekly"}, got ${JSON.stringify(event)?.slice(0, 200)}`);
  }
  if (parsed.data.cadence === 'instant') {
    // Wait for the burst that triggered this run to go quiet, then take the marker: articles
    // stored from here on trigger the next run.
    const waitedMs = await startInstantRun({ marker: instantRunMarker });
    logger.info('instant run started', { waitedMs });
  }
  const summary = await runDigest(parsed.data.cadence, {
    subscribers,
    articles: articleIndex,
    ledger,
    states: new SubscriberStateRepository(store),
    mailer,
    links,
    from: config.SENDER_ADDRESS,
    logger,
    deadline: context?.getRemainingTimeInMillis ? new Date(Date.now() + context.getRemainingTimeInMillis()) : undefined,
    metrics,
  });
  // Transient failures (not the daily quota) fail the invocation so Lambda's async retry re-runs it;
  // the ledger makes the re-run send only what is missing.
  if (summary.deferred > 0 && !summary.stoppedForQuota) throw new DigestIncompleteError(summary);
  return summary;
}
