import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC_NAMESPACE } from '../lambda/metrics/metric-catalogue.js';
import { isEmailAddress } from '../lambda/text/email-address.js';

export interface OperatorAlarmsProps {
  /**
   * Dead-letter queues by a short name (letters and digits): any message in one is work that failed
   * for good and waits for the operator, e.g. `Ingest` (a dropped file that failed 5 times) or
   * `Digest` (a digest run that failed its retries).
   */
  readonly deadLetterQueues: Readonly<Record<string, DeadLetterQueueWatch>>;
  /** Functions whose Errors metric is alarmed, by a short name (letters and digits) used in alarm ids and descriptions. */
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  /** Address subscribed to the alarm topic by email; AWS mails it a confirmation link first. @default no subscription */
  readonly alarmEmail?: string;
  /**
   * SES account bounce rate (0..1) at which to alarm. AWS puts an account under review at 10%.
   * @default 0.05
   */
  readonly bounceRateThreshold?: number;
  /**
   * SES account complaint rate (0..1) at which to alarm. AWS puts an account under review at 0.5%.
   * @default 0.001
   */
  readonly complaintRateThreshold?: number;
}

export interface DeadLetterQueueWatch {
  readonly queue: sqs.IQueue;
  /** What a message in it means, for the alarm description, e.g. "Dropped files failed 5 times". */
  readonly holds: string;
}

/** Thrown once with every problem in the props. */
export class OperatorAlarmsPropsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`OperatorAlarms: invalid props:\n  - ${problems.join('\n  - ')}`);
    this.name = 'OperatorAlarmsPropsError';
  }
}

const SHORT_NAME = /^[A-Za-z][A-Za-z0-9]*$/;
/** Count metrics (errors, failed mails, queued messages) are checked every 5 minutes. */
const COUNT_PERIOD = Duration.minutes(5);
/** SES computes reputation over a window of recent sending; hourly is as fast as it moves. */
const REPUTATION_PERIOD = Duration.hours(1);

const percent = (fraction: number) => `${Number((fraction * 100).toFixed(3))}%`;

function validate(props: OperatorAlarmsProps): void {
  const problems: string[] = [];
  const names = Object.keys(props.functions);
  if (names.length === 0) problems.push('functions must name at least one function');
  for (const name of names) if (!SHORT_NAME.test(name)) problems.push(`function name ${JSON.stringify(name)} must be letters and digits`);
  if (Object.keys(props.deadLetterQueues).length === 0) problems.push('deadLetterQueues must name at least one queue');
  for (const name of Object.keys(props.deadLetterQueues)) if (!SHORT_NAME.test(name)) problems.push(`dead-letter queue name ${JSON.stringify(name)} must be letters and digits`);
  if (props.alarmEmail !== undefined && !isEmailAddress(props.alarmEmail)) problems.push(`alarmEmail must be an email address, got ${JSON.stringify(props.alarmEmail)}`);
  const rate = (key: 'bounceRateThreshold' | 'complaintRateThreshold') => {
    const value = props[key];
    if (value !== undefined && !(value > 0 && value < 1)) problems.push(`${key} must be a fraction between 0 and 1 (0.05 = 5%), got ${value}`);
  };
  rate('bounceRateThreshold');
  rate('complaintRateThreshold');
  if (problems.length > 0) throw new OperatorAlarmsPropsError(problems);
}

/**
 * CloudWatch alarms an operator must hear about, all publishing (on alarm and on recovery) to one
 * SNS topic: encrypted with a rotating customer managed key (CloudWatch cannot publish to a topic
 * under the AWS managed aws/sns key), SSL-only. Missing data never breaches: no traffic is not a fault.
 */
