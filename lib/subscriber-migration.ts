import { CustomResource, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { MIGRATE_ACTION } from '../lambda/pipeline/migrate-subscribers-on-deploy.js';
import { CUSTOM_TOPICS_CONFIG_KEY, PREFIX, SUBSCRIBERS_CONFIG_KEY } from '../lambda/store/keys.js';
import { NewsdropFunction } from './newsdrop-function.js';

export interface SubscriberMigrationProps {
  readonly bucket: s3.IBucket;
  readonly subscriberTable: dynamodb.ITable;
  /** The article index the migration writes the missing entries of the last LONGEST_LOOKBACK_DAYS days' articles to. */
  readonly articleIndexTable: dynamodb.ITable;
}

/**
 * Grants for migrateLegacyMarkers (lambda/store/marker-migration.ts), shared by the deploy-time
 * migration and the upload import: list and read the earlier version's markers, read
 * config/topics.json (a list's topics are checked against the operator's), and the conditional
 * UpdateItems that turn markers into statuses and stopped topics. ListBucket also makes a missing
 * config/subscribers.json or config/topics.json answer 404 rather than 403.
 */
export function grantLegacyMarkerMigration(fn: lambda.IFunction, bucket: s3.IBucket, table: dynamodb.ITable): void {
  const markerPrefixes = [PREFIX.legacyUnsubscribed, PREFIX.legacyStoppedTopics];
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [...markerPrefixes.map((prefix) => `${prefix}*`), SUBSCRIBERS_CONFIG_KEY, CUSTOM_TOPICS_CONFIG_KEY] } },
    }),
  );
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: markerPrefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`)) }));
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects(CUSTOM_TOPICS_CONFIG_KEY)] }));
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:UpdateItem'], resources: [table.tableArn] }));
}

/**
 * The one-time upgrade, run by CloudFormation on every deploy that creates or changes this resource:
 * a Custom::SubscriberMigration whose provider invokes a function of its own (lambda/handlers/
 * subscriber-migration.ts). It applies the earlier version's bucket markers and, while the table
 * holds no list, imports the bucket's config/subscribers.json; then it writes the article index
 * entries that the articles of the longest look-back lack (stored before the index existed). The stack makes it run after the
 * table, the bucket and the upload import exist, and before the digest function is updated, so no
 * digest runs against a table the migration has not filled; if it fails, the deploy fails and rolls back.
 */
export class SubscriberMigration extends Construct {
  public readonly migrator: NewsdropFunction;
  public readonly provider: cr.Provider;
  /** The role of the provider framework's function, which only invokes the migrator. */
  public readonly providerRole: iam.Role;
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: SubscriberMigrationProps) {
    super(scope, id);
    this.migrator = new NewsdropFunction(this, 'Migrator', {
      handlerFile: 'subscriber-migration.ts',
      description: 'Moves subscriber state of earlier versions into the subscriber table and indexes recent articles at deploy time',
      // Below the provider framework's own 15 minutes, so a slow migration still answers
      // CloudFormation with an error instead of leaving it waiting for the custom-resource timeout.
      timeout: Duration.minutes(14),
      memorySize: 1024,
      environment: {
        BUCKET_NAME: props.bucket.bucketName,
        SUBSCRIBER_TABLE_NAME: props.subscriberTable.tableName,
        ARTICLE_INDEX_TABLE_NAME: props.articleIndexTable.tableName,
      },
      // The backfill computes story features as ingest does, weighted by the same IDF table and word vectors.
      assets: [
        ['lambda/digest/story-idf.bin', 'story-idf.bin'],
        ['lambda/digest/story-meaning.bin', 'story-meaning.bin'],
      ],
    });
    const fn = this.migrator.function;
    grantLegacyMarkerMigration(fn, props.bucket, props.subscriberTable);
    // The bucket's list, read (latest version) only while the table holds none.
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [props.bucket.arnForObjects(SUBSCRIBERS_CONFIG_KEY)] }));
    // holdsListedReaders (a filtered Scan) and the import's conditional UpdateItems; no DeleteItem: this import never replaces.
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:Scan'], resources: [props.subscriberTable.tableArn] }));
    // backfillArticleIndex: list the look-back's day prefixes (articles/<yyyy>/<mm>/<dd>/), read each
    // article; in the index, has = GetItem and put = UpdateItem (conditional on the entry's revision).
    // Nothing is written to the bucket.
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [props.bucket.bucketArn], conditions: { StringLike: { 's3:prefix': [`${PREFIX.articles}*`] } } }),
    );
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [props.bucket.arnForObjects(`${PREFIX.articles}*`)] }));
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:UpdateItem', 'dynamodb:GetItem'], resources: [props.articleIndexTable.tableArn] }));

    // The framework's function gets a role and log group of our own: no managed policy, logs kept a month.
    const providerLogs = new logs.LogGroup(this, 'ProviderLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    this.providerRole = new iam.Role(this, 'ProviderRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'CDK provider framework of the subscriber migration: invokes the migrator (newsdrop)',
    });
    providerLogs.grantWrite(this.providerRole);
    this.provider = new cr.Provider(this, 'Provider', { onEventHandler: fn, frameworkOnEventRole: this.providerRole, logGroup: providerLogs });

    const code = (fn.node.defaultChild as lambda.CfnFunction).code;
    this.resource = new CustomResource(this, 'Resource', {
      resourceType: 'Custom::SubscriberMigration',
      serviceToken: this.provider.serviceToken,
      // Any answer comes within the framework's 15 minutes; fail the deploy soon after rather than wait CloudFormation's hour.
      serviceTimeout: Duration.minutes(20),
      properties: {
        Action: MIGRATE_ACTION,
        BucketName: props.bucket.bucketName,
        TableName: props.subscriberTable.tableName,
        // The migrator's code asset: a changed migration runs again on the next deploy.
        MigratorCode: Lazy.string({ produce: () => (Stack.of(this).resolve(code) as { s3Key?: string }).s3Key ?? 'inline' }),
      },
    });
    this.resource.node.addDependency(props.subscriberTable, props.bucket, props.articleIndexTable);
  }
}
