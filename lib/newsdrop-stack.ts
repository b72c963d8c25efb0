import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { PREFIX, SUBSCRIBERS_CONFIG_KEY } from '../lambda/store/keys.js';
import { SubscriberImport } from './subscriber-import.js';
import { SubscriberMigration } from './subscriber-migration.js';
import { SubscriberTable } from './subscriber-table.js';
import { ArchiveDistribution } from './archive-distribution.js';
import { ArticleBucket } from './article-bucket.js';
import { ArticleIndexTable } from './article-index-table.js';
import { DeliveryLedgerTable } from './delivery-ledger-table.js';
import { DigestSender } from './digest-sender.js';
import { IngestPipeline } from './ingest-pipeline.js';
import { OperatorAlarms } from './operator-alarms.js';
import { SesFeedback } from './ses-feedback.js';
import { UnsubscribeEndpoint } from './unsubscribe-endpoint.js';
import { acknowledgeNagFindings } from './nag-acknowledgements.js';
import { resolveNewsdropProps, type NewsdropProps } from './newsdrop-props.js';

export interface NewsdropStackProps extends StackProps {
  readonly newsdrop: NewsdropProps;
}

/** S3 drop bucket → SQS → ingest Lambda → articles; digest planner → SQS → digest senders → SES; archive/ → CloudFront. */
export class NewsdropStack extends Stack {
  public readonly articles: ArticleBucket;
  public readonly archive: ArchiveDistribution;
  public readonly deliveryLedger: DeliveryLedgerTable;
  public readonly articleIndex: ArticleIndexTable;
  public readonly subscribers: SubscriberTable;
  public readonly subscriberImport: SubscriberImport;
  public readonly subscriberMigration: SubscriberMigration;
  public readonly ingestPipeline: IngestPipeline;
  public readonly digestSender: DigestSender;
  public readonly unsubscribeEndpoint: UnsubscribeEndpoint;
  public readonly sesFeedback: SesFeedback;
  public readonly operatorAlarms: OperatorAlarms;