export class OperatorAlarms extends Construct {
  public readonly topic: sns.Topic;
  public readonly key: kms.Key;
  /** One per queue, under the names given in props.deadLetterQueues. */
  public readonly deadLetterQueueAlarms: Readonly<Record<string, cloudwatch.Alarm>>;
  /** One per function, under the names given in props.functions. */
  public readonly functionErrorAlarms: Readonly<Record<string, cloudwatch.Alarm>>;
  public readonly mailsFailedAlarm: cloudwatch.Alarm;
  public readonly bounceRateAlarm: cloudwatch.Alarm;
  public readonly complaintRateAlarm: cloudwatch.Alarm;
  /** Every alarm above. */
  public readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: OperatorAlarmsProps) {
    super(scope, id);
    validate(props);
    const stack = Stack.of(this);

    this.key = new kms.Key(this, 'TopicKey', { enableKeyRotation: true, description: 'newsdrop: operator alarm topic' });
    this.key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new sns.Topic(this, 'Topic', { masterKey: this.key, enforceSSL: true, displayName: 'newsdrop alarms' });
    // Only this account's CloudWatch alarms may publish.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['sns:Publish'],
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
        },
      }),
    );
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));

    const notify = new actions.SnsAction(this.topic);
    const alarm = (alarmId: string, description: string, metric: cloudwatch.IMetric, threshold: number, comparison: cloudwatch.ComparisonOperator) => {
      const created = new cloudwatch.Alarm(this, alarmId, {
        alarmDescription: `${description} (newsdrop README, "Monitoring")`,
        metric,
        threshold,
        comparisonOperator: comparison,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(notify);
      created.addOkAction(notify);
      return created;
    };
    const above = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
    const atLeast = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;

    this.deadLetterQueueAlarms = Object.fromEntries(
      Object.entries(props.deadLetterQueues).map(([name, watch]) => [
        name,
        alarm(
          `${name}DeadLetterQueueAlarm`,
          `${watch.holds} and wait in the ${name} dead-letter queue`,
          watch.queue.metricApproximateNumberOfMessagesVisible({ period: COUNT_PERIOD, statistic: cloudwatch.Stats.MAXIMUM }),
          0,
          above,
        ),
      ]),
    );
    this.functionErrorAlarms = Object.fromEntries(
      Object.entries(props.functions).map(([name, fn]) => [
        name,
        alarm(`${name}ErrorsAlarm`, `The ${name} function failed (threw, timed out or ran out of memory)`, fn.metricErrors({ period: COUNT_PERIOD, statistic: cloudwatch.Stats.SUM }), 0, above),
      ]),
    );
    this.mailsFailedAlarm = alarm(
      'MailsFailedAlarm',
      'SES refused digests for good (MailsFailed)',
      new cloudwatch.Metric({ namespace: METRIC_NAMESPACE, metricName: 'MailsFailed', period: COUNT_PERIOD, statistic: cloudwatch.Stats.SUM }),
      0,
      above,
    );
    // Account-level SES reputation (published by SES without any setup). The thresholds sit well
    // below the rates at which AWS reviews an account (10% bounces, 0.5% complaints), to leave time to act.
    const bounceRate = props.bounceRateThreshold ?? 0.05;
    const complaintRate = props.complaintRateThreshold ?? 0.001;
    const reputation = (metricName: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, period: REPUTATION_PERIOD, statistic: cloudwatch.Stats.MAXIMUM });
    this.bounceRateAlarm = alarm('BounceRateAlarm', `SES bounce rate reached ${percent(bounceRate)} (AWS reviews at 10%)`, reputation('Reputation.BounceRate'), bounceRate, atLeast);
    this.complaintRateAlarm = alarm(
      'ComplaintRateAlarm',
      `SES complaint rate reached ${percent(complaintRate)} (AWS reviews at 0.5%)`,
      reputation('Reputation.ComplaintRate'),
      complaintRate,
      atLeast,
    );
    this.alarms = [...Object.values(this.deadLetterQueueAlarms), ...Object.values(this.functionErrorAlarms), this.mailsFailedAlarm, this.bounceRateAlarm, this.complaintRateAlarm];
  }
}
