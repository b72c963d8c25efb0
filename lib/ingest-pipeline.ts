import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CUSTOM_TOPICS_CONFIG_KEY, PREFIX } from '../lambda/store/keys.js';
import { deadLetterQueue } from './dead-letter-queue.js';
import { NewsdropFunction } from './newsdrop-function.js';

export interface IngestPipelineProps {
  readonly bucket: s3.Bucket;
  /** Invoked after a batch that stored articles, for "instant" subscribers. */
  readonly digestFunction: lambda.IFunction;
  /** The article index and instant-run marker; the function gets exactly the item actions it uses. */
  readonly articleIndexTable: dynamodb.ITable;
  readonly batchSize: number;
  readonly batchingWindowSeconds: number;
  /** @default 5 MiB */
  readonly maxArticleBytes?: number;
  /** @default 0.5 */
  readonly topicConfidenceThreshold?: number;
}

const INGEST_TIMEOUT = Duration.seconds(60);
/** SQS redrives to the DLQ after this many receives; the design fixes it at 5. */
const MAX_RECEIVE_COUNT = 5;

/** incoming/ → SQS (with DLQ) → ingest Lambda, which writes articles/, rejected/ and state/. */
export class IngestPipeline extends Construct {
  public readonly queue: sqs.Queue;
  public readonly deadLetterQueue: sqs.Queue;
  public readonly ingest: NewsdropFunction;

  constructor(scope: Construct, id: string, props: IngestPipelineProps) {
    super(scope, id);
    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue');
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Lambda guidance: at least 6 × the function timeout, so a retried batch is not redelivered mid-run.
      visibilityTimeout: Duration.seconds(INGEST_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    props.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(this.queue), { prefix: PREFIX.incoming });

    this.ingest = new NewsdropFunction(this, 'Ingest', {
      handlerFile: 'ingest.ts',
      description: 'Parses and classifies dropped articles',
      timeout: INGEST_TIMEOUT,
      memorySize: 1024,
      environment: {
        BUCKET_NAME: props.bucket.bucketName,
        DIGEST_FUNCTION_NAME: props.digestFunction.functionName,
        ARTICLE_INDEX_TABLE_NAME: props.articleIndexTable.tableName,
        MAX_ARTICLE_BYTES: String(props.maxArticleBytes ?? 5 * 1024 * 1024),
        TOPIC_CONFIDENCE_THRESHOLD: String(props.topicConfidenceThreshold ?? 0.5),
      },
      // Story features are computed at ingest, weighted by the same IDF table the digest used to load,
      // what happened compared by meaning through the word vectors (lambda/digest/story-meaning.ts).
      assets: [
        ['lambda/topics/model.bin', 'model.bin'],
        ['lambda/digest/story-idf.bin', 'story-idf.bin'],
        ['lambda/digest/story-meaning.bin', 'story-meaning.bin'],
      ],
    });
    const fn = this.ingest.function;
    const objects = (prefix: string) => props.bucket.arnForObjects(`${prefix}*`);
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: [objects(PREFIX.incoming)] }));
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [objects(PREFIX.articles), objects(PREFIX.rejected), objects(PREFIX.ingested)],
      }),
    );
    // The operator's keyword topics, read at every batch.
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [props.bucket.arnForObjects(CUSTOM_TOPICS_CONFIG_KEY)] }));
    // A read of a missing key answers 403 instead of 404 without ListBucket (config/topics.json is
    // optional); scoped to our prefixes and that one key.
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [props.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${PREFIX.incoming}*`, `${PREFIX.articles}*`, `${PREFIX.ingested}*`, CUSTOM_TOPICS_CONFIG_KEY] } },
      }),
    );
    // DynamoDbArticleIndex: put = UpdateItem (conditional on the entry's revision).
    // DynamoDbArticleRevisions: current = GetItem, commit = conditional PutItem, settle = UpdateItem.
    // DynamoDbContentClaims: claim = conditional PutItem, then GetItem of the holder.
    // InstantRunMarker: request and withdraw = conditional UpdateItem (the item is never deleted).
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem'],
        resources: [props.articleIndexTable.tableArn],
      }),
    );
    props.digestFunction.grantInvoke(fn);
    fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: props.batchSize,
        maxBatchingWindow: Duration.seconds(props.batchingWindowSeconds),
        reportBatchItemFailures: true,
      }),
    );
  }
}
