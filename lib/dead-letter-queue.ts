import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** SQS's maximum: what failed for good stays two weeks for inspection and re-driving. */
const RETENTION = Duration.days(14);

/** A queue that keeps work which failed for good: encrypted, SSL only, kept as long as SQS allows. */
export function deadLetterQueue(scope: Construct, id: string): sqs.Queue {
  return new sqs.Queue(scope, id, { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: RETENTION });
}
