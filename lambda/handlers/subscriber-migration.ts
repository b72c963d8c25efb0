import type { Context } from 'aws-lambda';
import { createDynamoDbDocumentClient, createS3Client } from '../aws-clients.js';
import { readSubscriberImportConfig } from '../config.js';
import { serviceLogger } from '../log.js';
import { type MigrateOnDeployResponse, migrateSubscribersOnDeploy } from '../pipeline/migrate-subscribers-on-deploy.js';
import { DynamoDbSubscriberRepository } from '../store/dynamodb-subscriber-repository.js';
import { S3ObjectStore } from '../store/s3-object-store.js';

const config = readSubscriberImportConfig();
const log = serviceLogger('subscriber-migration');
const store = new S3ObjectStore(createS3Client(), config.BUCKET_NAME);
const subscribers = new DynamoDbSubscriberRepository(createDynamoDbDocumentClient(), config.SUBSCRIBER_TABLE_NAME);

/**
 * The provider framework of the stack's Custom::SubscriberMigration resource invokes this on every
 * Create and Update of that resource (lib/subscriber-migration.ts). It shares the import's code
 * (migrateLegacyMarkers); an error it throws fails the deploy with its message.
 */
export async function handler(event: unknown, context?: Context): Promise<MigrateOnDeployResponse> {
  return migrateSubscribersOnDeploy(event, { store, subscribers, logger: log.forInvocation(context) });
}
