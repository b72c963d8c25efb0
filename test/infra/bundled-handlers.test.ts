import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localEnvironment } from '../../bin/local/local-environment.js';
import { startS3Emulator, type EmulatorS3Record, type S3Emulator } from '../../bin/local/s3-emulator.js';
import { startSesEmulator, type SesEmulator } from '../../bin/local/ses-emulator.js';
import { sqsEventFromS3Records, sqsRecord } from '../../bin/local/sqs-event.js';
import { synthHandlerBundles } from '../../lib/handler-bundles.js';
import { repoPath } from '../../lib/repo-paths.js';
import { S3ObjectStore } from '../../lambda/store/s3-object-store.js';
import { createS3Client } from '../../lambda/aws-clients.js';
import { startTestDynamoDb, type TestDynamoDb } from '../support/dynamodb-emulator.js';
import { runBundledHandler } from '../support/run-bundled-handler.js';
import { startSqsEndpoint, type SqsEndpoint } from '../support/sqs-endpoint.js';
import { EXAMPLE_PROPS } from './stack-fixture.js';

const BUCKET = 'newsdrop-bundle-test';
/** Issue 7's target for the ingest function's code; the digest function's shows mjml stays out of it (~3.4 MB). */
const MAX_BUNDLE_BYTES = 1_500_000;

/**
 * The esbuild bundles `cdk deploy` would upload, run as Lambda would run them: proves the
 * assets (topic model, templates, story IDF table) travel with the code and CommonJS dependencies load in ESM.
 */
