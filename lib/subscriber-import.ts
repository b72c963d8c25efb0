import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { rejectedKey, SUBSCRIBERS_CONFIG_KEY } from '../lambda/store/keys.js';
import { asyncFailureQueue } from './dead-letter-queue.js';
import { NewsdropFunction } from './newsdrop-function.js';
import { grantLegacyMarkerMigration } from './subscriber-migration.js';

export interface SubscriberImportProps {
  readonly bucket: s3.Bucket;
  readonly subscriberTable: dynamodb.ITable;
}

/**
 * Uploading config/subscribers.json imports it into the subscriber table. S3 invokes a small
 * function of its own (not the ingest queue): the import needs write access to the list, which
 * the article path should not have, and one upload is one event that needs no batching.
 */
export class SubscriberImport extends Construct {
  public readonly importer: NewsdropFunction;
  /** Uploads whose import failed every attempt (store trouble, not a malformed file). */
  public readonly failedImports: sqs.Queue;

  constructor(scope: Construct, id: string, props: SubscriberImportProps) {
    super(scope, id);
    this.importer = new NewsdropFunction(this, 'Importer', {
      handlerFile: 'subscriber-import.ts',
      description: 'Imports config/subscribers.json into the subscriber table',
      // A million rows at a few thousand conditional writes per second. The file streams through
      // twice (checked, then written), so memory grows with one hash per row, not with the file:
      // bench:scale measures a million-row import under 512 MB.
      timeout: Duration.minutes(15),
      memorySize: 512,
      environment: { BUCKET_NAME: props.bucket.bucketName, SUBSCRIBER_TABLE_NAME: props.subscriberTable.tableName },
    });
    const fn = this.importer.function;
    this.failedImports = asyncFailureQueue(this, 'FailedImports', fn);
    // The uploaded file (by the version the event names) and, for a malformed one, its error record.
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: [props.bucket.arnForObjects(SUBSCRIBERS_CONFIG_KEY)] }));
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [props.bucket.arnForObjects(rejectedKey(SUBSCRIBERS_CONFIG_KEY))] }));
    // DynamoDbSubscriberRepository.import: a conditional UpdateItem per row; with `replace`, a Scan
    // and a conditional DeleteItem for each active reader left out of the file.
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:UpdateItem', 'dynamodb:Scan', 'dynamodb:DeleteItem'], resources: [props.subscriberTable.tableArn] }),
    );
    // Legacy markers are applied before every upload's rows (lambda/pipeline/import-subscriber-file.ts).
    grantLegacyMarkerMigration(fn, props.bucket, props.subscriberTable);
    props.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(fn), { prefix: SUBSCRIBERS_CONFIG_KEY, suffix: SUBSCRIBERS_CONFIG_KEY });
  }
}
