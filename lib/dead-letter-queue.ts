import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** SQS's maximum: what failed for good stays two weeks for inspection and re-driving. */
const RETENTION = Duration.days(14);

/** A queue that keeps work which failed for good: encrypted, SSL only, kept as long as SQS allows. */
export function deadLetterQueue(scope: Construct, id: string): sqs.Queue {
  return new sqs.Queue(scope, id, { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: RETENTION });
}

/** Lambda's own retries of an asynchronous invocation; the functions invoked this way are idempotent. */
const ASYNC_RETRY_ATTEMPTS = 2;

/**
 * A dead-letter queue that receives the events an asynchronously invoked function failed on
 * every attempt (Lambda's on-failure destination), so none vanishes.
 */
export function asyncFailureQueue(scope: Construct, id: string, fn: lambda.IFunction): sqs.Queue {
  const queue = deadLetterQueue(scope, id);
  fn.configureAsyncInvoke({ retryAttempts: ASYNC_RETRY_ATTEMPTS, onFailure: new destinations.SqsDestination(queue) });
  return queue;
}
