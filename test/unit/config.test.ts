import { describe, expect, it } from 'vitest';
import { createDynamoDbDocumentClient, createS3Client, createSesClient } from '../../lambda/aws-clients.js';
import { ConfigError, readDigestPlannerConfig, readDigestSenderConfig, readIngestConfig } from '../../lambda/config.js';

describe('environment config', () => {
  it('applies defaults for the ingest function', () => {
    expect(readIngestConfig({ BUCKET_NAME: 'news-bucket', ARTICLE_INDEX_TABLE_NAME: 'articles' })).toEqual({
      BUCKET_NAME: 'news-bucket',
      ARTICLE_INDEX_TABLE_NAME: 'articles',
      MAX_ARTICLE_BYTES: 5 * 1024 * 1024,
      TOPIC_CONFIDENCE_THRESHOLD: 0.5,
    });
  });

  const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/newsdrop-digest-chunks';
  const senderEnv = {
    BUCKET_NAME: 'b-1',
    SUBSCRIBER_TABLE_NAME: 'readers',
    DELIVERY_TABLE_NAME: 'ledger',
    SENDER_ADDRESS: 'Digest <d@example.com>',
    DIGEST_CHUNK_QUEUE_URL: QUEUE_URL,
  };
  const plannerEnv = { BUCKET_NAME: 'b-1', SUBSCRIBER_TABLE_NAME: 'readers', ARTICLE_INDEX_TABLE_NAME: 'articles', DIGEST_CHUNK_QUEUE_URL: QUEUE_URL };

  it('treats empty strings as unset', () => {
    expect(readDigestSenderConfig({ ...senderEnv, SES_CONFIGURATION_SET: '', UNSUBSCRIBE_BASE_URL: '', SENDER_CONCURRENCY: '' })).toEqual({
      ...senderEnv,
      SEND_RATE_PER_SECOND: 1,
      SENDER_CONCURRENCY: 1,
      STORY_UPDATES: 'show',
    });
    expect(readDigestSenderConfig({ ...senderEnv, STORY_UPDATES: 'omit' })).toMatchObject({ STORY_UPDATES: 'omit' });
    expect(() => readDigestSenderConfig({ ...senderEnv, STORY_UPDATES: 'hide' })).toThrow(/STORY_UPDATES/);
  });

  it('reads the digest planner\'s environment, with one sender and old articles flagged by default', () => {
    expect(readDigestPlannerConfig(plannerEnv)).toEqual({ ...plannerEnv, SENDER_CONCURRENCY: 1, OLD_ARTICLES: 'flag', DELIVERY_HOUR: 7, DEFAULT_TIMEZONE: 'UTC', WEEKLY_DAY: 'MON' });
    expect(readDigestPlannerConfig({ ...plannerEnv, OLD_ARTICLES: 'omit' })).toMatchObject({ OLD_ARTICLES: 'omit' });
    expect(() => readDigestPlannerConfig({ ...plannerEnv, OLD_ARTICLES: 'hide' })).toThrow(/OLD_ARTICLES/);
    expect(readDigestPlannerConfig({ ...plannerEnv, SENDER_CONCURRENCY: '16' })).toMatchObject({ SENDER_CONCURRENCY: 16 });
  });

  it('reads the planner\'s local delivery hour, default timezone and weekly day, and refuses ones it cannot use', () => {
    expect(readDigestPlannerConfig({ ...plannerEnv, DELIVERY_HOUR: '0', DEFAULT_TIMEZONE: 'Asia/Kolkata', WEEKLY_DAY: 'SUN' })).toMatchObject({
      DELIVERY_HOUR: 0,
      DEFAULT_TIMEZONE: 'Asia/Kolkata',
      WEEKLY_DAY: 'SUN',
    });
    expect(() => readDigestPlannerConfig({ ...plannerEnv, DELIVERY_HOUR: '24' })).toThrow(/DELIVERY_HOUR/);
    expect(() => readDigestPlannerConfig({ ...plannerEnv, DEFAULT_TIMEZONE: 'Mars/Olympus' })).toThrow(/DEFAULT_TIMEZONE/);
    expect(() => readDigestPlannerConfig({ ...plannerEnv, WEEKLY_DAY: 'monday' })).toThrow(/WEEKLY_DAY/);
  });

  it('reads the web archive\'s URL for the planner and the sender, and refuses one that is not http(s)', () => {
    const url = 'https://d111.cloudfront.net/';
    expect(readDigestPlannerConfig({ ...plannerEnv, ARCHIVE_BASE_URL: url })).toMatchObject({ ARCHIVE_BASE_URL: url });
    expect(readDigestSenderConfig({ ...senderEnv, ARCHIVE_BASE_URL: url })).toMatchObject({ ARCHIVE_BASE_URL: url });
    expect(readDigestSenderConfig({ ...senderEnv, ARCHIVE_BASE_URL: '' })).not.toHaveProperty('ARCHIVE_BASE_URL');
    expect(() => readDigestSenderConfig({ ...senderEnv, ARCHIVE_BASE_URL: 'd111.cloudfront.net' })).toThrow(/ARCHIVE_BASE_URL/);
    expect(() => readDigestPlannerConfig({ ...plannerEnv, ARCHIVE_BASE_URL: 'ftp://archive.example/' })).toThrow(/ARCHIVE_BASE_URL/);
  });

  it('reads the digest sender\'s rate and concurrency as numbers', () => {
    expect(readDigestSenderConfig({ ...senderEnv, SEND_RATE_PER_SECOND: '14', SENDER_CONCURRENCY: '4', UNSUBSCRIBE_BASE_URL: 'https://unsub.example.org/' })).toMatchObject({
      SEND_RATE_PER_SECOND: 14,
      SENDER_CONCURRENCY: 4,
      UNSUBSCRIBE_BASE_URL: 'https://unsub.example.org/',
    });
  });

  it.each(['0', '-1', '2.5', 'many', '1001'])('refuses SENDER_CONCURRENCY=%s for the planner and the sender', (value) => {
    expect(() => readDigestPlannerConfig({ ...plannerEnv, SENDER_CONCURRENCY: value })).toThrow(ConfigError);
    expect(() => readDigestSenderConfig({ ...senderEnv, SENDER_CONCURRENCY: value })).toThrow(/SENDER_CONCURRENCY/);
  });

  it('refuses a planner or sender without a chunk queue URL, or with one that is no URL', () => {
    const { DIGEST_CHUNK_QUEUE_URL: _plannerQueue, ...plannerWithout } = plannerEnv;
    const { DIGEST_CHUNK_QUEUE_URL: _senderQueue, ...senderWithout } = senderEnv;

    expect(() => readDigestPlannerConfig(plannerWithout)).toThrow(ConfigError);
    expect(() => readDigestPlannerConfig(plannerWithout)).toThrow(/DIGEST_CHUNK_QUEUE_URL/);
    expect(() => readDigestSenderConfig(senderWithout)).toThrow(/DIGEST_CHUNK_QUEUE_URL/);
    expect(() => readDigestSenderConfig({ ...senderEnv, DIGEST_CHUNK_QUEUE_URL: 'newsdrop-digest-chunks' })).toThrow(/DIGEST_CHUNK_QUEUE_URL/);
  });

  it('lists every problem in one clear error', () => {
    const sender = () => readDigestSenderConfig({ SENDER_ADDRESS: 'nobody', SEND_RATE_PER_SECOND: 'fast' });
    const planner = () => readDigestPlannerConfig({});

    expect(sender).toThrow(ConfigError);
    expect(sender).toThrow(/digest sender/);
    expect(sender).toThrow(/BUCKET_NAME/);
    expect(sender).toThrow(/DELIVERY_TABLE_NAME/);
    expect(sender).toThrow(/SUBSCRIBER_TABLE_NAME/);
    expect(sender).toThrow(/DIGEST_CHUNK_QUEUE_URL/);
    expect(sender).toThrow(/SENDER_ADDRESS: must contain an email address/);
    expect(sender).toThrow(/SEND_RATE_PER_SECOND/);
    expect(planner).toThrow(/digest planner/);
    expect(planner).toThrow(/BUCKET_NAME/);
    expect(planner).toThrow(/SUBSCRIBER_TABLE_NAME/);
    expect(planner).toThrow(/ARTICLE_INDEX_TABLE_NAME/);
    expect(planner).toThrow(/DIGEST_CHUNK_QUEUE_URL/);
  });
});

describe('AWS client timeouts', () => {
  it.each(['abc', '0', '-5', '2.5'])('refuses NEWSDROP_AWS_REQUEST_TIMEOUT_MS=%s at cold start', (value) => {
    expect(() => createS3Client({ NEWSDROP_AWS_REQUEST_TIMEOUT_MS: value })).toThrow(ConfigError);
    expect(() => createSesClient({ NEWSDROP_AWS_REQUEST_TIMEOUT_MS: value })).toThrow(/NEWSDROP_AWS_REQUEST_TIMEOUT_MS/);
    expect(() => createDynamoDbDocumentClient({ NEWSDROP_AWS_REQUEST_TIMEOUT_MS: value })).toThrow(/NEWSDROP_AWS_REQUEST_TIMEOUT_MS/);
  });
});
