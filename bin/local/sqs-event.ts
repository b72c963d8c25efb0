import { randomUUID } from 'node:crypto';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { EmulatorS3Record } from './s3-emulator.js';

const LOCAL_QUEUE_ARN = 'arn:aws:sqs:us-east-1:000000000000:newsdrop-local';

/** S3 URL-encodes keys in notifications ('+' for space); the emulator does not, so we do. */
export function encodeS3Key(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}

/** The notification S3 puts on the queue for one emulator record: the key URL-encoded as S3 does. */
export function s3NotificationBody(record: EmulatorS3Record): string {
  const s3Record = {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'us-east-1',
    eventTime: record.eventTime,
    eventName: record.eventName,
    s3: { ...record.s3, object: { ...record.s3.object, key: encodeS3Key(record.s3.object.key) } },
  };
  return JSON.stringify({ Records: [s3Record] });
}

/** One SQS message as the Lambda event source mapping hands it over. */
export function sqsRecord(body: string, options: { receiveCount?: number; messageId?: string; queueArn?: string } = {}): SQSRecord {
  const now = String(Date.now());
  return {
    messageId: options.messageId ?? randomUUID(),
    receiptHandle: randomUUID(),
    body,
    attributes: {
      ApproximateReceiveCount: String(options.receiveCount ?? 1),
      SentTimestamp: now,
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: now,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: options.queueArn ?? LOCAL_QUEUE_ARN,
    awsRegion: 'us-east-1',
  };
}

/** Wraps emulator S3 records the way S3 → SQS delivers them: one notification per message. */
export function sqsEventFromS3Records(records: readonly EmulatorS3Record[], queueArn = LOCAL_QUEUE_ARN): SQSEvent {
  return { Records: records.map((record) => sqsRecord(s3NotificationBody(record), { queueArn })) };
}