  constructor(scope: Construct, id: string, props: NewsdropStackProps) {
    super(scope, id, props);
    const settings = resolveNewsdropProps({ ...props.newsdrop });
    this.articles = new ArticleBucket(this, 'Articles');
    this.archive = new ArchiveDistribution(this, 'WebArchive', { bucket: this.articles.bucket, logBucket: this.articles.accessLogBucket });
    this.deliveryLedger = new DeliveryLedgerTable(this, 'DeliveryLedger');
    this.articleIndex = new ArticleIndexTable(this, 'ArticleIndex');
    this.subscribers = new SubscriberTable(this, 'Subscribers');
    this.subscriberImport = new SubscriberImport(this, 'SubscriberImport', { bucket: this.articles.bucket, subscriberTable: this.subscribers.table });
    this.subscriberMigration = new SubscriberMigration(this, 'SubscriberMigration', {
      bucket: this.articles.bucket,
      subscriberTable: this.subscribers.table,
      articleIndexTable: this.articleIndex.table,
    });
    // After the upload import exists (its bucket notification included), so every path into the table applies the markers first.
    this.subscriberMigration.resource.node.addDependency(this.subscriberImport);
    this.sesFeedback = new SesFeedback(this, 'SesFeedback', { subscriberTable: this.subscribers.table });
    this.unsubscribeEndpoint = new UnsubscribeEndpoint(this, 'Unsubscribe', {
      bucket: this.articles.bucket,
      subscriberTable: this.subscribers.table,
      senderAddress: settings.senderAddress,
      sesIdentity: settings.sesIdentity,
      // Confirmation mails' bounces and complaints suppress the address, as the digests' do.
      sesConfigurationSet: settings.sesConfigurationSet ?? this.sesFeedback.configurationSet.configurationSetName,
      reservedConcurrency: settings.publicEndpointConcurrency,
    });
    this.digestSender = new DigestSender(this, 'DigestSender', {
      bucket: this.articles.bucket,
      ledgerTable: this.deliveryLedger.table,
      subscribers: this.subscribers,
      articleIndexTable: this.articleIndex.table,
      senderAddress: settings.senderAddress,
      sesIdentity: settings.sesIdentity,
      // The operator's own set replaces ours; then bounce suppression is theirs to wire.
      sesConfigurationSet: settings.sesConfigurationSet ?? this.sesFeedback.configurationSet.configurationSetName,
      sendRatePerSecond: settings.sendRatePerSecond,
      dailySchedule: settings.dailySchedule,
      weeklySchedule: settings.weeklySchedule,
      deliveryHour: settings.deliveryHour,
      defaultTimezone: settings.defaultTimezone,
      weeklyDay: settings.weeklyDay,
      senderConcurrency: settings.senderConcurrency,
      oldArticles: settings.oldArticles,
      storyUpdates: settings.storyUpdates,
      archiveBaseUrl: this.archive.url,
      unsubscribe: this.unsubscribeEndpoint,
    });
    // The digest function is updated to read the table only once the migration has filled it: on an
    // upgrade the earlier digest (reading the bucket) keeps running until then, and a failed migration rolls back before it.
    this.digestSender.node.addDependency(this.subscriberMigration.resource);
    this.ingestPipeline = new IngestPipeline(this, 'Ingest', {
      bucket: this.articles.bucket,
      digestFunction: this.digestSender.digest.function,
      articleIndexTable: this.articleIndex.table,
      batchSize: settings.batchSize,
      batchingWindowSeconds: settings.batchingWindowSeconds,
      topicConfidenceThreshold: settings.topicConfidenceThreshold,
    });
    this.operatorAlarms = new OperatorAlarms(this, 'OperatorAlarms', {
      deadLetterQueues: {
        Ingest: { queue: this.ingestPipeline.deadLetterQueue, holds: 'Dropped files failed 5 times' },
        Digest: { queue: this.digestSender.failedRuns, holds: 'Digest runs failed every attempt' },
        DigestSender: { queue: this.digestSender.failedChunks, holds: 'Chunks of digest readers failed 5 times' },
        SubscriberImport: { queue: this.subscriberImport.failedImports, holds: 'Subscriber file imports failed every attempt' },
      },
      functions: {
        Ingest: this.ingestPipeline.ingest.function,
        Digest: this.digestSender.digest.function,
        DigestSender: this.digestSender.sender.function,
        Unsubscribe: this.unsubscribeEndpoint.unsubscribe.function,
        SesFeedback: this.sesFeedback.feedback.function,
        SubscriberImport: this.subscriberImport.importer.function,
        SubscriberMigration: this.subscriberMigration.migrator.function,
      },
      alarmEmail: settings.alarmEmail,
    });

    const bucketName = this.articles.bucket.bucketName;
    new CfnOutput(this, 'BucketName', { value: bucketName, description: 'Bucket editors drop articles into' });
    new CfnOutput(this, 'IncomingPrefix', { value: `s3://${bucketName}/${PREFIX.incoming}`, description: 'Drop articles here' });
    new CfnOutput(this, 'ExampleUpload', {
      value: `aws s3 cp article.txt s3://${bucketName}/${PREFIX.incoming}article.txt`,
      description: 'Example: drop one article',
    });
    new CfnOutput(this, 'SubscribersConfig', {
      value: `s3://${bucketName}/${SUBSCRIBERS_CONFIG_KEY}`,
      description: 'Upload the whole subscriber list here (JSON, see README): it is imported into the subscriber table',
    });
    new CfnOutput(this, 'SubscriberTableName', {
      value: this.subscribers.table.tableName,
      description: 'DynamoDB subscriber table (retained on stack delete): manage it with `npx newsdrop subscribers ... --stack <this stack>`',
    });
    new CfnOutput(this, 'QueueName', { value: this.ingestPipeline.queue.queueName });
    new CfnOutput(this, 'DeadLetterQueueName', {
      value: this.ingestPipeline.deadLetterQueue.queueName,
      description: 'Records that failed 5 times wait here for inspection',
    });
    new CfnOutput(this, 'FailedDigestRunsQueueName', {
      value: this.digestSender.failedRuns.queueName,
      description: 'Digest runs that failed every attempt wait here (the event and the error) for inspection',
    });
    new CfnOutput(this, 'FailedDigestChunksQueueName', {
      value: this.digestSender.failedChunks.queueName,
      description: 'Chunks of digest readers that failed 5 times wait here; redrive them once the cause is fixed (the ledger sends only what is missing)',
    });
    new CfnOutput(this, 'DeliveryTableName', {
      value: this.deliveryLedger.table.tableName,
      description: 'DynamoDB delivery ledger: one item per (subscriber, digest); items expire 30 days after the claim',
    });
    new CfnOutput(this, 'ArticleIndexTableName', {
      value: this.articleIndex.table.tableName,
      description: 'DynamoDB article index (one entry per stored article, by day, with story features; expires after 30 days) and the instant-run marker',
    });
    new CfnOutput(this, 'DigestFunctionName', { value: this.digestSender.digest.function.functionName });
    new CfnOutput(this, 'UnsubscribeUrl', { value: this.unsubscribeEndpoint.url.url, description: 'One-click unsubscribe endpoint used in every digest' });
    new CfnOutput(this, 'ArchiveUrl', {
      value: this.archive.url,
      description: 'Web archive (CloudFront): each run\'s edition, <cadence>/index.html and the Atom feeds <cadence>/feed.xml; every mail links its own web version',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.operatorAlarms.topic.topicArn,
      description: 'SNS topic of every newsdrop alarm: subscribe to it (or deploy with -c alarmEmail=...)',
    });

    acknowledgeNagFindings(this);
  }
}
