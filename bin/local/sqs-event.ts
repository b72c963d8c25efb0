import { randomUUID } from 'node:crypto';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { EmulatorS3Record } from './s3-emulator.js';

/** S3 URL-encodes keys in notifications ('+' for space); the emulator does not, so we do. */
export function encodeS3Key(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}

/** Wraps emulator S3 records the way S3 → SQS delivers them: one notification per message. */
export function sqsEventFromS3Records(records: readonly EmulatorS3Record[], queueArn = 'arn:aws:sqs:us-east-1:000000000000:newsdrop-local'): SQSEvent {
  return {
    Records: records.map((record): SQSRecord => {
      const s3Record = {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: record.eventTime,
        eventName: record.eventName,
        s3: { ...record.s3, object: { ...record.s3.object, key: encodeS3Key(record.s3.object.key) } },
      };
      const now = String(Date.now());
      return {
        messageId: randomUUID(),
        receiptHandle: randomUUID(),
        body: JSON.stringify({ Records: [s3Record] }),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: now,
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: now,
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: queueArn,
        awsRegion: 'us-east-1',
      };
    }),
  };
}
