/**
 * npm run bench:fanout — a daily digest to 5,000 subscribers through the real SES emulator
 * (aws-ses-v2-local on 127.0.0.1): with the rate limit off (mails/s), and with it on at a set
 * rate (how close the achieved rate comes). Article objects and reader state are in memory; the
 * subscriber table, the article index and the delivery ledger are DynamoDB as deployed, on dynalite
 * in memory, so the ledger's two writes per mail are counted in.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { startDynamoDbEmulator, type DynamoDbEmulator } from '../bin/local/dynamodb-emulator.js';
import { startSesEmulator } from '../bin/local/ses-emulator.js';
import { createDynamoDbDocumentClient } from '../lambda/aws-clients.js';
import { silentLogger } from '../lambda/log.js';
import { SesMailSender } from '../lambda/mail/ses-mail-sender.js';
import { runDigest } from '../lambda/pipeline/run-digest.js';
import { ArticleRepository } from '../lambda/store/article-repository.js';
import { storyFeaturesOf } from '../lambda/digest/story-features.js';
import { DynamoDbArticleIndex } from '../lambda/store/article-index.js';
import { DynamoDbDeliveryLedger } from '../lambda/store/dynamodb-delivery-ledger.js';
import { MemoryObjectStore } from '../lambda/store/memory-object-store.js';
import { DynamoDbSubscriberRepository } from '../lambda/store/dynamodb-subscriber-repository.js';
import { SubscriberStateRepository } from '../lambda/store/subscriber-state-repository.js';
import { isMain } from './bench-support.js';

const TOPICS = ['world', 'politics', 'business', 'technology', 'sport', 'entertainment'] as const;
export const FANOUT_TARGET_PER_SECOND = 200;
/** The rate limiter should hold the configured rate within this share. */
export const RATE_TOLERANCE = 0.02;

async function sendDigest(subscriberCount: number, ratePerSecond: number, endpoint: string, dynamo: DynamoDbEmulator) {
  const store = new MemoryObjectStore();
  const rows = Array.from({ length: subscriberCount }, (_, i) => ({ email: `reader${i}@example.com`, topics: [TOPICS[i % 6]!, TOPICS[(i + 2) % 6]!], cadence: 'daily' as const }));
  const repository = new ArticleRepository(store);
  const documents = createDynamoDbDocumentClient({}, { endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  const indexTable = `bench-index-${subscriberCount}-${ratePerSecond}`;
  await dynamo.createArticleIndexTable(indexTable);
  const articles = new DynamoDbArticleIndex(documents, indexTable);
  for (let i = 0; i < 30; i++) {
    const article = {
      id: `article-${i}`,
      headline: `Story ${i} about ${TOPICS[i % 6]}`,
      source: 'Example Wire',
      published: '2026-11-24',
      byline: null,
      url: null,
      body: [`Paragraph one of story ${i} with unique words ${i * 7919}.`, `Paragraph two of story ${i}.`],
      summary: `Summary of story ${i}.`,
      wordCount: 20,
      format: 'text' as const,
      topic: { label: TOPICS[i % 6]!, confidence: 0.9 },
      origin: { bucket: 'bench', key: `incoming/${i}.txt`, versionId: null, etag: null },
    };
    // As ingest stores it: the object, then its index entry with the story features.
    const { storedAt } = await repository.put(article);
    const { body: _body, byline: _byline, format: _format, origin: _origin, ...fields } = article;
    await articles.put({ ...fields, storedAt, storyFeatures: storyFeaturesOf(article) });
  }
  // As createSesClient builds it for the digest handler (SES v2, our retries only), pointed at the emulator.
  const client = new SESv2Client({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 });
  const table = `bench-ledger-${subscriberCount}-${ratePerSecond}`;
  await dynamo.createDeliveryTable(table);
  // The readers come from the subscriber table, as in a deployed run (the import is not timed).
  const subscriberTable = `bench-subscribers-${subscriberCount}-${ratePerSecond}`;
  await dynamo.createSubscriberTable(subscriberTable);
  const subscribers = new DynamoDbSubscriberRepository(documents, subscriberTable);
  await subscribers.import(rows);
  const started = performance.now();
  const summary = await runDigest('daily', {
    subscribers,
    articles,
    ledger: new DynamoDbDeliveryLedger(documents, table),
    states: new SubscriberStateRepository(store),
    mailer: new SesMailSender({ client, ratePerSecond }),
    from: 'Bench <bench@example.com>',
    logger: silentLogger,
    concurrency: 32,
  });
  documents.destroy();
  return { sent: summary.sent, seconds: (performance.now() - started) / 1000, digests: summary.distinctDigests };
}

export interface FanoutResult {
  readonly sent: number;
  readonly distinctDigests: number;
  readonly seconds: number;
  /** With the rate limit off. */
  readonly mailsPerSecond: number;
  readonly limitedRate: number;
  readonly limitedSent: number;
  readonly limitedSeconds: number;
  /** Achieved with the limit at limitedRate; n sends take (n - 1) / rate from the first start. */
  readonly limitedMailsPerSecond: number;
}

export async function measureFanout(options: { subscribers: number; limitedSubscribers: number; limitedRate: number }): Promise<FanoutResult> {
  const ses = await startSesEmulator({ port: 0 });
  const dynamo = await startDynamoDbEmulator({ port: 0 });
  try {
    const open = await sendDigest(options.subscribers, 1_000_000, ses.endpoint, dynamo);
    const limited = await sendDigest(options.limitedSubscribers, options.limitedRate, ses.endpoint, dynamo);
    return {
      sent: open.sent,
      distinctDigests: open.digests,
      seconds: open.seconds,
      mailsPerSecond: open.sent / open.seconds,
      limitedRate: options.limitedRate,
      limitedSent: limited.sent,
      limitedSeconds: limited.seconds,
      limitedMailsPerSecond: (limited.sent - 1) / limited.seconds,
    };
  } finally {
    await Promise.allSettled([ses.close(), dynamo.close()]);
  }
}

export const rateDeviation = (result: FanoutResult) => (result.limitedMailsPerSecond - result.limitedRate) / result.limitedRate;

if (isMain(import.meta.url)) {
  const result = await measureFanout({ subscribers: 5000, limitedSubscribers: 500, limitedRate: 50 });
  console.log(
    `rate limit off: ${result.sent} mails (${result.distinctDigests} distinct digests) in ${result.seconds.toFixed(1)} s = ${result.mailsPerSecond.toFixed(0)} mails/s (target >= ${FANOUT_TARGET_PER_SECOND})`,
  );
  console.log(
    `rate limit ${result.limitedRate}/s: ${result.limitedSent} mails in ${result.limitedSeconds.toFixed(2)} s = ${result.limitedMailsPerSecond.toFixed(2)} mails/s, ${(100 * rateDeviation(result)).toFixed(2)}% from the configured rate (target within ${100 * RATE_TOLERANCE}%)`,
  );
}
