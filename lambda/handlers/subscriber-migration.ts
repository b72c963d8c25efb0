import type { Context } from 'aws-lambda';
import { createDynamoDbDocumentClient, createS3Client } from '../aws-clients.js';
import { readSubscriberMigrationConfig } from '../config.js';
import { serviceLogger } from '../log.js';
import { type MigrateOnDeployResponse, migrateSubscribersOnDeploy } from '../pipeline/migrate-subscribers-on-deploy.js';
import { DynamoDbArticleIndex } from '../store/article-index.js';
import { DynamoDbSubscriberRepository } from '../store/dynamodb-subscriber-repository.js';
import { S3ObjectStore } from '../store/s3-object-store.js';

const config = readSubscriberMigrationConfig();
const log = serviceLogger('subscriber-migration');
const store = new S3ObjectStore(createS3Client(), config.BUCKET_NAME);
const dynamoDb = createDynamoDbDocumentClient();
const subscribers = new DynamoDbSubscriberRepository(dynamoDb, config.SUBSCRIBER_TABLE_NAME);
const articleIndex = new DynamoDbArticleIndex(dynamoDb, config.ARTICLE_INDEX_TABLE_NAME);

/**
 * The provider framework of the stack's Custom::SubscriberMigration resource invokes this on every
 * Create and Update of that resource (lib/subscriber-migration.ts). It shares the import's code
 * (migrateLegacyMarkers), then writes the article index entries recent articles lack (backfillArticleIndex);
 * an error it throws fails the deploy with its message.
 */
export async function handler(event: unknown, context?: Context): Promise<MigrateOnDeployResponse> {
  return migrateSubscribersOnDeploy(event, { store, subscribers, articleIndex, logger: log.forInvocation(context) });
}
