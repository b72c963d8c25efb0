import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { readCompiledLayout } from '../lambda/digest/compiled-layout.js';
import type { Weekday } from '../lambda/digest/local-delivery.js';
import type { OldArticles } from '../lambda/digest/story-age.js';
import type { StoryUpdates } from '../lambda/digest/story-updates.js';
import { PREFIX } from '../lambda/store/keys.js';
import { CADENCES } from '../lambda/store/subscriber.js';
import { asyncFailureQueue, deadLetterQueue } from './dead-letter-queue.js';
import { NewsdropFunction } from './newsdrop-function.js';
import { repoPath } from './repo-paths.js';
import type { SubscriberTable } from './subscriber-table.js';
import type { UnsubscribeEndpoint } from './unsubscribe-endpoint.js';

export interface DigestSenderProps {
  readonly bucket: s3.Bucket;
  /** The delivery ledger and the readers' delivery states; the senders get exactly the item actions those use on it. */
  readonly ledgerTable: dynamodb.ITable;
  /** The subscriber table: the planner queries its active-readers index, the senders read reader items. */
  readonly subscribers: SubscriberTable;
  /** The article index (read) and the instant-run marker (read and cleared), both by the planner. */
  readonly articleIndexTable: dynamodb.ITable;
  readonly senderAddress: string;
  readonly sesIdentity: string;
  readonly sesConfigurationSet?: string;
  /** The account's SES rate; each of the senderConcurrency senders takes an even share. */
  readonly sendRatePerSecond: number;
  /** A fixed schedule mailing every daily reader at once; absent: hourly local-morning runs. */
  readonly dailySchedule?: string;
  /** A fixed schedule mailing every weekly reader at once; absent: hourly local-morning runs. */
  readonly weeklySchedule?: string;
  /** Local-morning runs: the local hour, the readers' default timezone, the weekly digest's weekday. */
  readonly deliveryHour: number;
  readonly defaultTimezone: string;
  readonly weeklyDay: Weekday;
  /** How many sender functions run at once, 1..1000. */
  readonly senderConcurrency: number;
  /** What the planner does with articles published before a run's look-back window. */
  readonly oldArticles: OldArticles;
  /** A new report of a story a reader was already sent: marked as an update or left out (the senders' STORY_UPDATES). */
  readonly storyUpdates: StoryUpdates;
  /** Where the bucket's archive/ is served: the planner publishes editions and feeds there, the senders each digest's web version. */
  readonly archiveBaseUrl: string;
  /** Where unsubscribe links point and the key that signs them. */
  readonly unsubscribe: UnsubscribeEndpoint;
}

const SENDER_TIMEOUT = Duration.minutes(5);
/** Local-morning delivery: a run at the top of every hour (UTC). */
const HOURLY = 'cron(0 * * * ? *)';
/** SQS moves a chunk to the dead-letter queue after this many receives, as the ingest queue does. */
const MAX_RECEIVE_COUNT = 5;
/** The lowest maximumConcurrency an SQS event source mapping accepts. */
const MIN_ESM_MAX_CONCURRENCY = 2;

/**
 * A digest run in two steps. The planner (`Digest`, invoked by the daily and weekly schedules and
 * by ingest for "instant") reads the cadence's readers and the articles, groups stories, writes the
 * run's snapshot under digest-runs/ and puts chunks of readers on the `DigestChunks` queue; up to
 * senderConcurrency `DigestSender` functions each render and send one chunk at a time through SES
 * (as one identity and configuration set), at an even share of the account's rate. A run that
 * failed every attempt is kept in `FailedRuns`, a chunk that failed 5 times in `FailedDigestChunks`.
 */
export class DigestSender extends Construct {
  /** The planner (construct id `Digest`, kept from when one function planned and sent). */
  public readonly digest: NewsdropFunction;
  /** Renders and sends one chunk of readers. */
  public readonly sender: NewsdropFunction;
  /** Chunks of readers handed from the planner (and from senders giving back unsent readers) to the senders. */
  public readonly chunkQueue: sqs.Queue;
  /** Chunks that failed 5 receives. */
  public readonly failedChunks: sqs.Queue;
  /**
   * Runs that failed for good: Lambda's on-failure destination (the run threw on every attempt)
   * and the schedules' dead-letter queue (EventBridge could not invoke the function at all).
   */
  public readonly failedRuns: sqs.Queue;
  public readonly dailyRule: events.Rule;
  public readonly weeklyRule: events.Rule;

