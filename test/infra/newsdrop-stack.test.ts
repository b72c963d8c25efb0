import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NewsdropStack } from '../../lib/newsdrop-stack.js';
import { INSTANT_RUN_MAX_WAIT_CAP_MS, INSTANT_RUN_STALE_AFTER_MS } from '../../lambda/store/instant-run-marker.js';
import { newsdropApp } from './stack-fixture.js';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

/** Every statement of the policies attached to a function's role, in template order, its log-writing grant left out. */
function roleStatements(template: Template, functionId: string): Statement[] {
  const fn = template.toJSON()['Resources'][functionId] as { Properties: { Role: { 'Fn::GetAtt': [string] } } };
  const role = fn.Properties.Role['Fn::GetAtt'][0];
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify((policy as { Properties: { Roles: unknown } }).Properties.Roles) === JSON.stringify([{ Ref: role }]))
    .flatMap((policy) => (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement)
    .filter((statement) => !JSON.stringify(statement.Action).includes('logs:'));
}

const logicalId = (stack: NewsdropStack, construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);

describe('NewsdropStack resources', () => {
  let template: Template;
  /** Logical ids of the digest planner, the sender function, the chunk queue and its dead-letter queue. */
  let ids: {
    planner: string;
    sender: string;
    chunks: string;
    failedChunks: string;
    bucket: string;
    accessLogs: string;
    ledger: string;
    subscribers: string;
    articleIndex: string;
    secret: string;
    configurationSet: string;
    distribution: string;
    originAccessControl: string;
    publicEndpoint: string;
  };

  beforeAll(() => {
    // Prepare: one synthesis (with esbuild bundling) shared by the assertions below.
    const { stack } = newsdropApp({
      sesConfigurationSet: 'newsdrop-events',
      batchSize: 5,
      batchingWindowSeconds: 20,
      alarmEmail: 'ops@news.example.org',
      sendRatePerSecond: 14,
      senderConcurrency: 6,
      oldArticles: 'omit',
      storyUpdates: 'omit',
    });
    template = Template.fromStack(stack);
    const { digestSender } = stack;
    ids = {
      planner: logicalId(stack, digestSender.digest.function),
      sender: logicalId(stack, digestSender.sender.function),
      chunks: logicalId(stack, digestSender.chunkQueue),
      failedChunks: logicalId(stack, digestSender.failedChunks),
      bucket: logicalId(stack, stack.articles.bucket),
      accessLogs: logicalId(stack, stack.articles.accessLogBucket),
      distribution: logicalId(stack, stack.archive.distribution),
      originAccessControl: logicalId(stack, stack.archive.originAccessControl),
      ledger: logicalId(stack, stack.deliveryLedger.table),
      subscribers: logicalId(stack, stack.subscribers.table),
      articleIndex: logicalId(stack, stack.articleIndex.table),
      secret: logicalId(stack, stack.unsubscribeEndpoint.signingSecret),
      configurationSet: logicalId(stack, stack.sesFeedback.configurationSet),
      publicEndpoint: logicalId(stack, stack.unsubscribeEndpoint.unsubscribe.function),
    };
  });

  it('keeps the article bucket private, encrypted, versioned, logged and retained', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
      }),
    });
    const policies = template.findResources('AWS::S3::BucketPolicy');
    const denies = Object.values(policies).flatMap((policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: { Effect: string; Condition?: unknown }[] } } }).Properties.PolicyDocument.Statement.filter(
        (statement) => statement.Effect === 'Deny' && JSON.stringify(statement.Condition).includes('aws:SecureTransport'),
      ),
    );
    expect(denies.length).toBeGreaterThanOrEqual(2);
  });

  it('notifies the queue only for objects under incoming/', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: [
          Match.objectLike({ Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }] } } }),
        ],
      },
    });
  });

  it('encrypts all six queues, accepts only SSL on each, and redrives the ingest queue to its DLQ after 5 receives, with visibility >= 6 x the ingest timeout', () => {
    const queues = template.findResources('AWS::SQS::Queue') as Record<string, { Properties: Record<string, unknown> }>;
    expect(Object.keys(queues)).toHaveLength(6);
    for (const queue of Object.values(queues)) expect(queue.Properties['SqsManagedSseEnabled']).toBe(true);
    const sslOnly = Object.values(template.findResources('AWS::SQS::QueuePolicy') as Record<string, { Properties: { Queues: { Ref: string }[]; PolicyDocument: { Statement: Statement[] } } }>)
      .filter((policy) =>
        policy.Properties.PolicyDocument.Statement.some(
          (statement) => statement.Effect === 'Deny' && statement.Action === 'sqs:*' && JSON.stringify(statement.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
        ),
      )
      .flatMap((policy) => policy.Properties.Queues.map((queue) => queue.Ref));
    expect(sslOnly.sort()).toEqual(Object.keys(queues).sort());
    const main = Object.entries(queues).find(([id]) => id.startsWith('IngestQueue'))![1];
    const ingestDeadLetterQueue = Object.keys(queues).find((id) => id.startsWith('IngestDeadLetterQueue'))!;
    expect(main.Properties['RedrivePolicy']).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [ingestDeadLetterQueue, 'Arn'] }, maxReceiveCount: 5 });
    const ingest = Object.values(template.findResources('AWS::Lambda::Function')).find((fn) =>
      JSON.stringify(fn).includes('DIGEST_FUNCTION_NAME'),
    ) as { Properties: { Timeout: number } };
    expect(main.Properties['VisibilityTimeout']).toBeGreaterThanOrEqual(6 * ingest.Properties.Timeout);
  });

  it('runs all seven handlers on Node.js 22 arm64 and feeds ingest in batches with partial failures', () => {
    const functions = template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs22.x', Architectures: ['arm64'] } });
    expect(Object.keys(functions).length).toBe(7);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 5,
      MaximumBatchingWindowInSeconds: 20,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    // Only the public endpoint reserves concurrency (a cap on floods); the readers' state keeps overlapping digest runs apart, and the event source caps the senders.
    const reserving = Object.keys(template.findResources('AWS::Lambda::Function', { Properties: { ReservedConcurrentExecutions: Match.anyValue() } }));
    expect(reserving).toEqual([ids.publicEndpoint]);
  });

  describe('digest fan-out: planner -> DigestChunks -> DigestSender', () => {
    const bucketObjects = (prefix: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [ids.bucket, 'Arn'] }, `/${prefix}*`]] });
    const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
    const functionProperties = (id: string) => (template.toJSON()['Resources'][id] as { Properties: Record<string, unknown> }).Properties;
    const archiveUrl = () => ({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [ids.distribution, 'DomainName'] }, '/']] });

    it('plans in a 15-minute, 512 MB function that knows the chunk queue and the sender concurrency, and nothing of SES, the ledger or signing keys', () => {
      const planner = functionProperties(ids.planner);
      expect(planner).toMatchObject({ Timeout: 900, MemorySize: 512 });
      // An instant run waits for quiet (at most the cap), then plans within the same timeout: 5 minutes left at least;
      // and a run queued behind a running one still takes its marker before the marker is presumed lost.
      expect((planner['Timeout'] as number) * 1000 - INSTANT_RUN_MAX_WAIT_CAP_MS).toBeGreaterThanOrEqual(5 * 60_000);
      expect((planner['Timeout'] as number) * 1000).toBeLessThan(INSTANT_RUN_STALE_AFTER_MS);
      expect(planner['Environment']).toEqual({
        Variables: {
          NODE_OPTIONS: '--enable-source-maps',
          BUCKET_NAME: { Ref: ids.bucket },
          SUBSCRIBER_TABLE_NAME: { Ref: ids.subscribers },
          ARTICLE_INDEX_TABLE_NAME: { Ref: ids.articleIndex },
          DIGEST_CHUNK_QUEUE_URL: { Ref: ids.chunks },
          SENDER_CONCURRENCY: '6',
          OLD_ARTICLES: 'omit',
          ARCHIVE_BASE_URL: archiveUrl(),
          DELIVERY_HOUR: '7',
          DEFAULT_TIMEZONE: 'UTC',
          WEEKLY_DAY: 'MON',
        },
      });
    });

    it('sends from a 5-minute, 1 GB function with the account SES rate, the sender concurrency, the templates and the unsubscribe key', () => {
      const sender = functionProperties(ids.sender);
      expect(sender).toMatchObject({ Timeout: 300, MemorySize: 1024, Description: 'Renders and sends one chunk of subscriber digests through SES' });
      expect(sender['ReservedConcurrentExecutions']).toBeUndefined();
      expect(sender['Environment']).toEqual({
        Variables: {
          NODE_OPTIONS: '--enable-source-maps',
          BUCKET_NAME: { Ref: ids.bucket },
          DELIVERY_TABLE_NAME: { Ref: ids.ledger },
          SUBSCRIBER_TABLE_NAME: { Ref: ids.subscribers },
          SENDER_ADDRESS: 'News Digest <digest@news.example.org>',
          SEND_RATE_PER_SECOND: '14',
          SENDER_CONCURRENCY: '6',
          NEWSDROP_TEMPLATE_DIR: '/var/task/templates',
          UNSUBSCRIBE_BASE_URL: { 'Fn::GetAtt': [expect.stringMatching(/^UnsubscribeFunctionFunctionUrl/), 'FunctionUrl'] },
          UNSUBSCRIBE_SECRET_ARN: { Ref: ids.secret },
          DIGEST_CHUNK_QUEUE_URL: { Ref: ids.chunks },
          ARCHIVE_BASE_URL: archiveUrl(),
          STORY_UPDATES: 'omit',
          SES_CONFIGURATION_SET: 'newsdrop-events',
        },
      });
    });

    it('queues chunks encrypted, SSL only, visible again after 6 x the sender timeout, kept 4 days, then 14 days in FailedDigestChunks after 5 receives', () => {
      const queues = template.findResources('AWS::SQS::Queue') as Record<string, { Properties: Record<string, unknown> }>;
      expect(queues[ids.chunks]!.Properties).toEqual({
        SqsManagedSseEnabled: true,
        VisibilityTimeout: 6 * (functionProperties(ids.sender)['Timeout'] as number),
        MessageRetentionPeriod: 4 * 24 * 3600,
        RedrivePolicy: { deadLetterTargetArn: arn(ids.failedChunks), maxReceiveCount: 5 },
      });
      expect(queues[ids.failedChunks]!.Properties).toEqual({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
      for (const queue of [ids.chunks, ids.failedChunks]) {
        template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: queue }],
          PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
        });
      }
    });

    it('feeds the sender one chunk per invocation, at most senderConcurrency at once, with partial batch failures', () => {
      const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping', { Properties: { FunctionName: { Ref: ids.sender } } })) as { Properties: Record<string, unknown> }[];
      expect(mappings.map((mapping) => mapping.Properties)).toEqual([
        { EventSourceArn: arn(ids.chunks), FunctionName: { Ref: ids.sender }, BatchSize: 1, ScalingConfig: { MaximumConcurrency: 6 }, FunctionResponseTypes: ['ReportBatchItemFailures'] },
      ]);
    });

    it('grants the planner exactly: its run snapshot, the web archive\'s editions and feeds with their log, the active-readers index, the article index and marker, sending chunks (and its failed-runs destination)', () => {
      expect(roleStatements(template, ids.planner)).toEqual([
        // Lambda's on-failure destination for the planner's asynchronous invocations (asyncFailureQueue).
        { Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], Resource: arn(Object.keys(template.findResources('AWS::SQS::Queue')).find((id) => id.startsWith('DigestSenderFailedRuns'))!) },
        { Effect: 'Allow', Action: 's3:PutObject', Resource: bucketObjects('digest-runs/') },
        { Effect: 'Allow', Action: 's3:GetObject', Resource: bucketObjects('state/archive/') },
        { Effect: 'Allow', Action: 's3:ListBucket', Resource: arn(ids.bucket), Condition: { StringLike: { 's3:prefix': ['state/archive/*'] } } },
        {
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: [
            bucketObjects('state/archive/'),
            bucketObjects('archive/instant/'),
            bucketObjects('archive/daily/'),
            bucketObjects('archive/weekly/'),
            { 'Fn::Join': ['', [arn(ids.bucket), '/archive/index.html']] },
          ],
        },
        { Effect: 'Allow', Action: 'dynamodb:Query', Resource: { 'Fn::Join': ['', [arn(ids.subscribers), '/index/activeByCadence']] } },
        { Effect: 'Allow', Action: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:UpdateItem'], Resource: arn(ids.articleIndex) },
        { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: arn(ids.chunks) },
      ]);
    });

    it('grants the sender exactly: the snapshot and legacy reader state (read), its digests\' web versions (write), the ledger and delivery states, reader items (read), SES as one identity, the signing key, and the chunk queue', () => {
      const sesArn = (resource: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${resource}`]] });
      expect(roleStatements(template, ids.sender)).toEqual([
        { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: { Ref: ids.secret } },
        { Effect: 'Allow', Action: 's3:GetObject', Resource: [bucketObjects('digest-runs/'), bucketObjects('state/subscribers/')] },
        { Effect: 'Allow', Action: 's3:PutObject', Resource: bucketObjects('archive/digests/') },
        { Effect: 'Allow', Action: 's3:ListBucket', Resource: arn(ids.bucket), Condition: { StringLike: { 's3:prefix': ['state/subscribers/*'] } } },
        { Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem', 'dynamodb:BatchGetItem', 'dynamodb:UpdateItem'], Resource: arn(ids.ledger) },
        { Effect: 'Allow', Action: 'dynamodb:BatchGetItem', Resource: arn(ids.subscribers) },
        { Effect: 'Allow', Action: ['ses:SendEmail', 'ses:SendRawEmail'], Resource: [sesArn('identity/news.example.org'), sesArn('configuration-set/newsdrop-events')] },
        { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: arn(ids.chunks) },
        // The event source mapping's own grant.
        { Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueUrl', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Resource: arn(ids.chunks) },
      ]);
    });

    it('expires run snapshots under digest-runs/ after 14 days, as long as a chunk can wait in FailedDigestChunks', () => {
      const bucket = (template.toJSON()['Resources'][ids.bucket] as { Properties: { LifecycleConfiguration: { Rules: unknown[] } } }).Properties;
      expect(bucket.LifecycleConfiguration.Rules).toContainEqual({ Id: 'expire-digest-runs', Prefix: 'digest-runs/', ExpirationInDays: 14, Status: 'Enabled' });
      expect((template.toJSON()['Resources'][ids.failedChunks] as { Properties: { MessageRetentionPeriod: number } }).Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    });

    it('alarms on a chunk in FailedDigestChunks and on sender errors, and outputs the queue name', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.failedChunks, 'QueueName'] } }],
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmDescription: Match.stringLikeRegexp('DigestSender dead-letter queue'),
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: { Ref: ids.sender } }] });
      template.hasOutput('FailedDigestChunksQueueName', { Value: { 'Fn::GetAtt': [ids.failedChunks, 'QueueName'] } });
    });
  });

  it('lets only the sender function and the public endpoint (confirmation mails) send, and only as the configured SES identity', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => (policy as { Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } } }).Properties.PolicyDocument.Statement,
    );
    const ses = statements.filter((statement) => JSON.stringify(statement.Action).includes('ses:'));
    expect(ses).toHaveLength(2);
    expect(roleStatements(template, ids.sender)).toContainEqual(expect.objectContaining({ Action: ['ses:SendEmail', 'ses:SendRawEmail'] }));
    expect(roleStatements(template, ids.publicEndpoint)).toContainEqual(expect.objectContaining({ Action: ['ses:SendEmail', 'ses:SendRawEmail'] }));
    for (const statement of ses) {
      expect(statement.Action).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
      const resources = JSON.stringify(statement.Resource);
      expect(resources).toContain(':identity/news.example.org');
      expect(resources).toContain(':configuration-set/newsdrop-events');
      expect(resources).not.toMatch(/"\*"/);
    }
    expect(JSON.stringify(statements)).not.toMatch(/"s3:\*"|"Resource":"\*"/);
  });

  it('grants each function the objects its code reads and writes, and no more', () => {
    // Which role belongs to which function, by the environment only that function has.
    const functions = template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs22.x' } }) as Record<string, { Properties: { Role: { 'Fn::GetAtt': [string] }; Environment?: { Variables: Record<string, unknown> } } }>;
    const roleOf = (variables: string[]) =>
      Object.values(functions).find((fn) => {
        const names = Object.keys(fn.Properties.Environment?.Variables ?? {}).filter((name) => name !== 'NODE_OPTIONS');
        return fn.Properties.Environment !== undefined && names.sort().join() === [...variables].sort().join();
      })!.Properties.Role['Fn::GetAtt'][0];
    const grants = (role: string) => {
      const statements = Object.values(template.findResources('AWS::IAM::Policy'))
        .filter((policy) => JSON.stringify((policy as { Properties: { Roles: unknown } }).Properties.Roles).includes(role))
        .flatMap((policy) => (policy as { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown; Condition?: unknown }[] } } }).Properties.PolicyDocument.Statement)
        .filter((statement) => JSON.stringify(statement.Action).includes('s3:'));
      const objects = statements.flatMap((statement) => JSON.stringify(statement.Resource).match(/"\/[^"]+"/g) ?? []).map((key) => key.slice(2, -1));
      const listable = statements.flatMap((statement) => (statement.Condition as { StringLike?: { 's3:prefix': string[] } } | undefined)?.StringLike?.['s3:prefix'] ?? []);
      return { objects: [...new Set(objects)].sort(), listable: [...new Set(listable)].sort() };
    };

    // Ingest reads the drop and the operator's topics, writes articles, rejections and claims.
    expect(grants(roleOf(['BUCKET_NAME', 'DIGEST_FUNCTION_NAME', 'ARTICLE_INDEX_TABLE_NAME', 'MAX_ARTICLE_BYTES', 'TOPIC_CONFIDENCE_THRESHOLD']))).toEqual({
      objects: ['articles/*', 'config/topics.json', 'incoming/*', 'rejected/*', 'state/ingested/*'],
      listable: ['articles/*', 'config/topics.json', 'incoming/*', 'state/ingested/*'],
    });
    // The digest planner writes its run's snapshot and the web archive's editions, feeds and indexes with their log (its
    // articles come from the index, its readers from the subscriber table); never a digest's web version.
    const roleOfId = (id: string) => functions[id]!.Properties.Role['Fn::GetAtt'][0];
    expect(grants(roleOfId(ids.planner))).toEqual({
      objects: ['archive/daily/*', 'archive/index.html', 'archive/instant/*', 'archive/weekly/*', 'digest-runs/*', 'state/archive/*'],
      listable: ['state/archive/*'],
    });
    // The senders read the snapshot and, once per reader after the upgrade, the reader state an earlier version kept in the
    // bucket; they write each digest's web version and nothing else of the archive.
    expect(grants(roleOfId(ids.sender))).toEqual({ objects: ['archive/digests/*', 'digest-runs/*', 'state/subscribers/*'], listable: ['state/subscribers/*'] });
    const bucketWrites = (role: string) =>
      Object.values(template.findResources('AWS::IAM::Policy'))
        .filter((policy) => JSON.stringify((policy as { Properties: { Roles: unknown } }).Properties.Roles).includes(role))
        .flatMap((policy) => (policy as { Properties: { PolicyDocument: { Statement: { Action: string | string[] }[] } } }).Properties.PolicyDocument.Statement)
        .flatMap((statement) => [statement.Action].flat())
        .filter((action) => action.startsWith('s3:') && !['s3:GetObject', 's3:ListBucket'].includes(action));
    expect(bucketWrites(roleOfId(ids.planner))).toEqual(['s3:PutObject', 's3:PutObject']);
    expect(bucketWrites(roleOfId(ids.sender))).toEqual(['s3:PutObject']);
    // The public endpoint records the links already used (readers' choices are on their table item) and reads the operator's
    // topics for the signup form; SES feedback has no bucket access.
    expect(grants(roleOfId(ids.publicEndpoint))).toEqual({ objects: ['config/topics.json', 'state/used-links/*'], listable: ['state/used-links/*'] });
    expect(grants(roleOf(['SUBSCRIBER_TABLE_NAME']))).toEqual({ objects: [], listable: [] });
    // The import and the deploy-time migration share an environment: told apart by their logical ids.
    const roleOfFunction = (idPrefix: string) => Object.entries(functions).find(([id]) => id.startsWith(idPrefix))![1].Properties.Role['Fn::GetAtt'][0];
    const legacyMarkers = ['state/stopped-topics/*', 'state/unsubscribed/*'];
    // The import reads the uploaded list and the operator's topics it is checked against, writes its error record when it is rejected, and reads the earlier version's markers first.
    // 512 MB: the list streams through (bench:scale measures a million-row import under it).
    expect(template.findResources('AWS::Lambda::Function', { Properties: { Description: 'Imports config/subscribers.json into the subscriber table', MemorySize: 512 } })).not.toEqual({});
    expect(grants(roleOfFunction('SubscriberImportImporter'))).toEqual({
      objects: ['config/subscribers.json', 'config/topics.json', 'rejected/config/subscribers.json.error.json', ...legacyMarkers].sort(),
      listable: ['config/subscribers.json', 'config/topics.json', ...legacyMarkers].sort(),
    });
    // The migration reads the markers, the bucket's list (and the operator's topics), the stored articles it indexes, and writes nothing to the bucket.
    expect(grants(roleOfFunction('SubscriberMigrationMigrator'))).toEqual({
      objects: ['articles/*', 'config/subscribers.json', 'config/topics.json', ...legacyMarkers].sort(),
      listable: ['articles/*', 'config/subscribers.json', 'config/topics.json', ...legacyMarkers].sort(),
    });
    const s3Writes = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy).includes(roleOfFunction('SubscriberMigrationMigrator')))
      .flatMap((policy) => (policy as { Properties: { PolicyDocument: { Statement: { Action: string | string[] }[] } } }).Properties.PolicyDocument.Statement)
      .flatMap((statement) => [statement.Action].flat())
      .filter((action) => action.startsWith('s3:') && !['s3:GetObject', 's3:ListBucket'].includes(action));
    expect(s3Writes).toEqual([]);
  });

  it('keeps the delivery ledger in an on-demand, encrypted table with point-in-time recovery and TTL, deleted with the stack', () => {
    const tables = template.findResources('AWS::DynamoDB::Table');
    expect(Object.keys(tables)).toHaveLength(3);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
      Properties: {
        KeySchema: [
          { AttributeName: 'subscriberKey', KeyType: 'HASH' },
          { AttributeName: 'digestId', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'subscriberKey', AttributeType: 'S' },
          { AttributeName: 'digestId', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      },
    });
  });

  it('keeps the article index and instant-run marker in one on-demand, encrypted table with point-in-time recovery and TTL, deleted with the stack', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
      Properties: {
        KeySchema: [
          { AttributeName: 'day', KeyType: 'HASH' },
          { AttributeName: 'entry', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'day', AttributeType: 'S' },
          { AttributeName: 'entry', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      },
    });
  });

  it('keeps the subscribers in an on-demand, encrypted table with point-in-time recovery and a sparse index by cadence, retained on stack delete', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        KeySchema: [{ AttributeName: 'addressHash', KeyType: 'HASH' }],
        AttributeDefinitions: [
          { AttributeName: 'addressHash', AttributeType: 'S' },
          { AttributeName: 'activeCadence', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'activeByCadence',
            KeySchema: [
              { AttributeName: 'activeCadence', KeyType: 'HASH' },
              { AttributeName: 'addressHash', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
      },
    });
  });

  it('grants each function exactly the DynamoDB actions its code uses, on its own table or index, and names the tables in their environments', () => {
    const tables = template.findResources('AWS::DynamoDB::Table');
    const tableId = (key: string) => Object.keys(tables).find((id) => JSON.stringify(tables[id]).includes(`"AttributeName":"${key}","KeyType":"HASH"`))!;
    const ledger = tableId('subscriberKey');
    const subscribers = tableId('addressHash');
    const articleIndex = tableId('day');
    type Statement = { Action: string | string[]; Resource: unknown };
    const functions = template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs22.x' } }) as Record<string, { Properties: { Role: { 'Fn::GetAtt': [string] }; Environment?: { Variables: Record<string, unknown> } } }>;
    /** A function by the names in its environment (all of them: each function's set is its own). */
    const functionWith = (variables: string[]) =>
      Object.values(functions).find((fn) => Object.keys(fn.Properties.Environment?.Variables ?? {}).filter((name) => name !== 'NODE_OPTIONS').sort().join() === [...variables].sort().join())!;
    const planner = functions[ids.planner]!;
    const sender = functions[ids.sender]!;
    const dynamoGrants = (fn: (typeof functions)[string]) => {
      const role = fn.Properties.Role['Fn::GetAtt'][0];
      return Object.values(template.findResources('AWS::IAM::Policy'))
        .filter((policy) => JSON.stringify((policy as { Properties: { Roles: unknown } }).Properties.Roles).includes(role))
        .flatMap((policy) => (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement)
        .filter((statement) => JSON.stringify(statement.Action).includes('dynamodb:'))
        .map(({ Action, Resource }) => ({ Action, Resource }));
    };
    const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
    const updateItemOnSubscribers = [{ Action: 'dynamodb:UpdateItem', Resource: arn(subscribers) }];

    // Planner: Query on the active-readers index only; the article index's Query and the marker's read and clear (UpdateItem). No ledger.
    expect(dynamoGrants(planner)).toEqual([
      { Action: 'dynamodb:Query', Resource: { 'Fn::Join': ['', [arn(subscribers), '/index/activeByCadence']] } },
      { Action: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:UpdateItem'], Resource: arn(articleIndex) },
    ]);
    expect(planner.Properties.Environment!.Variables).toMatchObject({ SUBSCRIBER_TABLE_NAME: { Ref: subscribers }, ARTICLE_INDEX_TABLE_NAME: { Ref: articleIndex } });
    expect(planner.Properties.Environment!.Variables['DELIVERY_TABLE_NAME']).toBeUndefined();
    // Sender: the ledger's three item actions and the delivery states' batch read and update, in the ledger's table;
    // the chunk's reader items read in batches, never written. No article index.
    expect(dynamoGrants(sender)).toEqual([
      { Action: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem', 'dynamodb:BatchGetItem', 'dynamodb:UpdateItem'], Resource: arn(ledger) },
      { Action: 'dynamodb:BatchGetItem', Resource: arn(subscribers) },
    ]);
    expect(sender.Properties.Environment!.Variables).toMatchObject({ DELIVERY_TABLE_NAME: { Ref: ledger }, SUBSCRIBER_TABLE_NAME: { Ref: subscribers } });
    expect(sender.Properties.Environment!.Variables['ARTICLE_INDEX_TABLE_NAME']).toBeUndefined();
    // The public endpoint: one UpdateItem per unsubscribe or signup write, and a signup's read of the address's standing;
    // SES feedback: one UpdateItem per reader; the import: its conditional updates, and the Scan and deletes of `replace`.
    expect(dynamoGrants(functions[ids.publicEndpoint]!)).toEqual([{ Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], Resource: arn(subscribers) }]);
    expect(dynamoGrants(functionWith(['SUBSCRIBER_TABLE_NAME']))).toEqual(updateItemOnSubscribers);
    const functionIdStartingWith = (idPrefix: string) => Object.entries(functions).find(([id]) => id.startsWith(idPrefix))![1];
    expect(dynamoGrants(functionIdStartingWith('SubscriberImportImporter'))).toEqual([
      { Action: ['dynamodb:UpdateItem', 'dynamodb:Scan', 'dynamodb:DeleteItem'], Resource: arn(subscribers) },
      ...updateItemOnSubscribers,
    ]);
    // The deploy-time migration: marker statuses and the import's updates, the Scan that asks whether the table holds a list; never a delete.
    // And the article index backfill: has = GetItem, put = UpdateItem (conditional on the entry's revision), on the index only.
    const migrator = functionIdStartingWith('SubscriberMigrationMigrator');
    expect(dynamoGrants(migrator)).toEqual([
      ...updateItemOnSubscribers,
      { Action: 'dynamodb:Scan', Resource: arn(subscribers) },
      { Action: ['dynamodb:UpdateItem', 'dynamodb:GetItem'], Resource: arn(articleIndex) },
    ]);
    expect(migrator.Properties.Environment!.Variables).toMatchObject({ SUBSCRIBER_TABLE_NAME: { Ref: subscribers }, ARTICLE_INDEX_TABLE_NAME: { Ref: articleIndex } });
    // Ingest, on the article index table only: index entries (UpdateItem), articles' revisions and content claims
    // (conditional PutItem, GetItem, UpdateItem) and the instant-run marker (request, note a request, withdraw: UpdateItem). Never a delete.
    const ingestFunction = functionWith(['BUCKET_NAME', 'DIGEST_FUNCTION_NAME', 'ARTICLE_INDEX_TABLE_NAME', 'MAX_ARTICLE_BYTES', 'TOPIC_CONFIDENCE_THRESHOLD']);
    expect(dynamoGrants(ingestFunction)).toEqual([{ Action: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem'], Resource: arn(articleIndex) }]);
    expect(ingestFunction.Properties.Environment!.Variables).toMatchObject({ ARTICLE_INDEX_TABLE_NAME: { Ref: articleIndex } });
    template.hasOutput('DeliveryTableName', { Value: { Ref: ledger } });
    template.hasOutput('SubscriberTableName', { Value: { Ref: subscribers } });
    template.hasOutput('ArticleIndexTableName', { Value: { Ref: articleIndex } });
  });

  it('runs daily and weekly digests every hour for local-morning delivery, each event carrying its scheduled time', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule', { Properties: { ScheduleExpression: 'cron(0 * * * ? *)' } }));
    const inputs = rules.map((rule) => (rule as { Properties: { Targets: { InputTransformer: { InputPathsMap: Record<string, string>; InputTemplate: string } }[] } }).Properties.Targets[0]!.InputTransformer);
    expect(inputs.map((input) => input.InputTemplate).sort()).toEqual([
      '{"cadence":"daily","delivery":"local-morning","at":<time>}',
      '{"cadence":"weekly","delivery":"local-morning","at":<time>}',
    ]);
    for (const input of inputs) expect(input.InputPathsMap).toEqual({ time: '$.time' });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ DELIVERY_HOUR: '7', DEFAULT_TIMEZONE: 'UTC', WEEKLY_DAY: 'MON' }) },
    });
  });

  it('keeps a fixed schedule the operator set: that cadence to everyone at once, the other local-morning', () => {
    const fixed = Template.fromStack(newsdropApp({ dailySchedule: 'cron(0 6 * * ? *)', deliveryHour: 8, defaultTimezone: 'Europe/Berlin' }).stack);
    fixed.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 6 * * ? *)', Targets: [Match.objectLike({ Input: JSON.stringify({ cadence: 'daily' }) })] });
    fixed.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 * * * ? *)',
      Targets: [Match.objectLike({ InputTransformer: Match.objectLike({ InputTemplate: '{"cadence":"weekly","delivery":"local-morning","at":<time>}' }) })],
    });
    fixed.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ DELIVERY_HOUR: '8', DEFAULT_TIMEZONE: 'Europe/Berlin' }) } });
  });

  it('serves one-click unsubscribe from a public Function URL that trusts only links signed with a generated secret', () => {
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE' });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'key1', SecretStringTemplate: '{"current":"1"}' }),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ UNSUBSCRIBE_BASE_URL: Match.anyValue(), UNSUBSCRIBE_SECRET_ARN: Match.anyValue(), SENDER_ADDRESS: Match.anyValue() }) },
    });
  });

  it('lets the public endpoint (unsubscribe and signup) send confirmation mails as the one identity, read and write reader items, and read the operator topics; with reserved concurrency', () => {
    const sesArn = (resource: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${resource}`]] });
    const objects = (key: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [ids.bucket, 'Arn'] }, `/${key}`]] });
    expect(roleStatements(template, ids.publicEndpoint)).toEqual([
      { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: { Ref: ids.secret } },
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: objects('state/used-links/*') },
      { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], Resource: { 'Fn::GetAtt': [ids.subscribers, 'Arn'] } },
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: { 'Fn::GetAtt': [ids.bucket, 'Arn'] }, Condition: { StringLike: { 's3:prefix': ['state/used-links/*'] } } },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: objects('config/topics.json') },
      { Effect: 'Allow', Action: ['ses:SendEmail', 'ses:SendRawEmail'], Resource: [sesArn('identity/news.example.org'), sesArn('configuration-set/newsdrop-events')] },
    ]);
    const fn = template.toJSON()['Resources'][ids.publicEndpoint] as { Properties: { ReservedConcurrentExecutions?: number; Environment: { Variables: Record<string, unknown> } } };
    expect(fn.Properties.ReservedConcurrentExecutions).toBe(10);
    expect(fn.Properties.Environment.Variables).toMatchObject({ SENDER_ADDRESS: 'News Digest <digest@news.example.org>', SES_CONFIGURATION_SET: 'newsdrop-events' });
  });

  it('routes SES bounces and complaints through an encrypted topic to the suppression handler', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({ Enabled: true, MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']), SnsDestination: Match.anyValue() }),
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const subscriptions = Object.values(template.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'lambda' } }));
    expect(subscriptions).toHaveLength(1);
  });

  it('keeps a digest run that failed every attempt: on-failure destination and the schedules\' dead-letter queue', () => {
    const failedRuns = Object.keys(template.findResources('AWS::SQS::Queue')).find((id) => id.includes('FailedRuns'))!;
    const digest = Object.keys(template.findResources('AWS::Lambda::Function')).find((id) => id.startsWith('DigestSenderDigestFunction'))!;
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: digest },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [failedRuns, 'Arn'] } } },
    });
    const rules = Object.values(template.findResources('AWS::Events::Rule')) as { Properties: { Targets: { DeadLetterConfig?: unknown }[] } }[];
    expect(rules).toHaveLength(2);
    for (const rule of rules) expect(rule.Properties.Targets[0]!.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [failedRuns, 'Arn'] } });
    const alarmed = (Object.values(template.findResources('AWS::CloudWatch::Alarm')) as { Properties: Record<string, unknown> }[]).filter((alarm) =>
      JSON.stringify(alarm.Properties['Dimensions'] ?? null).includes(failedRuns),
    );
    expect(alarmed).toHaveLength(1);
    template.hasOutput('FailedDigestRunsQueueName', { Value: { 'Fn::GetAtt': [failedRuns, 'QueueName'] } });
  });

  it('alarms on the DLQ and on errors of all seven functions, mailing the operator through the alarm topic', () => {
    const functions = Object.keys(template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs22.x' } }));
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as { Properties: Record<string, unknown> }[];
    const erroring = alarms
      .filter((alarm) => alarm.Properties['MetricName'] === 'Errors')
      .map((alarm) => (alarm.Properties['Dimensions'] as { Value: { Ref: string } }[])[0]!.Value.Ref);
    expect(erroring.sort()).toEqual(functions.sort());
    const deadLetterQueue = Object.keys(template.findResources('AWS::SQS::Queue')).find((id) => id.includes('DeadLetter'));
    expect(alarms.some((alarm) => JSON.stringify(alarm.Properties['Dimensions']).includes(deadLetterQueue!))).toBe(true);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@news.example.org' });
    template.hasOutput('AlarmTopicArn', { Value: { Ref: Match.stringLikeRegexp('^OperatorAlarmsTopic') } });
  });

  it('runs the subscriber migration on deploy after the tables and the import exist, before the digest planner and senders, through a provider that may only invoke the migrator', () => {
    const [migrationId, migration] = Object.entries(template.findResources('Custom::SubscriberMigration'))[0]! as [string, { DependsOn: string[]; Properties: Record<string, unknown> }];
    const functions = template.findResources('AWS::Lambda::Function');
    const idStartingWith = (resources: Record<string, unknown>, prefix: string) => Object.keys(resources).find((id) => id.startsWith(prefix))!;
    const migrator = idStartingWith(functions, 'SubscriberMigrationMigrator');
    const importer = idStartingWith(functions, 'SubscriberImportImporter');
    const subscriberTable = idStartingWith(template.findResources('AWS::DynamoDB::Table'), 'SubscribersTable');
    const articleIndexTable = idStartingWith(template.findResources('AWS::DynamoDB::Table'), 'ArticleIndex');
    const bucket = idStartingWith(template.findResources('AWS::S3::Bucket'), 'ArticlesBucket');
    const notifications = idStartingWith(template.findResources('Custom::S3BucketNotifications'), 'ArticlesBucketNotifications');

    // Re-runs whenever the migrator's code, the bucket or the table changes; the handler checks Action.
    expect(migration.Properties).toMatchObject({ Action: 'migrate-legacy-subscribers', BucketName: { Ref: bucket }, TableName: { Ref: subscriberTable }, ServiceTimeout: '1200' });
    expect(migration.Properties['MigratorCode']).toMatch(/^[0-9a-f]{64}\.zip$/);
    // The article index too: the migration writes the entries recent articles lack.
    expect(migration.DependsOn).toEqual(expect.arrayContaining([subscriberTable, articleIndexTable, bucket, importer, notifications]));
    // Both halves of the digest read the subscriber table: neither is updated before the migration has filled it.
    for (const id of [ids.planner, ids.sender]) expect((functions[id] as { DependsOn: string[] }).DependsOn).toContain(migrationId);
    const scheduleRules = Object.values(template.findResources('AWS::Events::Rule')) as { DependsOn?: string[] }[];
    for (const rule of scheduleRules) expect(rule.DependsOn ?? []).toContain(migrationId);

    // The provider's function: its role holds no managed policy and may invoke only the migrator (and its versions).
    const providerFunction = Object.values(functions).find((fn) => JSON.stringify(fn).includes('framework.onEvent')) as { Properties: { Role: { 'Fn::GetAtt': [string] }; Timeout: number } };
    expect(migration.Properties['ServiceToken']).toEqual({ 'Fn::GetAtt': [idStartingWith(functions, 'SubscriberMigrationProviderframeworkonEvent'), 'Arn'] });
    const providerRole = providerFunction.Properties.Role['Fn::GetAtt'][0];
    expect((template.findResources('AWS::IAM::Role')[providerRole] as { Properties: Record<string, unknown> }).Properties['ManagedPolicyArns']).toBeUndefined();
    const providerStatements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify((policy as { Properties: { Roles: unknown } }).Properties.Roles).includes(providerRole))
      .flatMap((policy) => (policy as { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } }).Properties.PolicyDocument.Statement)
      .filter((statement) => JSON.stringify(statement.Action).includes('lambda:'));
    const migratorArn = { 'Fn::GetAtt': [migrator, 'Arn'] };
    expect(providerStatements).toEqual([
      { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: [migratorArn, { 'Fn::Join': ['', [migratorArn, ':*']] }] },
      { Action: 'lambda:GetFunction', Effect: 'Allow', Resource: migratorArn },
    ]);
    // The migrator answers before the framework's 15 minutes run out.
    expect((functions[migrator] as { Properties: { Timeout: number } }).Properties.Timeout).toBeLessThan(providerFunction.Properties.Timeout);
  });

  it('imports each upload of config/subscribers.json with its own function, retried twice into an alarmed queue', () => {
    const importer = Object.keys(template.findResources('AWS::Lambda::Function')).find((id) => id.startsWith('SubscriberImportImporter'))!;
    const failedImports = Object.keys(template.findResources('AWS::SQS::Queue')).find((id) => id.includes('FailedImports'))!;
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: Match.objectLike({
        LambdaFunctionConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'suffix', Value: 'config/subscribers.json' }, { Name: 'prefix', Value: 'config/subscribers.json' }] } },
            LambdaFunctionArn: { 'Fn::GetAtt': [importer, 'Arn'] },
          },
        ],
      }),
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: importer },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [failedImports, 'Arn'] } } },
    });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as { Properties: Record<string, unknown> }[];
    expect(alarms.some((alarm) => JSON.stringify(alarm.Properties['Dimensions']).includes(failedImports))).toBe(true);
  });

  describe('web archive: CloudFront -> archive/ of the bucket', () => {
    const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
    const distributionConfig = () =>
      (template.toJSON()['Resources'][ids.distribution] as { Properties: { DistributionConfig: Record<string, unknown> } }).Properties.DistributionConfig;

    it('serves only archive/ of the bucket, read with origin access control, over HTTPS, GET and HEAD, cached at the edge and logged', () => {
      expect(Object.keys(template.findResources('AWS::CloudFront::Distribution'))).toEqual([ids.distribution]);
      const config = distributionConfig();
      expect(config['Origins']).toEqual([
        {
          DomainName: { 'Fn::GetAtt': [ids.bucket, 'RegionalDomainName'] },
          Id: expect.any(String),
          OriginPath: '/archive',
          OriginAccessControlId: { 'Fn::GetAtt': [ids.originAccessControl, 'Id'] },
          // No legacy origin access identity: the bucket trusts the distribution, not an identity.
          S3OriginConfig: { OriginAccessIdentity: '' },
        },
      ]);
      expect(config).toMatchObject({
        Enabled: true,
        DefaultRootObject: 'index.html',
        PriceClass: 'PriceClass_100',
        HttpVersion: 'http2and3',
        Logging: { Bucket: { 'Fn::GetAtt': [ids.accessLogs, 'RegionalDomainName'] }, Prefix: 'cloudfront-archive/', IncludeCookies: false },
        DefaultCacheBehavior: {
          ViewerProtocolPolicy: 'redirect-to-https',
          AllowedMethods: ['GET', 'HEAD'],
          CachedMethods: ['GET', 'HEAD'],
          // The managed CachingOptimized policy: it honours each object's Cache-Control.
          CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
          Compress: true,
        },
      });
      expect(config).not.toHaveProperty('CacheBehaviors');
      template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
        OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' }),
      });
    });

    it('lets that distribution alone read, and only archive/*; the bucket stays closed to the public', () => {
      type BucketStatement = Statement & { Principal?: unknown; Sid?: string };
      const policies = template.findResources('AWS::S3::BucketPolicy') as Record<string, { Properties: { Bucket: unknown; PolicyDocument: { Statement: BucketStatement[] } } }>;
      const statements = Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
      const allows = statements.filter((statement) => statement.Effect === 'Allow');
      const articleBucketPolicy = Object.values(policies).find((policy) => JSON.stringify(policy.Properties.Bucket) === JSON.stringify({ Ref: ids.bucket }))!;
      const cloudFrontReads = articleBucketPolicy.Properties.PolicyDocument.Statement.filter((statement) => statement.Effect === 'Allow');
      expect(cloudFrontReads).toEqual([
        {
          Sid: 'CloudFrontReadsTheWebArchiveOnly',
          Effect: 'Allow',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Action: 's3:GetObject',
          Resource: { 'Fn::Join': ['', [arn(ids.bucket), '/archive/*']] },
          Condition: {
            StringEquals: {
              'AWS:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/', { Ref: ids.distribution }]] },
            },
          },
        },
      ]);
      // Nothing is granted to everyone, in any bucket policy.
      expect(allows.filter((statement) => JSON.stringify(statement.Principal).includes('"*"'))).toEqual([]);
      const bucket = (template.toJSON()['Resources'][ids.bucket] as { Properties: Record<string, unknown> }).Properties;
      expect(bucket['PublicAccessBlockConfiguration']).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    });

    it('sends security headers that let the pages load nothing from anywhere', () => {
      const behaviour = distributionConfig()['DefaultCacheBehavior'] as { ResponseHeadersPolicyId: { Ref: string } };
      const policy = template.toJSON()['Resources'][behaviour.ResponseHeadersPolicyId.Ref] as { Type: string; Properties: { ResponseHeadersPolicyConfig: { SecurityHeadersConfig: unknown } } };
      expect(policy.Type).toBe('AWS::CloudFront::ResponseHeadersPolicy');
      expect(policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig).toEqual({
        ContentSecurityPolicy: { ContentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'", Override: true },
        ContentTypeOptions: { Override: true },
        FrameOptions: { FrameOption: 'DENY', Override: true },
        ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
        StrictTransportSecurity: { AccessControlMaxAgeSec: 365 * 24 * 3600, IncludeSubdomains: true, Override: true },
      });
    });

    it('keeps each mailed digest\'s web version a year, and the editions, feeds and indexes for good', () => {
      const rules = (template.toJSON()['Resources'][ids.bucket] as { Properties: { LifecycleConfiguration: { Rules: { Prefix?: string }[] } } }).Properties.LifecycleConfiguration.Rules;
      expect(rules).toContainEqual({ Id: 'expire-digest-web-versions', Prefix: 'archive/digests/', ExpirationInDays: 365, Status: 'Enabled' });
      expect(rules.filter((rule) => rule.Prefix?.startsWith('archive/'))).toHaveLength(1);
    });

    it('outputs the archive\'s URL, the base the planner and the senders link from', () => {
      template.hasOutput('ArchiveUrl', { Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [ids.distribution, 'DomainName'] }, '/']] } });
    });
  });

  it('outputs what an operator needs and no secrets', () => {
    const outputs = template.findOutputs('*');
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining([
        'BucketName',
        'IncomingPrefix',
        'ExampleUpload',
        'SubscribersConfig',
        'QueueName',
        'DeadLetterQueueName',
        'FailedDigestRunsQueueName',
        'FailedDigestChunksQueueName',
        'DeliveryTableName',
        'SubscriberTableName',
        'DigestFunctionName',
        'UnsubscribeUrl',
        'ArchiveUrl',
        'AlarmTopicArn',
      ]),
    );
    expect(JSON.stringify(outputs)).not.toMatch(/SecretString|key1/);
    expect(JSON.stringify(outputs)).toContain('aws s3 cp article.txt s3://');
  });
});

