import { describe, expect, it } from 'vitest';
import { createDynamoDbDocumentClient, createS3Client, createSesClient } from '../../lambda/aws-clients.js';
import { ConfigError, readDigestConfig, readIngestConfig } from '../../lambda/config.js';

describe('environment config', () => {
  it('applies defaults for the ingest function', () => {
    expect(readIngestConfig({ BUCKET_NAME: 'news-bucket', ARTICLE_INDEX_TABLE_NAME: 'articles' })).toEqual({
      BUCKET_NAME: 'news-bucket',
      ARTICLE_INDEX_TABLE_NAME: 'articles',
      MAX_ARTICLE_BYTES: 5 * 1024 * 1024,
      TOPIC_CONFIDENCE_THRESHOLD: 0.5,
    });
  });

  it('treats empty strings as unset', () => {
    expect(
      readDigestConfig({
        BUCKET_NAME: 'b-1',
        SUBSCRIBER_TABLE_NAME: 'readers',
        DELIVERY_TABLE_NAME: 'ledger',
        ARTICLE_INDEX_TABLE_NAME: 'articles',
        SENDER_ADDRESS: 'Digest <d@example.com>',
        SES_CONFIGURATION_SET: '',
      }),
    ).toEqual({
      BUCKET_NAME: 'b-1',
      SUBSCRIBER_TABLE_NAME: 'readers',
      DELIVERY_TABLE_NAME: 'ledger',
      ARTICLE_INDEX_TABLE_NAME: 'articles',
      SENDER_ADDRESS: 'Digest <d@example.com>',
      SEND_RATE_PER_SECOND: 1,
    });
  });

  it('lists every problem in one clear error', () => {
    const attempt = () => readDigestConfig({ SENDER_ADDRESS: 'nobody', SEND_RATE_PER_SECOND: 'fast' });

    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/BUCKET_NAME/);
    expect(attempt).toThrow(/DELIVERY_TABLE_NAME/);
    expect(attempt).toThrow(/SUBSCRIBER_TABLE_NAME/);
    expect(attempt).toThrow(/ARTICLE_INDEX_TABLE_NAME/);
    expect(attempt).toThrow(/SENDER_ADDRESS: must contain an email address/);
    expect(attempt).toThrow(/SEND_RATE_PER_SECOND/);
  });
});

describe('AWS client timeouts', () => {
  it.each(['abc', '0', '-5', '2.5'])('refuses NEWSDROP_AWS_REQUEST_TIMEOUT_MS=%s at cold start', (value) => {
    expect(() => createS3Client({ NEWSDROP_AWS_REQUEST_TIMEOUT_MS: value })).toThrow(ConfigError);
    expect(() => createSesClient({ NEWSDROP_AWS_REQUEST_TIMEOUT_MS: value })).toThrow(/NEWSDROP_AWS_REQUEST_TIMEOUT_MS/);
    expect(() => createDynamoDbDocumentClient({ NEWSDROP_AWS_REQUEST_TIMEOUT_MS: value })).toThrow(/NEWSDROP_AWS_REQUEST_TIMEOUT_MS/);
  });
});
