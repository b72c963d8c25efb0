import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { PREFIX } from '../lambda/store/keys.js';
import type { ArchiveDistribution } from './archive-distribution.js';
import type { ArticleBucket } from './article-bucket.js';
import type { DigestSender } from './digest-sender.js';
import type { IngestPipeline } from './ingest-pipeline.js';
import type { SesFeedback } from './ses-feedback.js';
import type { SubscriberImport } from './subscriber-import.js';
import type { SubscriberMigration } from './subscriber-migration.js';
import type { UnsubscribeEndpoint } from './unsubscribe-endpoint.js';

const acknowledge = (construct: IConstruct, rule: string, reason: string) =>
  Validations.of(construct).acknowledge({ id: `AwsSolutions::${rule}`, reason });

/**
 * cdk-nag AwsSolutions findings accepted on purpose, each with its reason. Anything not listed
 * here fails `cdk synth`.
 */
export function acknowledgeNagFindings(parts: {
  articles: ArticleBucket;
  archive: ArchiveDistribution;
  ingestPipeline: IngestPipeline;
  digestSender: DigestSender;
  unsubscribeEndpoint: UnsubscribeEndpoint;
  sesFeedback: SesFeedback;
  subscriberImport: SubscriberImport;
  subscriberMigration: SubscriberMigration;
}): void {
  const { articles, archive, ingestPipeline, digestSender, unsubscribeEndpoint, sesFeedback, subscriberImport, subscriberMigration } = parts;
  const stack = Stack.of(articles);
  const bucketArn = `<${stack.getLogicalId(articles.bucket.node.defaultChild as CfnElement)}.Arn>`;
  const objectWildcard = (construct: IConstruct, prefix: string, what: string) =>
    acknowledge(
      construct,
      `AwsSolutions-IAM5[Resource::${bucketArn}/${prefix}*]`,
      `Object keys under ${prefix} are generated per ${what}; the grant is limited to that prefix and to the exact actions the function uses.`,
    );

  const ingestRole = ingestPipeline.ingest.role;
  objectWildcard(ingestRole, PREFIX.incoming, 'dropped article (editor-chosen names)');
  objectWildcard(ingestRole, PREFIX.articles, 'stored article (date/id)');
  objectWildcard(ingestRole, PREFIX.rejected, 'rejected input');
  objectWildcard(ingestRole, PREFIX.ingested, 'article claim marker');
  const digestArn = `<${stack.getLogicalId(digestSender.digest.function.node.defaultChild as CfnElement)}.Arn>`;
  acknowledge(
    ingestRole,
    `AwsSolutions-IAM5[Resource::${digestArn}:*]`,
    'lambda:InvokeFunction on the one digest function, including its versions and aliases (grantInvoke); no other function.',
  );

  // The planner writes one snapshot per run; the senders read it, and each reader's state as an earlier version kept it.
  objectWildcard(digestSender.digest.role, PREFIX.digestRuns, 'digest run snapshot (one per run, written by the planner)');
  objectWildcard(digestSender.sender.role, PREFIX.digestRuns, 'digest run snapshot (one per run; read only by the senders)');
  objectWildcard(digestSender.sender.role, PREFIX.subscriberState, "earlier version's subscriber state record (hashed address; read only)");

  // The web archive: the planner writes each cadence's edition log, editions, feed and index; the senders each digest's web version.
  objectWildcard(digestSender.digest.role, PREFIX.archiveState, 'cadence (its edition log, state/archive/<cadence>.json)');
  for (const cadence of ['instant', 'daily', 'weekly']) {
    objectWildcard(digestSender.digest.role, `${PREFIX.archive}${cadence}/`, `${cadence} edition page (date and hashed run id), and that cadence's feed.xml and index.html`);
  }
  objectWildcard(digestSender.sender.role, PREFIX.archiveDigests, "mailed digest's web version (named by the hash of its bytes; written once, If-None-Match)");

  // The web archive's distribution. Logging (CFR3) and origin access control (CFR7) are in place.
  const distribution = archive.distribution;
  acknowledge(
    distribution,
    'AwsSolutions-CFR1',
    'The web archive is the public version of news digests, without anything personal, meant for readers wherever they are; there is no country it must be kept from.',
  );
  acknowledge(
    distribution,
    'AwsSolutions-CFR2',
    'Static pages and Atom feeds only: GET and HEAD, no forms, cookies, query strings or personal data, cached at the edge so a flood of requests is absorbed by CloudFront, never the bucket. A web ACL would cost more (US$5 a month plus US$1 per rule, and US$0.60 per million requests) than the archive it guards.',
  );
  acknowledge(
    distribution,
    'AwsSolutions-CFR4',
    "The distribution is served under its *.cloudfront.net name with CloudFront's default certificate, for which CloudFront fixes the security policy (TLSv1) and it cannot be raised; modern clients negotiate TLS 1.2 or 1.3 anyway. A higher minimum needs an alternate domain name with an ACM certificate (README, Web archive).",
  );

  acknowledge(
    digestSender.failedRuns,
    'AwsSolutions-SQS3',
    "This queue is itself a dead-letter queue: the digest function's on-failure destination and its schedules' EventBridge dead-letter queue. cdk-nag only recognises queues named in an SQS redrive policy.",
  );

  const unsubscribeRole = unsubscribeEndpoint.unsubscribe.role;
  objectWildcard(unsubscribeRole, PREFIX.usedLinks, 'used unsubscribe link (hashed address, scope and issue time)');
  acknowledge(
    unsubscribeEndpoint.signingSecret,
    'AwsSolutions-SMG4',
    'HMAC keys for unsubscribe links are rotated by adding key<N+1> and moving "current" (see README): links already mailed must stay valid for months, which a single-value automatic rotation would break.',
  );

  acknowledge(
    subscriberImport.failedImports,
    'AwsSolutions-SQS3',
    "This queue is itself a dead-letter queue: the subscriber import function's on-failure destination. cdk-nag only recognises queues named in an SQS redrive policy.",
  );

  // Both run migrateLegacyMarkers, which reads every marker of an earlier version (read-only).
  for (const role of [subscriberImport.importer.role, subscriberMigration.migrator.role]) {
    objectWildcard(role, PREFIX.legacyUnsubscribed, "earlier version's unsubscribe marker (hashed address; read only)");
    objectWildcard(role, PREFIX.legacyStoppedTopics, "earlier version's stopped-topics marker (hashed address; read only)");
  }
  // The deploy-time backfill reads the articles of the longest look-back to index those the index lacks (read only).
  objectWildcard(subscriberMigration.migrator.role, PREFIX.articles, 'stored article (date/id), read by the deploy-time article index backfill');
  const migratorArn = `<${stack.getLogicalId(subscriberMigration.migrator.function.node.defaultChild as CfnElement)}.Arn>`;
  acknowledge(
    subscriberMigration.providerRole,
    `AwsSolutions-IAM5[Resource::${migratorArn}:*]`,
    "lambda:InvokeFunction on the one migrator function, including its versions and aliases (the CDK provider framework's grantInvoke); no other function.",
  );

  for (const fn of [
    subscriberMigration.migrator.function,
    ingestPipeline.ingest.function,
    digestSender.digest.function,
    digestSender.sender.function,
    unsubscribeEndpoint.unsubscribe.function,
    sesFeedback.feedback.function,
    subscriberImport.importer.function,
  ]) {
    acknowledge(
      fn,
      'AwsSolutions-L1',
      'Node.js 22 is the runtime newsdrop is built and tested for (esbuild target node22); moving to a newer runtime is a deliberate, tested change.',
    );
  }

  // S3 → SQS notifications are configured by CDK's own singleton custom resource.
  const notificationsHandler = stack.node.children.find((child) => child.node.id.startsWith('BucketNotificationsHandler'));
  if (notificationsHandler) {
    acknowledge(
      notificationsHandler,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'CDK-managed BucketNotificationsHandler that sets the bucket notification configuration at deploy time; its role is created by aws-cdk-lib and only writes its own logs with this policy.',
    );
  }
}