  constructor(scope: Construct, id: string, props: DigestSenderProps) {
    super(scope, id);
    const objects = (prefix: string) => props.bucket.arnForObjects(`${prefix}*`);
    const senderConcurrency = String(props.senderConcurrency);

    this.failedChunks = deadLetterQueue(this, 'FailedDigestChunks');
    this.chunkQueue = new sqs.Queue(this, 'DigestChunks', {
      // SQS-managed keys: neither the planner nor the senders need a KMS grant to use the queue.
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Lambda guidance for event source mappings: at least 6 x the function timeout, so a chunk
      // still being sent (or retried by Lambda) is not received a second time.
      visibilityTimeout: Duration.seconds(SENDER_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.failedChunks, maxReceiveCount: MAX_RECEIVE_COUNT },
    });

    this.digest = new NewsdropFunction(this, 'Digest', {
      handlerFile: 'digest.ts',
      description: 'Plans digest runs and hands chunks of readers to the senders',
      timeout: Duration.minutes(15),
      memorySize: 512,
      // No reserved concurrency: the readers' state makes overlapping runs harmless (no article reaches a reader twice).
      environment: {
        BUCKET_NAME: props.bucket.bucketName,
        SUBSCRIBER_TABLE_NAME: props.subscribers.table.tableName,
        ARTICLE_INDEX_TABLE_NAME: props.articleIndexTable.tableName,
        DIGEST_CHUNK_QUEUE_URL: this.chunkQueue.queueUrl,
        SENDER_CONCURRENCY: senderConcurrency,
        OLD_ARTICLES: props.oldArticles,
        ARCHIVE_BASE_URL: props.archiveBaseUrl,
        DELIVERY_HOUR: String(props.deliveryHour),
        DEFAULT_TIMEZONE: props.defaultTimezone,
        WEEKLY_DAY: props.weeklyDay,
      },
      // Same-story grouping runs here, once per run, weighing words by its own IDF table
      // (lambda/digest/story-idf.ts), not the topic model. The planner renders nothing: no templates.
      assets: [['lambda/digest/story-idf.bin', 'story-idf.bin']],
    });
    const planner = this.digest.function;
    // The ledger and the readers' state make each retried run send only what is missing.
    this.failedRuns = asyncFailureQueue(this, 'FailedRuns', planner);
    // The run's snapshot, written once; the senders read it.
    planner.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [objects(PREFIX.digestRuns)] }));
    // publishEdition: the cadence's edition log (read, then written back with If-Match; ListBucket
    // makes a missing log a 404, not a 403), its edition pages, feed and index, and the front page.
    // Not archive/digests/: the senders write the web version of each digest they mail.
    planner.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [objects(PREFIX.archiveState)] }));
    planner.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [props.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${PREFIX.archiveState}*`] } },
      }),
    );
    planner.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [
          objects(PREFIX.archiveState),
          ...CADENCES.map((cadence) => objects(`${PREFIX.archive}${cadence}/`)),
          props.bucket.arnForObjects(`${PREFIX.archive}index.html`),
        ],
      }),
    );
    // DynamoDbSubscriberRepository.pageActiveShard: Query on the active-readers index, nothing else.
    planner.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: [props.subscribers.activeIndexArn] }));
    // DynamoDbArticleIndex.listStoredBetween = Query; InstantRunMarker: read = GetItem, clear = UpdateItem (the item keeps the run's history).
    planner.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:UpdateItem'], resources: [props.articleIndexTable.tableArn] }),
    );
    // SendMessage only (it authorises SendMessageBatch too): the queue's URL comes in the environment,
    // so grantSendMessages' GetQueueUrl and GetQueueAttributes would go unused, and its KMS grant
    // has nothing to do under SQS-managed encryption.
    this.chunkQueue.grant(planner, 'sqs:SendMessage');

    // The sender fills templates/digest.compiled.json: an edited .mjml not yet compiled
    // (npm run build:templates) stops the synth here rather than every digest after deploying.
    readCompiledLayout(repoPath('templates'));
    this.sender = new NewsdropFunction(this, 'Sender', {
      handlerFile: 'digest-sender.ts',
      description: 'Renders and sends one chunk of subscriber digests through SES',
      timeout: SENDER_TIMEOUT,
      memorySize: 1024,
      // maximumConcurrency of an SQS event source must be at least 2; one sender at a time is
      // reserved concurrency instead (Lambda then throttles the event source's extra pollers, and a
      // throttled chunk goes back to the queue, a receive counted towards the dead-letter queue's 5).
      reservedConcurrentExecutions: props.senderConcurrency < MIN_ESM_MAX_CONCURRENCY ? props.senderConcurrency : undefined,
      environment: {
        BUCKET_NAME: props.bucket.bucketName,
        DELIVERY_TABLE_NAME: props.ledgerTable.tableName,
        SUBSCRIBER_TABLE_NAME: props.subscribers.table.tableName,
        SENDER_ADDRESS: props.senderAddress,
        // The account's total; each sender sends at SEND_RATE_PER_SECOND / SENDER_CONCURRENCY.
        SEND_RATE_PER_SECOND: String(props.sendRatePerSecond),
        SENDER_CONCURRENCY: senderConcurrency,
        NEWSDROP_TEMPLATE_DIR: '/var/task/templates',
        UNSUBSCRIBE_BASE_URL: props.unsubscribe.url.url,
        UNSUBSCRIBE_SECRET_ARN: props.unsubscribe.signingSecret.secretArn,
        DIGEST_CHUNK_QUEUE_URL: this.chunkQueue.queueUrl,
        ARCHIVE_BASE_URL: props.archiveBaseUrl,
        STORY_UPDATES: props.storyUpdates,
        ...(props.sesConfigurationSet ? { SES_CONFIGURATION_SET: props.sesConfigurationSet } : {}),
      },
      assets: [['templates', 'templates']],
    });
    const sender = this.sender.function;
    props.unsubscribe.signingSecret.grantRead(sender);
    // The run's snapshot, and the state an earlier version kept per reader in the bucket (read once
    // per reader after the upgrade; their delivery state in the ledger table holds it from then on).
    sender.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [objects(PREFIX.digestRuns), objects(PREFIX.subscriberState)] }),
    );
    // Each distinct digest's web version, named by its bytes (PutObject, If-None-Match): nothing else of the archive.
    sender.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [objects(PREFIX.archiveDigests)] }));
    // With ListBucket a missing reader state answers 404 (nothing kept in the bucket) rather than 403.
    sender.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [props.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${PREFIX.subscriberState}*`] } },
      }),
    );
    // DynamoDbDeliveryLedger: claim/markSent/markFailed = PutItem, get = GetItem, release = DeleteItem;
    // DynamoDbDeliveryStates (the readers' delivery states, in the same table): loadMany = BatchGetItem, record = UpdateItem.
    sender.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem', 'dynamodb:BatchGetItem', 'dynamodb:UpdateItem'],
        resources: [props.ledgerTable.tableArn],
      }),
    );
    // The chunk's reader items, read just before mailing (BatchGetItem on the table itself); nothing is written there.
    sender.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:BatchGetItem'], resources: [props.subscribers.table.tableArn] }));
    const stack = Stack.of(this);
    const sesResources = [stack.formatArn({ service: 'ses', resource: 'identity', resourceName: props.sesIdentity })];
    if (props.sesConfigurationSet) {
      sesResources.push(stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: props.sesConfigurationSet }));
    }
    // SES v2 SendEmail is authorised as ses:SendEmail, and with raw MIME content SES also checks
    // ses:SendRawEmail (users of v2 raw sending report AccessDenied without it: anymail#384,
    // aws-actionmailer-ses-ruby#10). Both, on the identity and the configuration set only.
    sender.addToRolePolicy(new iam.PolicyStatement({ actions: ['ses:SendEmail', 'ses:SendRawEmail'], resources: sesResources }));
    // A sender that runs short of time hands its unsent readers back as a new chunk (SendMessage only, as the planner).
    this.chunkQueue.grant(sender, 'sqs:SendMessage');
    // One chunk per invocation, so a failed chunk is retried alone; the event source grants the
    // receive, delete and visibility changes. maximumConcurrency caps the senders, so the SES rate
    // split between them holds (below 2, reserved concurrency does: see the function above).
    sender.addEventSource(
      new SqsEventSource(this.chunkQueue, {
        batchSize: 1,
        maxConcurrency: props.senderConcurrency >= MIN_ESM_MAX_CONCURRENCY ? props.senderConcurrency : undefined,
        reportBatchItemFailures: true,
      }),
    );

    // Without a fixed schedule a cadence runs every hour on the hour, each run planning the readers
    // whose local delivery hour has come (local-delivery.ts); the event carries its scheduled time,
    // so a late or retried invocation still plans its own hour.
    const schedule = (ruleId: string, fixed: string | undefined, cadence: 'daily' | 'weekly') =>
      new events.Rule(this, ruleId, {
        description: fixed ? `newsdrop ${cadence} digest` : `newsdrop ${cadence} digest, hourly: readers whose local ${props.deliveryHour}:00 has come`,
        schedule: events.Schedule.expression(fixed ?? HOURLY),
        targets: [
          new targets.LambdaFunction(planner, {
            event: events.RuleTargetInput.fromObject(fixed ? { cadence } : { cadence, delivery: 'local-morning', at: events.EventField.time }),
            retryAttempts: 2,
            deadLetterQueue: this.failedRuns,
          }),
        ],
      });
    this.dailyRule = schedule('DailySchedule', props.dailySchedule, 'daily');
    this.weeklyRule = schedule('WeeklySchedule', props.weeklySchedule, 'weekly');
  }
}
