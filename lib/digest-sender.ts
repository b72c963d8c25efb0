import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { readCompiledLayout } from '../lambda/digest/compiled-layout.js';
import { asyncFailureQueue } from './dead-letter-queue.js';
import { NewsdropFunction } from './newsdrop-function.js';
import { repoPath } from './repo-paths.js';
import type { SubscriberTable } from './subscriber-table.js';
import type { UnsubscribeEndpoint } from './unsubscribe-endpoint.js';

export interface DigestSenderProps {
  readonly bucket: s3.Bucket;
  /** The delivery ledger; the function gets exactly the item actions the ledger uses on it. */
  readonly ledgerTable: dynamodb.ITable;
  /** The subscriber table; the function only queries its active-readers index. */
  readonly subscribers: SubscriberTable;
  /** The article index (read) and the instant-run marker (read and cleared). */
  readonly articleIndexTable: dynamodb.ITable;
  readonly senderAddress: string;
  readonly sesIdentity: string;
  readonly sesConfigurationSet?: string;
  readonly sendRatePerSecond: number;
  readonly dailySchedule: string;
  readonly weeklySchedule: string;
  /** 0 = unreserved. */
  readonly concurrency: number;
  /** Where unsubscribe links point and the key that signs them. */
  readonly unsubscribe: UnsubscribeEndpoint;
}

/**
 * The digest Lambda, its daily and weekly schedules, SES permission for one identity, and a queue
 * that keeps every run that failed all its attempts.
 */
export class DigestSender extends Construct {
  public readonly digest: NewsdropFunction;
  /**
   * Runs that failed for good: Lambda's on-failure destination (the run threw on every attempt)
   * and the schedules' dead-letter queue (EventBridge could not invoke the function at all).
   */
  public readonly failedRuns: sqs.Queue;
  public readonly dailyRule: events.Rule;
  public readonly weeklyRule: events.Rule;

  constructor(scope: Construct, id: string, props: DigestSenderProps) {
    super(scope, id);
    // The function fills templates/digest.compiled.json: an edited .mjml not yet compiled
    // (npm run build:templates) stops the synth here rather than every digest after deploying.
    readCompiledLayout(repoPath('templates'));
    this.digest = new NewsdropFunction(this, 'Digest', {
      handlerFile: 'digest.ts',
      description: 'Renders and sends subscriber digests through SES',
      timeout: Duration.minutes(15),
      memorySize: 1024,
      // Runs must not overlap, or a subscriber could get the same article in two digests.
      reservedConcurrentExecutions: props.concurrency > 0 ? props.concurrency : undefined,
      environment: {
        BUCKET_NAME: props.bucket.bucketName,
        DELIVERY_TABLE_NAME: props.ledgerTable.tableName,
        SUBSCRIBER_TABLE_NAME: props.subscribers.table.tableName,
        ARTICLE_INDEX_TABLE_NAME: props.articleIndexTable.tableName,
        SENDER_ADDRESS: props.senderAddress,
        SEND_RATE_PER_SECOND: String(props.sendRatePerSecond),
        NEWSDROP_TEMPLATE_DIR: '/var/task/templates',
        UNSUBSCRIBE_BASE_URL: props.unsubscribe.url.url,
        UNSUBSCRIBE_SECRET_ARN: props.unsubscribe.signingSecret.secretArn,
        ...(props.sesConfigurationSet ? { SES_CONFIGURATION_SET: props.sesConfigurationSet } : {}),
      },
      // Same-story grouping weighs words by its own IDF table (lambda/digest/story-idf.ts), not the topic model.
      assets: [
        ['templates', 'templates'],
        ['lambda/digest/story-idf.bin', 'story-idf.bin'],
      ],
    });
    const fn = this.digest.function;
    // The ledger makes each retried run send only what is missing.
    this.failedRuns = asyncFailureQueue(this, 'FailedRuns', fn);
    props.unsubscribe.signingSecret.grantRead(fn);
    const objects = (prefix: string) => props.bucket.arnForObjects(`${prefix}*`);
    // Articles come from the article index and readers from the subscriber table: of the bucket,
    // only the reader state is read and written.
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: [objects('state/')] }),
    );
    // DynamoDbDeliveryLedger: claim/markSent/markFailed = PutItem, get = GetItem, release = DeleteItem.
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem'], resources: [props.ledgerTable.tableArn] }),
    );
    // DynamoDbSubscriberRepository.loadActive: Query on the active-readers index, nothing else.
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: [props.subscribers.activeIndexArn] }));
    // DynamoDbArticleIndex.listStoredBetween = Query; InstantRunMarker: read = GetItem, clear = DeleteItem.
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:DeleteItem'], resources: [props.articleIndexTable.tableArn] }),
    );
    // With ListBucket a missing reader state answers 404 (a reader with nothing received yet) rather than 403.
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [props.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': ['state/*'] } },
      }),
    );
    const stack = Stack.of(this);
    const sesResources = [stack.formatArn({ service: 'ses', resource: 'identity', resourceName: props.sesIdentity })];
    if (props.sesConfigurationSet) {
      sesResources.push(stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: props.sesConfigurationSet }));
    }
    // SES v2 SendEmail is authorised as ses:SendEmail, and with raw MIME content SES also checks
    // ses:SendRawEmail (users of v2 raw sending report AccessDenied without it: anymail#384,
    // aws-actionmailer-ses-ruby#10). Both, on the identity and the configuration set only.
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['ses:SendEmail', 'ses:SendRawEmail'], resources: sesResources }));

    const schedule = (ruleId: string, expression: string, cadence: 'daily' | 'weekly') =>
      new events.Rule(this, ruleId, {
        description: `newsdrop ${cadence} digest`,
        schedule: events.Schedule.expression(expression),
        targets: [new targets.LambdaFunction(fn, { event: events.RuleTargetInput.fromObject({ cadence }), retryAttempts: 2, deadLetterQueue: this.failedRuns })],
      });
    this.dailyRule = schedule('DailySchedule', props.dailySchedule, 'daily');
    this.weeklyRule = schedule('WeeklySchedule', props.weeklySchedule, 'weekly');
  }
}