describe('bundled Lambda handlers', () => {
  let outdir: string;
  let bundles: { ingest: string; digest: string; digestSender: string; unsubscribe: string; subscriberImport: string };
  let s3: S3Emulator;
  let ses: SesEmulator;
  let dynamo: TestDynamoDb;
  let sqs: SqsEndpoint;
  let deliveryTable: string;
  let subscriberTable: string;
  let articleIndexTable: string;
  const subscriberUploads: EmulatorS3Record[] = [];
  let dataDir: string;
  const events: EmulatorS3Record[] = [];

  beforeAll(async () => {
    // Outside the repository: the bundles (AWS SDK included) must not need its node_modules.
    outdir = mkdtempSync(path.join(tmpdir(), 'newsdrop-cdk-'));
    const synthesized = synthHandlerBundles(outdir, EXAMPLE_PROPS);
    bundles = {
      ingest: synthesized.ingest.entry,
      digest: synthesized.digest.entry,
      digestSender: synthesized['digest-sender'].entry,
      unsubscribe: synthesized.unsubscribe.entry,
      subscriberImport: synthesized['subscriber-import'].entry,
    };

    dataDir = mkdtempSync(path.join(tmpdir(), 'newsdrop-s3-'));
    s3 = await startS3Emulator({ port: 0, directory: dataDir, bucket: BUCKET });
    ses = await startSesEmulator({ port: 0 });
    dynamo = await startTestDynamoDb();
    sqs = await startSqsEndpoint();
    deliveryTable = await dynamo.createDeliveryTable();
    subscriberTable = await dynamo.createSubscriberTable();
    articleIndexTable = await dynamo.createArticleIndexTable();
    s3.onObjectEvent((record) => record.s3.object.key.startsWith('incoming/') && events.push(record));
    s3.onObjectEvent((record) => record.s3.object.key === 'config/subscribers.json' && subscriberUploads.push(record));
  });

  afterAll(async () => {
    await Promise.allSettled([s3?.close(), ses?.close(), dynamo?.close(), sqs?.close()]);
    for (const dir of [outdir, dataDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the ingest and digest code within 1.5 MB', () => {
    expect(statSync(bundles.ingest).size).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
    expect(statSync(bundles.digest).size).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
  });

  it('ships the digest with its story IDF table, without the topic model', () => {
    const digestDir = path.dirname(bundles.digest);
    expect(existsSync(path.join(digestDir, 'story-idf.bin'))).toBe(true);
    // The word vectors go where story features are computed (ingest), not to the digest, which reads them stored.
    expect(existsSync(path.join(path.dirname(bundles.ingest), 'story-meaning.bin'))).toBe(true);
    expect(existsSync(path.join(digestDir, 'story-meaning.bin'))).toBe(false);
    expect(existsSync(path.join(digestDir, 'model.bin'))).toBe(false);
    // The model file's magic: its decoder is not bundled either.
    expect(readFileSync(bundles.digest, 'utf8')).not.toContain('NDTM');
    expect(readFileSync(bundles.ingest, 'utf8')).toContain('NDTM');
  });

  it('ships the templates with the sender only, and the story IDF table with the planner only', () => {
    const senderDir = path.dirname(bundles.digestSender);
    expect(existsSync(path.join(senderDir, 'templates', 'digest.compiled.json'))).toBe(true);
    expect(existsSync(path.join(path.dirname(bundles.digest), 'templates'))).toBe(false);
    expect(existsSync(path.join(senderDir, 'story-idf.bin'))).toBe(false);
    expect(existsSync(path.join(senderDir, 'model.bin'))).toBe(false);
  });

  it('ingest and digest bundles process Markdown and HTML articles into a delivered digest', async () => {
    // Prepare
    // The planner and the sender reach the chunk queue through the bundled SQS client, as deployed.
    const env = {
      ...localEnvironment({ s3Endpoint: s3.endpoint, sesEndpoint: ses.endpoint, dynamoDbEndpoint: dynamo.endpoint, bucket: BUCKET, deliveryTable, subscriberTable, articleIndexTable, sendRatePerSecond: 100 }),
      DIGEST_CHUNK_QUEUE_URL: sqs.queueUrl,
      // The planner publishes its edition and the sender each digest's web version to archive/.
      ARCHIVE_BASE_URL: 'https://archive.example.org/',
    };
    Object.assign(process.env, env);
    const store = new S3ObjectStore(createS3Client(), BUCKET);
    await store.put('config/subscribers.json', JSON.stringify([{ email: 'reader@example.com', topics: ['*'], cadence: 'daily' }]));
    // Markdown and HTML: the ingest bundle imports each format's parser on first use.
    await store.put('incoming/cup final.md', readFileSync(repoPath('examples', 'articles', 'cup-final-report.md')));
    await store.put('incoming/chipmaker.html', readFileSync(repoPath('examples', 'articles', 'chipmaker-results.html')));

    const keys = JSON.stringify({ current: '1', key1: 'k'.repeat(48) });
    const withLinks = { ...env, NEWSDROP_UNSUBSCRIBE_KEYS: keys, UNSUBSCRIBE_BASE_URL: 'https://unsubscribe.example.org/' };

    const logFile = path.join(dataDir, 'handlers.log');

    // Act
    const imported = (await runBundledHandler(bundles.subscriberImport, { Records: subscriberUploads }, { ...env, NEWSDROP_LOG_FILE: logFile })) as { status: string }[];
    const ingested = (await runBundledHandler(bundles.ingest, sqsEventFromS3Records(events), { ...env, NEWSDROP_LOG_FILE: logFile }, { requestId: 'ingest-request' })) as {
      batchItemFailures: unknown[];
    };
    const plan = (await runBundledHandler(bundles.digest, { cadence: 'daily' }, { ...env, NEWSDROP_LOG_FILE: logFile }, { requestId: 'plan-request' })) as { readers: number; chunks: number };
    const chunks = sqs.messages.splice(0);
    const sent = (await runBundledHandler(
      bundles.digestSender,
      { Records: chunks.map((body) => sqsRecord(body)) },
      // As the function's NEWSDROP_TEMPLATE_DIR points at /var/task/templates: the templates ship beside the sender's code.
      { ...withLinks, NEWSDROP_LOG_FILE: logFile, NEWSDROP_TEMPLATE_DIR: path.join(path.dirname(bundles.digestSender), 'templates') },
      { requestId: 'sender-request' },
    )) as { batchItemFailures: unknown[] };

    // Assess
    expect(imported).toEqual([expect.objectContaining({ status: 'imported', summary: expect.objectContaining({ created: 1 }) })]);
    expect(ingested.batchItemFailures).toEqual([]);
    expect(plan).toMatchObject({ readers: 1, chunks: 1 });
    expect(chunks).toHaveLength(1);
    expect(sent.batchItemFailures).toEqual([]);
    // The bundled sender claimed and recorded the mail in the DynamoDB ledger.
    expect(await dynamo.ledgerItems(deliveryTable)).toEqual([expect.objectContaining({ status: 'sent', articleIds: expect.any(Array), messageId: expect.any(String) })]);
    const [mail] = await ses.mails();
    expect(mail?.subject).toContain('(+1 more)');
    expect(mail?.body.html).toContain('Late header seals cup final for Riverside after extra time');
    expect(mail?.body.html).toContain('Sports Desk Weekly');
    expect(mail?.body.html).toContain('Chipmaker Veltrix beats forecasts as data-centre demand soars');
    // "View in browser" links the page the bundled sender wrote; the bundled planner wrote the edition and the feed.
    const webVersion = /href="https:\/\/archive\.example\.org\/(digests\/[0-9a-f]{32}\.html)">View in browser</.exec(mail?.body.html ?? '')?.[1];
    expect(webVersion).toBeDefined();
    const archived = (await store.list('archive/')).map((object) => object.key);
    expect(archived).toEqual(expect.arrayContaining([`archive/${webVersion}`, 'archive/daily/feed.xml', 'archive/daily/index.html', 'archive/index.html']));
    expect(new TextDecoder().decode((await store.get(`archive/${webVersion}`))!.body)).not.toContain('reader@example.com');
    // One line per article and per send, stamped with the request id, and the EMF metrics beside them.
    const logged = readFileSync(logFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toContainEqual(expect.objectContaining({ service: 'ingest', outcome: 'stored', function_request_id: 'ingest-request', key: 'incoming/cup final.md', topic: 'sport' }));
    expect(logged).toContainEqual(expect.objectContaining({ service: 'digest', message: 'digest run planned', function_request_id: 'plan-request', readers: 1 }));
    expect(logged).toContainEqual(expect.objectContaining({ service: 'digest-sender', outcome: 'sent', function_request_id: 'sender-request', subscriberKey: expect.stringMatching(/^[0-9a-f]{32}$/) }));
    expect(JSON.stringify(logged)).not.toContain('reader@example.com');
    const metrics = logged.filter((line) => '_aws' in line);
    expect(metrics).toContainEqual(expect.objectContaining({ ArticlesParsed: 2 }));
    expect(metrics).toContainEqual(expect.objectContaining({ cadence: 'daily', MailsSent: 1, DigestLatency: expect.any(Number) }));
    // The footer's link (last) stops every mail; the section links above it stop one topic.
    const link = [...(mail?.body.html ?? '').matchAll(/href="(https:\/\/unsubscribe\.example\.org\/\?p=[^"]+)"/g)].at(-1)?.[1]?.replaceAll('&amp;', '&');
    expect(link).toBeDefined();
    const query = Object.fromEntries(new URL(link!).searchParams);
    const urlEvent = (method: string, q: Record<string, string>, body: string) => ({ requestContext: { http: { method } }, queryStringParameters: q, body, isBase64Encoded: false });
    const forged = (await runBundledHandler(bundles.unsubscribe, urlEvent('POST', { ...query, s: 'x' }, 'List-Unsubscribe=One-Click'), withLinks)) as { statusCode: number };
    const oneClick = (await runBundledHandler(bundles.unsubscribe, urlEvent('POST', query, 'List-Unsubscribe=One-Click'), withLinks)) as {
      statusCode: number;
      headers: Record<string, string>;
    };
    // A section's link, one-click as multipart/form-data, base64-encoded as a Function URL passes it: the bundled parser reads it.
    const topicLink = [...(mail?.body.html ?? '').matchAll(/href="(https:\/\/unsubscribe\.example\.org\/\?p=[^"]+)"/g)].at(0)?.[1]?.replaceAll('&amp;', '&');
    const multipartBody = '--nd\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--nd--\r\n';
    const topicOneClick = (await runBundledHandler(
      bundles.unsubscribe,
      {
        ...urlEvent('POST', Object.fromEntries(new URL(topicLink!).searchParams), Buffer.from(multipartBody).toString('base64')),
        isBase64Encoded: true,
        headers: { 'content-type': 'multipart/form-data; boundary=nd' },
      },
      withLinks,
    )) as { statusCode: number; body: string };
    expect(topicLink).not.toBe(link);
    expect(topicOneClick).toMatchObject({ statusCode: 200, body: expect.stringMatching(/no longer get/) });
    expect(forged.statusCode).toBe(403);
    expect(oneClick.statusCode).toBe(200);
    expect(oneClick.headers).toMatchObject({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' });
    expect(oneClick.headers['content-security-policy']).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    const again = (await runBundledHandler(bundles.digest, { cadence: 'daily' }, env)) as { readers: number };
    expect(again.readers).toBe(0);
    expect(await dynamo.items(subscriberTable)).toEqual([expect.objectContaining({ email: 'reader@example.com', status: 'unsubscribed' })]);
  });
});
