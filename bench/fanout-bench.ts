/**
 * npm run bench:fanout — a daily digest to 5,000 subscribers through the real SES emulator
 * (aws-ses-v2-local on 127.0.0.1): with the rate limit off (mails/s), and with it on at a set
 * rate (how close the achieved rate comes). Storage is in memory so the figure is the send path.
 */
import { SESClient } from '@aws-sdk/client-ses';
import { startSesEmulator } from '../bin/local/ses-emulator.js';
import { silentLogger } from '../lambda/log.js';
import { SesMailSender } from '../lambda/mail/ses-mail-sender.js';
import { runDigest } from '../lambda/pipeline/run-digest.js';
import { ArticleRepository } from '../lambda/store/article-repository.js';
import { DeliveryLedger } from '../lambda/store/delivery-ledger.js';
import { SUBSCRIBERS_CONFIG_KEY } from '../lambda/store/keys.js';
import { MemoryObjectStore } from '../lambda/store/memory-object-store.js';
import { SubscriberRepository } from '../lambda/store/subscriber-repository.js';
import { SubscriberStateRepository } from '../lambda/store/subscriber-state-repository.js';

const TOPICS = ['world', 'politics', 'business', 'technology', 'sport', 'entertainment'] as const;

async function run(subscriberCount: number, ratePerSecond: number, endpoint: string) {
  const store = new MemoryObjectStore();
  const subscribers = Array.from({ length: subscriberCount }, (_, i) => ({ email: `reader${i}@example.com`, topics: [TOPICS[i % 6]!, TOPICS[(i + 2) % 6]!], cadence: 'daily' }));
  await store.put(SUBSCRIBERS_CONFIG_KEY, JSON.stringify(subscribers));
  const articles = new ArticleRepository(store);
  for (let i = 0; i < 30; i++) {
    await articles.put({
      id: `article-${i}`,
      headline: `Story ${i} about ${TOPICS[i % 6]}`,
      source: 'Example Wire',
      published: '2026-11-24',
      byline: null,
      url: null,
      body: [`Paragraph one of story ${i} with unique words ${i * 7919}.`, `Paragraph two of story ${i}.`],
      summary: `Summary of story ${i}.`,
      wordCount: 20,
      format: 'text',
      topic: { label: TOPICS[i % 6]!, confidence: 0.9 },
      origin: { bucket: 'bench', key: `incoming/${i}.txt`, versionId: null, etag: null },
    });
  }
  const client = new SESClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 });
  const started = performance.now();
  const summary = await runDigest('daily', {
    subscribers: new SubscriberRepository(store),
    articles,
    ledger: new DeliveryLedger(store),
    states: new SubscriberStateRepository(store),
    mailer: new SesMailSender({ client, ratePerSecond }),
    from: 'Bench <bench@example.com>',
    logger: silentLogger,
    concurrency: 32,
  });
  const seconds = (performance.now() - started) / 1000;
  return { sent: summary.sent, seconds, perSecond: summary.sent / seconds, digests: summary.distinctDigests };
}

const ses = await startSesEmulator({ port: 0 });
try {
  const open = await run(5000, 1_000_000, ses.endpoint);
  console.log(`rate limit off: ${open.sent} mails (${open.digests} distinct digests) in ${open.seconds.toFixed(1)} s = ${open.perSecond.toFixed(0)} mails/s (target >= 200)`);
  const target = 50;
  const limited = await run(500, target, ses.endpoint);
  // n sends at rate r take (n - 1) / r seconds from the first start: compare like with like.
  const achieved = (limited.sent - 1) / limited.seconds;
  console.log(`rate limit ${target}/s: ${limited.sent} mails in ${limited.seconds.toFixed(2)} s = ${achieved.toFixed(2)} mails/s, ${((100 * (achieved - target)) / target).toFixed(2)}% from the configured rate (target within 2%)`);
} finally {
  await ses.close();
}
