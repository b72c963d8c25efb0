import type { Context, S3Event } from 'aws-lambda';
import { createDynamoDbDocumentClient, createS3Client } from '../aws-clients.js';
import { readSubscriberImportConfig } from '../config.js';
import { serviceLogger } from '../log.js';
import { importSubscriberFile, type SubscriberFileImportResult } from '../pipeline/import-subscriber-file.js';
import { DynamoDbSubscriberRepository } from '../store/dynamodb-subscriber-repository.js';
import { RejectionRepository } from '../store/rejection-repository.js';
import { S3ObjectStore } from '../store/s3-object-store.js';

const config = readSubscriberImportConfig();
const log = serviceLogger('subscriber-import');
const store = new S3ObjectStore(createS3Client(), config.BUCKET_NAME);
const subscribers = new DynamoDbSubscriberRepository(createDynamoDbDocumentClient(), config.SUBSCRIBER_TABLE_NAME);
const rejections = new RejectionRepository(store);

/**
 * S3 invokes this directly (asynchronously) for each upload of config/subscribers.json. A rejected
 * file is an answer, not a failure; store trouble throws, so Lambda retries and then keeps the
 * event in the on-failure queue.
 */
export async function handler(event: S3Event, context?: Context): Promise<SubscriberFileImportResult[]> {
  const logger = log.forInvocation(context);
  const results: SubscriberFileImportResult[] = [];
  for (const record of event.Records ?? []) {
    if (!record.eventName?.startsWith('ObjectCreated:')) continue;
    if (record.s3.bucket.name !== config.BUCKET_NAME) {
      logger.warn('subscriber file skipped', { outcome: 'skipped', bucket: record.s3.bucket.name, reason: 'event for another bucket' });
      continue;
    }
    // S3 URL-encodes keys in notifications, with '+' for spaces.
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    const origin = { bucket: record.s3.bucket.name, key, versionId: record.s3.object.versionId ?? null, etag: record.s3.object.eTag ?? null };
    results.push(await importSubscriberFile(origin, { store, subscribers, rejections, logger }));
  }
  return results;
}
