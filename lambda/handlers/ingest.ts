import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { createDynamoDbDocumentClient, createS3Client, timedRequestHandler } from '../aws-clients.js';
import { readIngestConfig } from '../config.js';
import { serviceLogger } from '../log.js';
import { EmfMetrics } from '../metrics/emf-metrics.js';
import { ingestObject, type IngestDependencies } from '../pipeline/ingest-object.js';
import { requestInstantRun } from '../pipeline/instant-run.js';
import { DynamoDbArticleIndex } from '../store/article-index.js';
import { ArticleRepository } from '../store/article-repository.js';
import { DynamoDbArticleRevisions } from '../store/article-revisions.js';
import { DynamoDbContentClaims } from '../store/content-claims.js';
import { InstantRunMarker } from '../store/instant-run-marker.js';
import { CustomTopicRepository } from '../store/custom-topic-repository.js';
import { RejectionRepository } from '../store/rejection-repository.js';
import { S3ObjectStore } from '../store/s3-object-store.js';
import { classifyArticle } from '../topics/classify.js';
import { CustomTopicMatcher } from '../topics/custom-topic.js';
import { originsFromSqsBody } from './s3-event-records.js';

// Cold start: environment validated once, clients and model shared by every invocation. What one
// batch needs besides (its logger, the custom topics read for it, what it stored) is passed along.
const config = readIngestConfig();
const log = serviceLogger('ingest');
const metrics = new EmfMetrics();
const store = new S3ObjectStore(createS3Client(), config.BUCKET_NAME);
const customTopicRepository = new CustomTopicRepository(store);
const dynamo = createDynamoDbDocumentClient();
const instantRunMarker = new InstantRunMarker(dynamo, config.ARTICLE_INDEX_TABLE_NAME);
const sharedDeps = {
  store,
  articles: new ArticleRepository(store),
  articleIndex: new DynamoDbArticleIndex(dynamo, config.ARTICLE_INDEX_TABLE_NAME),
  revisions: new DynamoDbArticleRevisions(dynamo, config.ARTICLE_INDEX_TABLE_NAME),
  contentClaims: new DynamoDbContentClaims(dynamo, config.ARTICLE_INDEX_TABLE_NAME),
  rejections: new RejectionRepository(store),
  classify: classifyArticle,
  confidenceThreshold: config.TOPIC_CONFIDENCE_THRESHOLD,
  maxArticleBytes: config.MAX_ARTICLE_BYTES,
  metrics,
} satisfies Omit<IngestDependencies, 'logger' | 'customTopics'>;
const processor = new BatchProcessor(EventType.SQS);
// With the same timeouts as S3: a hung Invoke must not hold the batch's response.
const lambda = config.DIGEST_FUNCTION_NAME ? new LambdaClient({ requestHandler: timedRequestHandler() }) : null;

/**
 * Ingests the objects one SQS record names; answers how many it stored, updated or found stored (a
 * redelivery after a failed trigger counts too, so its retry asks for the instant run again).
 */
async function ingestRecord(record: SQSRecord, deps: IngestDependencies): Promise<number> {
  let stored = 0;
  for (const origin of originsFromSqsBody(record.body)) {
    if (origin.bucket !== config.BUCKET_NAME) {
      deps.logger.warn('article skipped', { outcome: 'skipped', bucket: origin.bucket, key: origin.key, reason: 'event for another bucket' });
      continue;
    }
    const { status } = await ingestObject(origin, deps);
    if (status === 'stored' || status === 'updated' || status === 'duplicate') stored++;
  }
  return stored;
}

export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  try {
    return await processBatch(event, context);
  } finally {
    metrics.flush();
  }
}

async function processBatch(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const logger = log.forInvocation(context);
  // Read per batch so an operator's edit applies without a redeploy. A broken file fails the
  // batch (retried, then kept in the DLQ) rather than storing articles without their topics.
  let customTopics: CustomTopicMatcher;
  try {
    customTopics = new CustomTopicMatcher(await customTopicRepository.load());
  } catch (error) {
    logger.error('custom topics config unusable; batch not processed', { error });
    throw error;
  }
  const deps: IngestDependencies = { ...sharedDeps, logger, customTopics };
  let stored = 0;
  // A batch whose every record failed is reported item by item like any other, not thrown: the
  // queue retries the same records either way, and an invocation error would count as a crash.
  const response = await processPartialResponse(
    event,
    async (record: SQSRecord) => {
      stored += await ingestRecord(record, deps);
    },
    processor,
    { context, throwOnFullBatchFailure: false },
  );
  for (const failure of response.batchItemFailures) {
    logger.error('record failed, will be retried', { messageId: failure.itemIdentifier });
  }
  if (stored > 0 && lambda && config.DIGEST_FUNCTION_NAME) {
    const functionName = config.DIGEST_FUNCTION_NAME;
    const invokeDigest = async () => {
      await lambda.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: 'Event',
          Payload: new TextEncoder().encode(JSON.stringify({ cadence: 'instant' })),
        }),
      );
    };
    // A failed invoke is logged and its marker withdrawn: the next batch triggers the run.
    await requestInstantRun({ marker: instantRunMarker, invokeDigest, now: new Date(), logger });
  }
  return response;
}