describe('NewsdropStack with senderConcurrency 1', () => {
  it('reserves one sender instead of capping the event source (whose maximumConcurrency must be at least 2)', () => {
    // Prepare / Act
    const { stack } = newsdropApp({ senderConcurrency: 1 });
    const template = Template.fromStack(stack);
    const sender = logicalId(stack, stack.digestSender.sender.function);
    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 1,
      Environment: { Variables: Match.objectLike({ SENDER_ADDRESS: Match.anyValue(), SENDER_CONCURRENCY: '1' }) },
    });
    expect((template.toJSON()['Resources'][sender] as { Properties: Record<string, unknown> }).Properties['ReservedConcurrentExecutions']).toBe(1);
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping', { Properties: { FunctionName: { Ref: sender } } })) as { Properties: Record<string, unknown> }[];
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.Properties).toMatchObject({ BatchSize: 1, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    expect(mappings[0]!.Properties['ScalingConfig']).toBeUndefined();
    // Only the sender and the public endpoint reserve anything.
    const endpoint = logicalId(stack, stack.unsubscribeEndpoint.unsubscribe.function);
    expect(Object.keys(template.findResources('AWS::Lambda::Function', { Properties: { ReservedConcurrentExecutions: Match.anyValue() } })).sort()).toEqual([sender, endpoint].sort());
  });
});
