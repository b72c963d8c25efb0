import { describe, expect, it } from 'vitest';
import { MalformedEventError, originsFromSqsBody } from '../../../lambda/handlers/s3-event-records.js';
import { encodeS3Key } from '../../../bin/local/sqs-event.js';

function notification(key: string, extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    Records: [
      {
        eventName: 'ObjectCreated:Put',
        s3: { bucket: { name: 'news' }, object: { key, eTag: 'e1', ...extra } },
      },
    ],
  });
}

describe('originsFromSqsBody', () => {
  it('decodes URL-encoded keys with spaces and unicode', () => {
    const key = 'incoming/Zürich report 1+1.txt';

    const [origin] = originsFromSqsBody(notification(encodeS3Key(key), { versionId: 'v7' }));

    expect(origin).toEqual({ bucket: 'news', key, versionId: 'v7', etag: 'e1' });
  });

  it('yields nothing for the s3:TestEvent', () => {
    expect(originsFromSqsBody(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'news' }))).toEqual([]);
  });

  it('ignores records that are not object creations', () => {
    const body = JSON.stringify({ Records: [{ eventName: 'ObjectRemoved:Delete', s3: { bucket: { name: 'b' }, object: { key: 'k' } } }] });
    expect(originsFromSqsBody(body)).toEqual([]);
  });

  it.each([
    ['not JSON', 'hello'],
    ['JSON without Records', '{"foo": 1}'],
    ['a record without a key', JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'b' }, object: {} } }] })],
    ['a key with broken URL encoding', notification('incoming/%E0%A4%A.txt')],
  ])('rejects %s as a malformed event', (_case, body) => {
    expect(() => originsFromSqsBody(body)).toThrow(MalformedEventError);
  });
});
