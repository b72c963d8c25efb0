import type { Context } from 'aws-lambda';
import { createDynamoDbDocumentClient, createS3Client, createSqsClient } from '../aws-clients.js';
import { readDigestPlannerConfig } from '../config.js';
import { serviceLogger, type Logger } from '../log.js';
import type { DeliveryWindow } from '../digest/local-delivery.js';
import { digestRequestOf } from '../pipeline/digest-event.js';
import { startInstantRun } from '../pipeline/instant-run.js';
import { planDigestRun, type DigestPlanSummary } from '../pipeline/plan-digest-run.js';
import { DynamoDbArticleIndex } from '../store/article-index.js';
import { SqsDigestChunkQueue, type DigestChunkQueue } from '../store/digest-chunk-queue.js';
import { DigestRunRepository } from '../store/digest-run-repository.js';
import { DynamoDbSubscriberRepository } from '../store/dynamodb-subscriber-repository.js';
import { InstantRunMarker } from '../store/instant-run-marker.js';
import { S3ObjectStore } from '../store/s3-object-store.js';
import { WebArchive } from '../store/web-archive.js';

// The digest planner: one run per schedule (or instant trigger), handing chunks of readers to the
// sender functions (digest-sender.ts) through the chunk queue.
const config = readDigestPlannerConfig();
const log = serviceLogger('digest');
const dynamoDb = createDynamoDbDocumentClient();
const store = new S3ObjectStore(createS3Client(), config.BUCKET_NAME);
const runs = new DigestRunRepository(store);
const archive = config.ARCHIVE_BASE_URL ? new WebArchive(store, config.ARCHIVE_BASE_URL) : undefined;
const subscribers = new DynamoDbSubscriberRepository(dynamoDb, config.SUBSCRIBER_TABLE_NAME);
const articleIndex = new DynamoDbArticleIndex(dynamoDb, config.ARTICLE_INDEX_TABLE_NAME);
const instantRunMarker = new InstantRunMarker(dynamoDb, config.ARTICLE_INDEX_TABLE_NAME);

const deliveryWindow: DeliveryWindow = { hour: config.DELIVERY_HOUR, weekday: config.WEEKLY_DAY, defaultTimeZone: config.DEFAULT_TIMEZONE };

export type DigestPlannerHandler = (event: unknown, context?: Context) => Promise<DigestPlanSummary>;

/** The planner over a given chunk queue: SQS when deployed, an in-process queue in local mode and tests. */
export function digestPlannerHandler(queue: DigestChunkQueue): DigestPlannerHandler {
  return (event, context) => planForEvent(event, queue, log.forInvocation(context), context?.awsRequestId);
}

export const handler = digestPlannerHandler(new SqsDigestChunkQueue(createSqsClient(), config.DIGEST_CHUNK_QUEUE_URL));

async function planForEvent(event: unknown, queue: DigestChunkQueue, logger: Logger, runId: string | undefined): Promise<DigestPlanSummary> {
  let request: ReturnType<typeof digestRequestOf>;
  try {
    request = digestRequestOf(event, deliveryWindow);
  } catch (error) {
    logger.error('digest event without a valid cadence', { event });
    throw error;
  }
  if (request.cadence === 'instant') {
    // Wait for the burst that triggered this run to go quiet, then take the marker: articles
    // stored from here on trigger the next run.
    const { waitedMs, maxWaitMs } = await startInstantRun({ marker: instantRunMarker });
    logger.info('instant run started', { waitedMs, maxWaitMs });
  }
  // Lambda's retries of an asynchronous invocation keep its request id: a retry resumes the same run.
  return planDigestRun(request.cadence, {
    subscribers,
    articles: articleIndex,
    runs,
    queue,
    archive,
    logger,
    runId,
    oldArticles: config.OLD_ARTICLES,
    localDelivery: request.localDelivery,
  });
}
