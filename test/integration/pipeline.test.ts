import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Context, S3Event, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInProcessFanOut, runDigestInProcess, type DigestRunTotals } from '../../bin/local/digest-fanout.js';
import { localEnvironment } from '../../bin/local/local-environment.js';
import { startS3Emulator, type EmulatorS3Record, type S3Emulator } from '../../bin/local/s3-emulator.js';
import { startSesEmulator, type EmulatedMail, type SesEmulator } from '../../bin/local/ses-emulator.js';
import { sqsEventFromS3Records } from '../../bin/local/sqs-event.js';
import { escapeHtml } from '../../lambda/digest/escape-html.js';
import { S3ObjectStore } from '../../lambda/store/s3-object-store.js';
import type { StoredArticle } from '../../lambda/store/stored-article.js';
import { startTestDynamoDb, type TestDynamoDb } from '../support/dynamodb-emulator.js';
import { seedFileNames, seedsDir } from '../support/seed-pages.js';

const BUCKET = 'newsdrop-it';

type IngestHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
type DigestRun = (cadence: 'daily' | 'instant') => Promise<DigestRunTotals>;

describe('pipeline on real local S3, SES and DynamoDB emulators (five seed pages)', () => {
  let dataDir: string;
  let s3: S3Emulator;
  let ses: SesEmulator;
  let dynamo: TestDynamoDb;
  let bucket: S3ObjectStore;
  let ingest: IngestHandler;
  /** The planner and its senders over an in-process chunk queue, as local mode runs them. */
  let digest: DigestRun;
  const events: EmulatorS3Record[] = [];
  const subscribers = [
    { email: 'everything@example.com', name: 'Everything Reader', topics: ['*'], cadence: 'daily' },
    { email: 'world@example.com', topics: ['world'], cadence: 'instant' },
    { email: 'sport@example.com', topics: ['sport'], cadence: 'daily' },
    { email: 'missiles@example.com', topics: ['missile-defence'], cadence: 'daily' },
  ];
  const customTopics = [{ name: 'missile-defence', any: ['missile shield', 'missile defense', 'missile defence', 'anti-missile'] }];

  beforeAll(async () => {
    // Prepare: the emulators on free loopback ports, handlers configured like a cold start.
    dataDir = await mkdtemp(path.join(tmpdir(), 'newsdrop-it-'));
    s3 = await startS3Emulator({ port: 0, directory: dataDir, bucket: BUCKET });
    ses = await startSesEmulator({ port: 0 });
    dynamo = await startTestDynamoDb();
    const deliveryTable = await dynamo.createDeliveryTable();
    const subscriberTable = await dynamo.createSubscriberTable();
    const articleIndexTable = await dynamo.createArticleIndexTable();
    const subscriberUploads: EmulatorS3Record[] = [];
    s3.onObjectEvent((record) => {
      if (record.s3.object.key.startsWith('incoming/')) events.push(record);
      if (record.s3.object.key === 'config/subscribers.json') subscriberUploads.push(record);
    });
    Object.assign(
      process.env,
      localEnvironment({ s3Endpoint: s3.endpoint, sesEndpoint: ses.endpoint, dynamoDbEndpoint: dynamo.endpoint, bucket: BUCKET, deliveryTable, subscriberTable, articleIndexTable, sendRatePerSecond: 100 }),
    );
    ({ handler: ingest } = (await import('../../lambda/handlers/ingest.js')) as { handler: IngestHandler });
    const fanOut = await loadInProcessFanOut();
    digest = (cadence) => runDigestInProcess(cadence, fanOut);
    const { createS3Client } = await import('../../lambda/aws-clients.js');
    bucket = new S3ObjectStore(createS3Client(), BUCKET);
    // The operator's topics first: the subscriber import checks readers' topics against them.
    await bucket.put('config/topics.json', JSON.stringify(customTopics), { contentType: 'application/json' });
    await bucket.put('config/subscribers.json', JSON.stringify(subscribers), { contentType: 'application/json' });
    // The upload reaches the import function as S3 would invoke it.
    const { handler: importSubscribers } = await import('../../lambda/handlers/subscriber-import.js');
    const [imported] = await importSubscribers({ Records: subscriberUploads } as unknown as S3Event);
    expect(imported).toMatchObject({ status: 'imported', summary: { created: subscribers.length } });
    for (const name of seedFileNames()) {
      // A space in the key exercises URL-decoding of event keys.
      await bucket.put(`incoming/seed ${name}`, await readFile(path.join(seedsDir, name)));
    }
  });

  afterAll(async () => {
    await Promise.allSettled([s3?.close(), ses?.close(), dynamo?.close()]);
    await rm(dataDir, { recursive: true, force: true });
  });

  /** An article is in a mail as a story of its own or as "Also reported by <its source>". */
  function accountedFor(mail: EmulatedMail, article: StoredArticle): boolean {
    const text = mail.body.text ?? '';
    return text.includes(article.headline) || text.split('\n').some((line) => line.includes('Also reported by') && line.includes(article.source ?? '\u0000'));
  }

  async function storedArticles(): Promise<StoredArticle[]> {
    const keys = (await bucket.list('articles/')).map((object) => object.key);
    return Promise.all(
      keys.map(async (key) => JSON.parse(new TextDecoder().decode((await bucket.get(key))!.body)) as StoredArticle),
    );
  }

  it('ingests every seed page into a stored, classified article', async () => {
    // Act
    expect(events).toHaveLength(5);
    const response = await ingest(sqsEventFromS3Records(events), {} as Context);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const articles = await storedArticles();
    expect(articles).toHaveLength(5);
    for (const article of articles) {
      expect(article.headline.length).toBeGreaterThan(10);
      expect(article.body.length).toBeGreaterThan(0);
      expect(article.origin.key).toMatch(/^incoming\/seed \d{3}_/);
      expect(article.topic.label).toBe('world');
    }
    expect(await bucket.list('rejected/')).toEqual([]);
  });

  it('mails each subscriber one digest with every article of their topics', async () => {
    // Act
    const daily = await digest('daily');
    const instant = await digest('instant');

    // Assess
    expect(daily).toMatchObject({ subscribers: 3, sent: 2, nothingNew: 1, deferred: 0, deadLettered: 0 });
    expect(instant).toMatchObject({ subscribers: 1, sent: 1 });
    const mails = await ses.mails();
    const addressOf = (to: string) => /<([^>]+)>$/.exec(to)?.[1] ?? to;
    const addresses = mails.flatMap((mail) => mail.destination.to).map(addressOf);
    expect(addresses.sort()).toEqual(['everything@example.com', 'missiles@example.com', 'world@example.com']);
    expect(mails.flatMap((mail) => mail.destination.to)).toContain('"Everything Reader" <everything@example.com>');
    const articles = await storedArticles();
    const missileArticles = articles.filter((article) => article.customTopics?.includes('missile-defence'));
    expect(missileArticles.map((article) => article.origin.key.slice(14, 17)).sort()).toEqual(['000', '001', '002']);
    const missileMail = mails.find((mail) => mail.destination.to.map(addressOf).includes('missiles@example.com'))!;
    expect(missileMail.body.html).toContain('>Missile defence</h2>');
    for (const article of articles) expect(accountedFor(missileMail, article)).toBe(missileArticles.includes(article));
    for (const mail of mails.filter((mail) => mail !== missileMail)) {
      expect(mail.from).toContain('digest@newsdrop.localhost');
      expect(mail.subject).toMatch(/\d{4}|\d{1,2} \w{3}/);
      // Seeds 001 and 002 report one meeting: one story, the other outlet "also reported" it.
      for (const article of articles) {
        expect({ headline: article.headline, present: accountedFor(mail, article) }).toEqual({ headline: article.headline, present: true });
        if (mail.body.text!.includes(article.headline)) expect(mail.body.html).toContain(escapeHtml(article.headline));
      }
      expect(mail.body.text!.match(/Also reported by/g)).toHaveLength(1);
    }
  });

  it('sends nothing twice when the digest runs again or events are redelivered', async () => {
    // Act
    const redelivery = await ingest(sqsEventFromS3Records(events), {} as Context);
    const rerun = await digest('daily');

    // Assess
    expect(redelivery.batchItemFailures).toEqual([]);
    expect(await storedArticles()).toHaveLength(5);
    expect(rerun.sent).toBe(0);
    expect(await ses.mails()).toHaveLength(3);
  });

  it('mails no story twice: a seed dropped again under another key is a duplicate, a corrected seed replaces its article', async () => {
    // Prepare: a copy of the first seed in another folder, and the fourth seed corrected in place.
    const names = seedFileNames();
    const fromEvent = events.length;
    await bucket.put('incoming/copies/seed again.txt', await readFile(path.join(seedsDir, names[0]!)));
    const corrected = (await readFile(path.join(seedsDir, names[3]!), 'utf8')).replace('after eight hours of meetings', 'after nine hours of meetings');
    expect(corrected).toContain('after nine hours of meetings');
    await bucket.put(`incoming/seed ${names[3]}`, corrected);

    // Act
    const response = await ingest(sqsEventFromS3Records(events.slice(fromEvent)), {} as Context);
    const daily = await digest('daily');
    const instant = await digest('instant');

    // Assess
    expect(events.slice(fromEvent)).toHaveLength(2);
    expect(response.batchItemFailures).toEqual([]);
    const articles = await storedArticles();
    expect(articles).toHaveLength(5);
    expect(articles.filter((article) => article.origin.key.startsWith('incoming/copies/'))).toEqual([]);
    const updated = articles.find((article) => article.origin.key === `incoming/seed ${names[3]}`)!;
    expect(updated).toMatchObject({ revision: 2 });
    expect(updated.body.join('\n')).toContain('after nine hours of meetings');
    expect({ daily: daily.sent, instant: instant.sent }).toEqual({ daily: 0, instant: 0 });
    expect(await ses.mails()).toHaveLength(3);
  });
});
