import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { OperatorAlarms, OperatorAlarmsPropsError, type OperatorAlarmsProps } from '../../lib/operator-alarms.js';

type Resource = { Properties: Record<string, unknown> };

/** OperatorAlarms in a bare stack, with inline functions so nothing is bundled. */
function alarmsStack(props: Partial<OperatorAlarmsProps> = {}) {
  const stack = new Stack(new App(), 'AlarmsTest', { env: { account: '111122223333', region: 'eu-west-1' } });
  const fn = (id: string) => new lambda.Function(stack, id, { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('export const handler = async () => {};') });
  const deadLetterQueue = new sqs.Queue(stack, 'DeadLetterQueue');
  const deadLetterQueues = { Ingest: { queue: deadLetterQueue, holds: 'Dropped files failed 5 times' } };
  const alarms = new OperatorAlarms(stack, 'OperatorAlarms', { deadLetterQueues, functions: { Ingest: fn('IngestFn'), Digest: fn('DigestFn') }, ...props });
  return { stack, alarms, template: Template.fromStack(stack) };
}

const alarmsOf = (template: Template) => Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Resource[];
const topicRef = (template: Template) => ({ Ref: Object.keys(template.findResources('AWS::SNS::Topic'))[0] });

describe('OperatorAlarms', () => {
  it('alarms on the DLQ, each function, failed mails and SES reputation, all notifying one topic on alarm and recovery', () => {
    // Prepare / Act
    const { template, alarms } = alarmsStack();
    // Assess
    const found = alarmsOf(template);
    expect(found).toHaveLength(1 + 2 + 1 + 2);
    expect(alarms.alarms).toHaveLength(found.length);
    for (const alarm of found) {
      expect(alarm.Properties).toMatchObject({ AlarmActions: [topicRef(template)], OKActions: [topicRef(template)], TreatMissingData: 'notBreaching', EvaluationPeriods: 1 });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DeadLetterQueue'), 'QueueName'] } }],
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
    });
    for (const fn of ['IngestFn', 'DigestFn']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp(`^${fn}`) } }],
        Statistic: 'Sum',
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Newsdrop',
      MetricName: 'MailsFailed',
      Dimensions: Match.absent(),
      Statistic: 'Sum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
    });
  });

  it('alarms on SES bounce and complaint rates well before AWS reviews the account', () => {
    const { template } = alarmsStack();

    const rateAlarm = (metricName: string) => alarmsOf(template).find((alarm) => alarm.Properties['MetricName'] === metricName)!.Properties;

    expect(rateAlarm('Reputation.BounceRate')).toMatchObject({ Namespace: 'AWS/SES', Threshold: 0.05, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    expect(rateAlarm('Reputation.ComplaintRate')).toMatchObject({ Namespace: 'AWS/SES', Threshold: 0.001, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    expect(rateAlarm('Reputation.BounceRate')['Threshold']).toBeLessThan(0.1);
    expect(rateAlarm('Reputation.ComplaintRate')['Threshold']).toBeLessThan(0.005);
    expect(rateAlarm('Reputation.ComplaintRate')['AlarmDescription']).toContain('0.1%');
  });

  it('takes other reputation thresholds', () => {
    const { template } = alarmsStack({ bounceRateThreshold: 0.07, complaintRateThreshold: 0.002 });

    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Reputation.BounceRate', Threshold: 0.07, AlarmDescription: Match.stringLikeRegexp('7%') });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Reputation.ComplaintRate', Threshold: 0.002 });
  });

  it('encrypts the topic with a rotating customer managed key that CloudWatch may use, and accepts only SSL', () => {
    const { template } = alarmsStack();

    const [keyId, key] = Object.entries(template.findResources('AWS::KMS::Key'))[0] as [string, Resource];
    expect(key.Properties['EnableKeyRotation']).toBe(true);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    const keyStatements = (key.Properties['KeyPolicy'] as { Statement: { Principal?: { Service?: string }; Action: string[] }[] }).Statement;
    const forCloudWatch = keyStatements.find((statement) => statement.Principal?.Service === 'cloudwatch.amazonaws.com');
    expect(forCloudWatch?.Action).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey*']));
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Action: 'sns:Publish', Principal: { Service: 'cloudwatch.amazonaws.com' }, Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': '111122223333' } }) }),
        ]),
      },
    });
  });

  it('subscribes the alarm email address only when one is given', () => {
    const without = alarmsStack().template;
    const withEmail = alarmsStack({ alarmEmail: 'ops@example.org' }).template;

    without.resourceCountIs('AWS::SNS::Subscription', 0);
    withEmail.resourceCountIs('AWS::SNS::Subscription', 1);
    withEmail.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org', TopicArn: topicRef(withEmail) });
  });

  it('rejects invalid props with every problem at once', () => {
    let thrown: unknown;
    try {
      alarmsStack({
        functions: { 'ingest-fn': lambda.Function.fromFunctionName(new Stack(), 'F', 'f') },
        deadLetterQueues: { 'ingest-dlq': { queue: sqs.Queue.fromQueueArn(new Stack(), 'Q', 'arn:aws:sqs:eu-west-1:111122223333:q'), holds: 'files' } },
        alarmEmail: 'ops', bounceRateThreshold: 5,
        complaintRateThreshold: 0,
      });
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(OperatorAlarmsPropsError);
    expect((thrown as OperatorAlarmsPropsError).problems).toEqual([
      'function name "ingest-fn" must be letters and digits',
      'dead-letter queue name "ingest-dlq" must be letters and digits',
      'alarmEmail must be an email address, got "ops"',
      'bounceRateThreshold must be a fraction between 0 and 1 (0.05 = 5%), got 5',
      'complaintRateThreshold must be a fraction between 0 and 1 (0.05 = 5%), got 0',
    ]);
    expect(() => alarmsStack({ functions: {} })).toThrow('functions must name at least one function');
    expect(() => alarmsStack({ deadLetterQueues: {} })).toThrow('deadLetterQueues must name at least one queue');
  });
});
