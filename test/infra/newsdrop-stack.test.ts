import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { newsdropApp } from './stack-fixture.js';

describe('NewsdropStack resources', () => {
  let template: Template;

  beforeAll(() => {
    // Prepare: one synthesis (with esbuild bundling) shared by the assertions below.
    const { stack } = newsdropApp({ sesConfigurationSet: 'newsdrop-events', batchSize: 5, batchingWindowSeconds: 20, alarmEmail: 'ops@news.example.org' });
    template = Template.fromStack(stack);
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

  it('encrypts all four queues and redrives to the DLQ after 5 receives, with visibility >= 6 x the ingest timeout', () => {
    const queues = Object.values(template.findResources('AWS::SQS::Queue')) as { Properties: Record<string, unknown> }[];
    expect(queues).toHaveLength(4);
    for (const queue of queues) expect(queue.Properties['SqsManagedSseEnabled']).toBe(true);
    const main = queues.find((queue) => queue.Properties['RedrivePolicy'])!;
    expect((main.Properties['RedrivePolicy'] as { maxReceiveCount: number }).maxReceiveCount).toBe(5);
    const ingest = Object.values(template.findResources('AWS::Lambda::Function')).find((fn) =>
      JSON.stringify(fn).includes('DIGEST_FUNCTION_NAME'),
    ) as { Properties: { Timeout: number } };
    expect(main.Properties['VisibilityTimeout']).toBeGreaterThanOrEqual(6 * ingest.Properties.Timeout);
  });

  it('runs all six handlers on Node.js 22 arm64 and feeds ingest in batches with partial failures', () => {
    const functions = template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs22.x', Architectures: ['arm64'] } });
    expect(Object.keys(functions).length).toBe(6);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 5,
      MaximumBatchingWindowInSeconds: 20,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 1,
      Environment: { Variables: Match.objectLike({ SENDER_ADDRESS: 'News Digest <digest@news.example.org>', SES_CONFIGURATION_SET: 'newsdrop-events', NEWSDROP_TEMPLATE_DIR: '/var/task/templates' }) },
    });
  });

  it('lets the digest function send only as the configured SES identity', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => (policy as { Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } } }).Properties.PolicyDocument.Statement,
    );
    const ses = statements.filter((statement) => JSON.stringify(statement.Action).includes('ses:'));
    expect(ses).toHaveLength(1);
    expect(ses[0]!.Action).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
    const resources = JSON.stringify(ses[0]!.Resource);
    expect(resources).toContain(':identity/news.example.org');
    expect(resources).toContain(':configuration-set/newsdrop-events');
    expect(resources).not.toMatch(/"\*"/);
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
    // Digest keeps reader state only (its articles come from the index; its readers and its ledger are in DynamoDB).
    const digestRole = Object.values(functions).find((fn) => 'SENDER_ADDRESS' in (fn.Properties.Environment?.Variables ?? {}))!.Properties.Role['Fn::GetAtt'][0];
    expect(grants(digestRole)).toEqual({ objects: ['state/*'], listable: ['state/*'] });
    // Unsubscribe records the links already used (readers' choices are on their table item); SES feedback has no bucket access.
    expect(grants(roleOf(['BUCKET_NAME', 'SUBSCRIBER_TABLE_NAME', 'UNSUBSCRIBE_SECRET_ARN']))).toEqual({ objects: ['state/used-links/*'], listable: ['state/used-links/*'] });
    expect(grants(roleOf(['SUBSCRIBER_TABLE_NAME']))).toEqual({ objects: [], listable: [] });
    // The import and the deploy-time migration share an environment: told apart by their logical ids.
    const roleOfFunction = (idPrefix: string) => Object.entries(functions).find(([id]) => id.startsWith(idPrefix))![1].Properties.Role['Fn::GetAtt'][0];
    const legacyMarkers = ['state/stopped-topics/*', 'state/unsubscribed/*'];
    // The import reads the uploaded list, writes its error record when it is rejected, and reads the earlier version's markers first.
    expect(grants(roleOfFunction('SubscriberImportImporter'))).toEqual({
      objects: ['config/subscribers.json', 'rejected/config/subscribers.json.error.json', ...legacyMarkers].sort(),
      listable: ['config/subscribers.json', ...legacyMarkers].sort(),
    });
    // The migration reads the markers, the bucket's list and the stored articles it indexes, and writes nothing to the bucket.
    expect(grants(roleOfFunction('SubscriberMigrationMigrator'))).toEqual({
      objects: ['articles/*', 'config/subscribers.json', ...legacyMarkers].sort(),
      listable: ['articles/*', 'config/subscribers.json', ...legacyMarkers].sort(),
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
    const digestFunction = Object.values(functions).find((fn) => 'SENDER_ADDRESS' in (fn.Properties.Environment?.Variables ?? {}))!;
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

    // Digest: the ledger's three item actions; Query on the active-readers index only; the article index's Query and the marker's read and clear.
    expect(dynamoGrants(digestFunction)).toEqual([
      { Action: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem'], Resource: arn(ledger) },
      { Action: 'dynamodb:Query', Resource: { 'Fn::Join': ['', [arn(subscribers), '/index/activeByCadence']] } },
      { Action: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:DeleteItem'], Resource: arn(articleIndex) },
    ]);
    expect(digestFunction.Properties.Environment!.Variables).toMatchObject({
      DELIVERY_TABLE_NAME: { Ref: ledger },
      SUBSCRIBER_TABLE_NAME: { Ref: subscribers },
      ARTICLE_INDEX_TABLE_NAME: { Ref: articleIndex },
    });
    // Unsubscribe and SES feedback: one UpdateItem per reader; the import: its conditional updates, and the Scan and deletes of `replace`.
    expect(dynamoGrants(functionWith(['BUCKET_NAME', 'SUBSCRIBER_TABLE_NAME', 'UNSUBSCRIBE_SECRET_ARN']))).toEqual(updateItemOnSubscribers);
    expect(dynamoGrants(functionWith(['SUBSCRIBER_TABLE_NAME']))).toEqual(updateItemOnSubscribers);
    const functionIdStartingWith = (idPrefix: string) => Object.entries(functions).find(([id]) => id.startsWith(idPrefix))![1];
    expect(dynamoGrants(functionIdStartingWith('SubscriberImportImporter'))).toEqual([
      { Action: ['dynamodb:UpdateItem', 'dynamodb:Scan', 'dynamodb:DeleteItem'], Resource: arn(subscribers) },
      ...updateItemOnSubscribers,
    ]);
    // The deploy-time migration: marker statuses and the import's updates, the Scan that asks whether the table holds a list; never a delete.
    // And the article index backfill: has = GetItem, put = PutItem, on the index only.
    const migrator = functionIdStartingWith('SubscriberMigrationMigrator');
    expect(dynamoGrants(migrator)).toEqual([
      ...updateItemOnSubscribers,
      { Action: 'dynamodb:Scan', Resource: arn(subscribers) },
      { Action: ['dynamodb:PutItem', 'dynamodb:GetItem'], Resource: arn(articleIndex) },
    ]);
    expect(migrator.Properties.Environment!.Variables).toMatchObject({ SUBSCRIBER_TABLE_NAME: { Ref: subscribers }, ARTICLE_INDEX_TABLE_NAME: { Ref: articleIndex } });
    // Ingest: index entries and the instant-run marker (put, read, note a request, withdraw), on the article index only.
    const ingestFunction = functionWith(['BUCKET_NAME', 'DIGEST_FUNCTION_NAME', 'ARTICLE_INDEX_TABLE_NAME', 'MAX_ARTICLE_BYTES', 'TOPIC_CONFIDENCE_THRESHOLD']);
    expect(dynamoGrants(ingestFunction)).toEqual([{ Action: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], Resource: arn(articleIndex) }]);
    expect(ingestFunction.Properties.Environment!.Variables).toMatchObject({ ARTICLE_INDEX_TABLE_NAME: { Ref: articleIndex } });
    template.hasOutput('DeliveryTableName', { Value: { Ref: ledger } });
    template.hasOutput('SubscriberTableName', { Value: { Ref: subscribers } });
    template.hasOutput('ArticleIndexTableName', { Value: { Ref: articleIndex } });
  });

  it('schedules daily and weekly digests with their cadence as input', () => {
    for (const cadence of ['daily', 'weekly']) {
      template.hasResourceProperties('AWS::Events::Rule', {
        Targets: [Match.objectLike({ Input: JSON.stringify({ cadence }) })],
      });
    }
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 6 * * ? *)' });
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

  it('alarms on the DLQ and on errors of all six functions, mailing the operator through the alarm topic', () => {
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

  it('runs the subscriber migration on deploy after the tables and the import exist, before the digest function, through a provider that may only invoke the migrator', () => {
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
    const digest = Object.entries(functions).find(([, fn]) => JSON.stringify(fn).includes('SENDER_ADDRESS'))![1] as { DependsOn: string[] };
    expect(digest.DependsOn).toContain(migrationId);
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
        'DeliveryTableName',
        'SubscriberTableName',
        'DigestFunctionName',
        'UnsubscribeUrl',
        'AlarmTopicArn',
      ]),
    );
    expect(JSON.stringify(outputs)).not.toMatch(/SecretString|key1/);
    expect(JSON.stringify(outputs)).toContain('aws s3 cp article.txt s3://');
  });
});
