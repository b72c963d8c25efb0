import type { S3Event } from 'aws-lambda';
import type { ArticleOrigin } from '../store/stored-article.js';

/** The SQS message body is not an S3 notification: kept (retried into the DLQ) for inspection. */
export class MalformedEventError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MalformedEventError';
  }
}

/** S3 URL-encodes keys in notifications, with '+' for spaces. */
function decodeS3Key(encoded: string): string {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch (error) {
    throw new MalformedEventError(`object key is not valid URL encoding: ${encoded.slice(0, 200)}`, { cause: error });
  }
}

/**
 * Object origins in one SQS message body. The s3:TestEvent S3 sends when notifications are
 * configured yields none. Only ObjectCreated records count.
 */
export function originsFromSqsBody(body: string): ArticleOrigin[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new MalformedEventError(`SQS message body is not JSON: ${body.slice(0, 200)}`, { cause: error });
  }
  if ((parsed as { Event?: unknown } | null)?.Event === 's3:TestEvent') return [];
  const records = (parsed as Partial<S3Event> | null)?.Records;
  if (!Array.isArray(records)) throw new MalformedEventError('SQS message body is not an S3 event notification (no Records)');
  const origins: ArticleOrigin[] = [];
  for (const record of records) {
    if (typeof record?.eventName !== 'string' || !record.eventName.startsWith('ObjectCreated:')) continue;
    const bucket = record.s3?.bucket?.name;
    const key = record.s3?.object?.key;
    if (typeof bucket !== 'string' || typeof key !== 'string') {
      throw new MalformedEventError('S3 event record without bucket name or object key');
    }
    origins.push({
      bucket,
      key: decodeS3Key(key),
      versionId: record.s3.object.versionId ?? null,
      etag: record.s3.object.eTag ?? null,
    });
  }
  return origins;
}
