import path from 'node:path';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInProcessFanOut, runDigestInProcess, type InProcessFanOut } from '../../bin/local/digest-fanout.js';
import type { EmulatedMail } from '../../bin/local/ses-emulator.js';
import { s3NotificationBody, sqsRecord } from '../../bin/local/sqs-event.js';
import { selectArticlesFor } from '../../lambda/digest/select-articles.js';
import { subscriberKeyFor } from '../../lambda/store/keys.js';
import { CLAIM_CLOCK_SKEW_MS } from '../../lambda/store/delivery-ledger.js';
import type { DigestChunk } from '../../lambda/store/digest-chunk-queue.js';
import type { Subscriber } from '../../lambda/store/subscriber.js';
import { plainTextArticle } from '../support/article-file-factory.js';
import { forwardTo, startFaultInjectingProxy, type ProxiedRequest } from '../support/fault-injecting-proxy.js';
import { sesV2SendEmail, startLocalStack, type LocalStack } from '../support/local-stack.js';
import { startHandlerProcess } from '../support/run-bundled-handler.js';
import { SimulatedSqsQueue } from '../support/simulated-sqs-queue.js';

const BUCKET = 'newsdrop-faults';
/** Short SDK timeouts in the test only, so a hung emulator costs fractions of a second. */
const REQUEST_TIMEOUT_MS = 400;
const handlerModule = (name: string) => path.resolve(import.meta.dirname, `../../lambda/handlers/${name}.ts`);

type IngestHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

const SUBSCRIBERS: Subscriber[] = [
  { email: 'everything@example.com', name: 'Ada Everything', topics: ['*'], cadence: 'daily' },
  { email: 'zoe@example.com', name: 'Zoë Müller', topics: ['*'], cadence: 'daily' },
  { email: 'markets@example.com', topics: ['business', 'technology'], cadence: 'daily' },
  { email: 'sport@example.com', topics: ['sport'], cadence: 'daily' },
  { email: 'politics@example.com', topics: ['politics', 'world'], cadence: 'daily' },
  { email: 'late@example.com', topics: ['*'], cadence: 'daily' },
];

/** Matches S3 requests of one method on keys under a prefix of the bucket. */
function s3Request(method: string, prefix: string, options: { conditional?: boolean } = {}) {
  return (request: ProxiedRequest) =>
    request.method === method &&
    decodeURIComponent(request.url.split('?')[0] ?? '').startsWith(`/${BUCKET}/${prefix}`) &&
    (options.conditional === undefined || options.conditional === ('if-none-match' in request.headers || 'if-match' in request.headers));
}

/** A DynamoDB PutItem (JSON protocol: the operation is in a header); a claim is the conditional one. */
const isPutItem = (options: { conditional: boolean }) => (request: ProxiedRequest) =>
  request.headers['x-amz-target'] === 'DynamoDB_20120810.PutItem' && request.body.toString('utf8').includes('ConditionExpression') === options.conditional;
/** A sender reading its chunk's readers. */
const isBatchGetItem = (request: ProxiedRequest) => request.headers['x-amz-target'] === 'DynamoDB_20120810.BatchGetItem';
const dynamoDbError = (status: number, type: string, message: string) =>
  ({ status, contentType: 'application/x-amz-json-1.0', body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message }) }) as const;
const DYNAMODB_INTERNAL = { kind: 'lost-answer', ...dynamoDbError(500, 'InternalServerError', 'Internal server error') } as const;
const DYNAMODB_THROTTLED = { kind: 'status', ...dynamoDbError(400, 'ThrottlingException', 'Rate of requests exceeds the allowed throughput.') } as const;
const DYNAMODB_UNAVAILABLE = { kind: 'status', ...dynamoDbError(500, 'InternalServerError', 'Internal server error') } as const;

const isSend = (request: ProxiedRequest) => sesV2SendEmail(request) !== null;
const sendTo = (email: string) => (request: ProxiedRequest) => sesV2SendEmail(request)?.Destination?.ToAddresses?.[0] === email;

const S3_SLOW_DOWN = { kind: 'status', status: 503, body: '<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>' } as const;
const S3_INTERNAL = { kind: 'lost-answer', status: 500, body: '<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>' } as const;
/** An SES v2 (REST/JSON) error answer: the name in x-amzn-ErrorType, the message in the JSON body. */
const sesV2Error = (status: number, name: string, message: string) =>
  ({
    kind: 'status',
    status,
    contentType: 'application/json',
    headers: { 'x-amzn-errortype': `${name}:http://internal.amazon.com/coral/com.amazonaws.sesv2/`, 'x-amzn-requestid': 'r' },
    body: JSON.stringify({ message }),
  }) as const;
const SES_UNAVAILABLE = sesV2Error(500, 'InternalServiceErrorException', 'Service is unavailable');
const SES_THROTTLED = sesV2Error(429, 'TooManyRequestsException', 'Maximum sending rate exceeded.');

/** One chunk as the event source mapping hands it to a sender, SQS message id kept across receives. */
function chunkEvent(chunk: DigestChunk, receiveCount: number): SQSEvent {
  return { Records: [sqsRecord(JSON.stringify(chunk), { receiveCount, messageId: 'chunk-message' })] };
}

/** The mails addressed to one subscriber ("Name <address>" or a bare address). */
function inboxOf(mails: readonly EmulatedMail[], email: string): EmulatedMail[] {
  return mails.filter((mail) => mail.destination.to.some((to) => (/<([^>]+)>$/.exec(to)?.[1] ?? to) === email));
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('fault injection: S3 and SES failing, processes killed, events redelivered', () => {
  let stack: LocalStack;
  let ingest: IngestHandler;
  /** The digest planner and its senders over an in-process chunk queue; `sender` counts its invocations. */
  let fanOut: InProcessFanOut;
  let senderInvocations = 0;
  /** A daily run: planned, then its chunks sent, a failed chunk handed back to a sender until it succeeds. */
  const digest = () => runDigestInProcess('daily', fanOut);
  const report: string[] = [];
  /** Dropped after the first digest: the second digest holds these. */
  const secondBatchKeys = new Set<string>();

  beforeAll(async () => {
    stack = await startLocalStack({ bucket: BUCKET, requestTimeoutMs: REQUEST_TIMEOUT_MS });
    Object.assign(process.env, stack.env);
    ({ handler: ingest } = (await import('../../lambda/handlers/ingest.js')) as { handler: IngestHandler });
    const loaded = await loadInProcessFanOut();
    fanOut = {
      ...loaded,
      sender: (event, context) => {
        senderInvocations++;
        return loaded.sender(event, context);
      },
    };
    expect(await stack.uploadSubscribers(JSON.stringify(SUBSCRIBERS))).toMatchObject({ status: 'imported' });
  });

  afterAll(async () => {
    if (report.length > 0) console.log(['fault-injection counts:', ...report].join('\n  '));
    await stack?.close();
  });

  /** Uploads `count` new articles straight to the emulator; returns their S3 notifications. */
  async function upload(count: number): Promise<string[]> {
    const before = stack.uploads.length;
    for (let i = 0; i < count; i++) {
      const file = plainTextArticle();
      await stack.bucket.put(`incoming/batch ${before + i} ${file.headline}.txt`, file.text);
    }
    return stack.uploads.slice(before).map((record) => s3NotificationBody(record));
  }

  it('enforces S3 conditional writes in front of s3rver, as S3 does', async () => {
    // Prepare: the handlers' own store, through the proxy.
    const { S3ObjectStore } = await import('../../lambda/store/s3-object-store.js');
    const { createS3Client } = await import('../../lambda/aws-clients.js');
    const viaProxy = new S3ObjectStore(createS3Client(), BUCKET);

    // Act
    const racing = await Promise.all(Array.from({ length: 6 }, (_, i) => viaProxy.put('probe/claim.json', `{"n":${i}}`, { ifNoneMatch: true })));
    const etag = (await viaProxy.head('probe/claim.json'))!.etag!;
    const staleSwap = await viaProxy.put('probe/claim.json', '{"n":"stale"}', { ifMatch: '"0000"' });
    const swap = await viaProxy.put('probe/claim.json', '{"n":"swapped"}', { ifMatch: etag });

    // Assess
    expect(racing.filter((outcome) => outcome === 'written')).toHaveLength(1);
    expect([staleSwap, swap]).toEqual(['exists', 'written']);
    await stack.bucket.delete('probe/claim.json');
  });

  it('stores each article once when S3 fails, answers late or loses answers, and every event comes three times', async () => {
    // Prepare: 12 uploads, each notification three times; two copies side by side in one batch.
    const bodies = await upload(12);
    const queue = new SimulatedSqsQueue({ batchSize: 10, maxReceiveCount: 5 });
    for (const body of bodies) for (const copy of [body, body]) queue.send(copy);
    for (const body of bodies) queue.send(body);
    stack.s3Proxy.inject({ name: 'ingest: all of S3 answers 503 SlowDown for 1.5 s', matches: () => true, fault: S3_SLOW_DOWN, forMs: 1_500 });
    stack.s3Proxy.inject({ name: 'ingest: claim markers 503', matches: s3Request('PUT', 'state/ingested/'), fault: S3_SLOW_DOWN, times: 4 });
    stack.s3Proxy.inject({ name: 'ingest: claim marker written, answer lost', matches: s3Request('PUT', 'state/ingested/'), fault: S3_INTERNAL, times: 3 });
    stack.s3Proxy.inject({ name: 'ingest: article written, answer lost', matches: s3Request('PUT', 'articles/'), fault: S3_INTERNAL, times: 3 });
    const unlucky = `/${BUCKET}/${stack.uploads.at(-5)!.s3.object.key}`;
    stack.s3Proxy.inject({
      name: 'ingest: one dropped file unreadable (503) past the SDK retries',
      matches: (request) => request.method === 'HEAD' && decodeURIComponent(request.url.split('?')[0]!) === unlucky,
      // Six: its three deliveries each get the SDK's three attempts; the first two fail outright.
      fault: S3_SLOW_DOWN,
      times: 6,
    });
    stack.s3Proxy.inject({ name: 'ingest: GET of the dropped file hangs', matches: s3Request('GET', 'incoming/'), fault: { kind: 'hang' }, times: 3 });

    // Act
    const drained = await queue.drain((event) => ingest(event, {} as Context));
    stack.s3Proxy.clearFaults();

    // Assess
    const articles = await stack.storedArticles();
    const origins = new Set(articles.map((article) => article.origin.key));
    expect(queue.deadLetters).toEqual([]);
    expect(articles).toHaveLength(12);
    expect(origins.size).toBe(12);
    expect(await stack.bucket.list('state/ingested/')).toHaveLength(12);
    expect(await stack.bucket.list('rejected/')).toEqual([]);
    for (const [rule, count] of Object.entries(stack.s3Proxy.injected())) expect({ rule, injected: count > 0 }).toEqual({ rule, injected: true });
    report.push(`ingest S3 faults injected: ${JSON.stringify(stack.s3Proxy.injected())}`);
    report.push(`ingest under S3 faults: 36 deliveries of 12 events in ${drained.invocations} invocations, ${drained.failedItems} items and ${drained.failedInvocations} whole batches retried, ${articles.length} articles stored, ${articles.length - origins.size} duplicates, DLQ ${queue.deadLetters.length}`);
  });

  it('mails each subscriber once when SES, S3 and DynamoDB fail, time out or lose answers during the digest', async () => {
    // Prepare
    const sesFaults = [
      { name: 'digest: SES 500 for one subscriber on every attempt of the first send', matches: sendTo('late@example.com'), fault: SES_UNAVAILABLE, times: 5 },
      { name: 'digest: SES 500', matches: isSend, fault: SES_UNAVAILABLE, times: 3 },
      { name: 'digest: SES throttles', matches: isSend, fault: SES_THROTTLED, times: 2 },
      { name: 'digest: SES does not answer', matches: isSend, fault: { kind: 'hang' }, times: 2 },
    ] as const;
    for (const rule of sesFaults) stack.sesProxy.inject(rule);
    stack.dynamoProxy.inject({ name: 'digest: ledger claim written, answer lost', matches: isPutItem({ conditional: true }), fault: DYNAMODB_INTERNAL, times: 2 });
    stack.dynamoProxy.inject({ name: 'digest: ledger update throttled', matches: isPutItem({ conditional: false }), fault: DYNAMODB_THROTTLED, times: 2 });
    stack.dynamoProxy.inject({ name: "digest: the chunk's readers read throttled", matches: isBatchGetItem, fault: DYNAMODB_THROTTLED, times: 1 });
    stack.s3Proxy.inject({ name: 'digest: reader state of the earlier version read hangs', matches: s3Request('GET', 'state/subscribers/'), fault: { kind: 'hang' }, times: 1 });
    // Three: the SDK's three attempts, so the sender's first receive of the chunk fails whole.
    stack.s3Proxy.inject({ name: 'digest: run snapshot unreadable (503) past the SDK retries', matches: s3Request('GET', 'digest-runs/'), fault: S3_SLOW_DOWN, times: 3 });
    const summariesBefore = fanOut.chunkSummaries.length;
    const invocationsBefore = senderInvocations;

    // Act
    const totals = await digest();
    stack.s3Proxy.clearFaults();
    stack.sesProxy.clearFaults();
    stack.dynamoProxy.clearFaults();

    // Assess: one chunk, received three times: the snapshot unreadable, then one reader deferred, then done.
    const receives = senderInvocations - invocationsBefore;
    expect(totals).toMatchObject({ subscribers: SUBSCRIBERS.length, chunks: 1, deferred: 1, failed: 0, deadLettered: 0 });
    expect(receives).toBe(3);
    expect(fanOut.chunkSummaries.slice(summariesBefore).map((summary) => summary.deferred)).toEqual([1, 0]);
    const mails = await stack.ses.mails();
    const perSubscriber = SUBSCRIBERS.map((subscriber) => inboxOf(mails, subscriber.email).length);
    const articles = await stack.storedArticles();
    const expected = SUBSCRIBERS.map((subscriber) => (selectArticlesFor(subscriber, articles).length > 0 ? 1 : 0));
    expect(perSubscriber).toEqual(expected);
    expect(totals.sent).toBe(mails.length);
    const injected = { ...stack.sesProxy.injected(), ...stack.s3Proxy.injected(), ...stack.dynamoProxy.injected() };
    for (const [rule, count] of Object.entries(injected)) {
      if (rule.startsWith('digest:')) expect({ rule, injected: count > 0 }).toEqual({ rule, injected: true });
    }
    report.push(`digest under SES/S3/DynamoDB faults: the chunk received ${receives} times, mails per subscriber ${JSON.stringify(perSubscriber)}`);
  });

  it('stores each article once when the ingest process is killed mid-batch and the batch comes again', async () => {
    // Prepare: the batch's records run in parallel; the process dies when the third article is written.
    const bodies = await upload(6);
    for (const key of stack.uploads.slice(-6).map((record) => record.s3.object.key)) secondBatchKeys.add(key);
    const queue = new SimulatedSqsQueue({ batchSize: 10, maxReceiveCount: 5 });
    for (const body of bodies) queue.send(body);
    let running: { kill(): void } | null = null;
    const killPoint = 'ingest killed while writing its third article';
    let articlePuts = 0;
    stack.s3Proxy.inject({ name: killPoint, matches: (request) => s3Request('PUT', 'articles/')(request) && ++articlePuts === 3, fault: { kind: 'hang' }, times: 1 });
    stack.s3Proxy.onRequest((_request, faultedBy) => faultedBy === killPoint && running?.kill());

    // Act: the first invocation dies; SQS redelivers the whole batch to a new process.
    const drained = await queue.drain(async (event) => {
      const child = startHandlerProcess(handlerModule('ingest'), event, stack.env, { timeoutMs: 60_000 });
      running = child;
      return (await child.result) as SQSBatchResponse;
    });
    stack.s3Proxy.clearFaults();

    // Assess
    const articles = await stack.storedArticles();
    const origins = new Set(articles.map((article) => article.origin.key));
    expect(stack.s3Proxy.injected()[killPoint]).toBe(1);
    expect(drained.failedInvocations).toBe(1);
    expect(queue.deadLetters).toEqual([]);
    expect(articles).toHaveLength(18);
    expect(origins.size).toBe(18);
    expect(await stack.bucket.list('state/ingested/')).toHaveLength(18);
    report.push(`ingest killed mid-batch: ${drained.invocations} invocations (${drained.failedInvocations} killed), ${articles.length} articles stored, ${articles.length - origins.size} duplicates`);
  });

  it('mails each subscriber once when a sender process is killed mid-chunk and the chunk comes back', async () => {
    // Prepare: the run is planned in process; its chunk goes to a sender in a process of its own,
    // which sends two mails, then every further send is held unanswered; once S3 and DynamoDB are
    // quiet (both sends recorded, the other claims made), the process is killed.
    const before = (await stack.ses.mails()).length;
    const plan = await fanOut.planner({ cadence: 'daily' });
    const chunk = fanOut.queue.take()!.chunk;
    const killPoint = 'sender killed with sends in flight';
    let sends = 0;
    stack.sesProxy.inject({ name: killPoint, matches: (request) => isSend(request) && ++sends > 2, fault: { kind: 'hang' } });
    // The function's timeout: its deadline is the lease of its claims. It begins no reader in its
    // last 30 s, so it gets 5 s more than that; its claims lapse 35 s after it started.
    const timeoutMs = 35_000;
    const child = startHandlerProcess(handlerModule('digest-sender'), chunkEvent(chunk, 1), { ...stack.env, NEWSDROP_AWS_REQUEST_TIMEOUT_MS: '30000' }, { timeoutMs });

    // Act
    await until(() => (stack.sesProxy.injected()[killPoint] ?? 0) > 0, 'a held send');
    await Promise.all([stack.s3Proxy.quiet(300), stack.dynamoProxy.quiet(300)]);
    child.kill();
    await expect(child.result).rejects.toThrow(/SIGKILL/);
    stack.sesProxy.clearFaults();
    const mailsAtKill = (await stack.ses.mails()).length - before;
    const claims = (await stack.ledgerEntries()).filter((entry) => entry.status === 'claimed');
    // SQS hands the message to another sender. Before the claims lapse it sends nothing and fails
    // the message; once they have lapsed (as a visibility timeout past the function's timeout
    // ensures), it takes them over.
    const early = await fanOut.sender(chunkEvent(chunk, 2));
    const earlySummary = fanOut.chunkSummaries.at(-1)!;
    const leaseEnds = Math.max(...claims.map((entry) => Date.parse(entry.leaseUntil!))) + CLAIM_CLOCK_SKEW_MS;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, leaseEnds + 100 - Date.now())));
    const retry = await fanOut.sender(chunkEvent(chunk, 3));
    const retrySummary = fanOut.chunkSummaries.at(-1)!;

    // Assess
    const mails = (await stack.ses.mails()).slice(before);
    const articles = await stack.storedArticles();
    const perSubscriber = SUBSCRIBERS.map((subscriber) => inboxOf(mails, subscriber.email).length);
    const takenOver = (await stack.logLines()).filter((line) => line['runId'] === plan.runId && line['outcome'] === 'sent' && line['recoveredClaim'] === true);
    expect(plan).toMatchObject({ readers: SUBSCRIBERS.length, chunks: 1 });
    expect(fanOut.queue.length).toBe(0);
    expect(mailsAtKill).toBe(2);
    expect(claims.length).toBeGreaterThan(0);
    expect(early.batchItemFailures).toHaveLength(1);
    expect(earlySummary).toMatchObject({ sent: 0, deferred: claims.length });
    expect(retry.batchItemFailures).toEqual([]);
    expect(retrySummary).toMatchObject({ sent: claims.length, deferred: 0 });
    expect(takenOver).toHaveLength(claims.length);
    const secondBatch = articles.filter((article) => secondBatchKeys.has(article.origin.key));
    expect(perSubscriber).toEqual(SUBSCRIBERS.map((subscriber) => (selectArticlesFor(subscriber, secondBatch).length > 0 ? 1 : 0)));
    report.push(`sender killed mid-chunk: ${mailsAtKill} mails before the kill, ${claims.length} claims left; the chunk again before they lapsed: ${earlySummary.deferred} deferred, after: ${retrySummary.sent} sent (claims taken over); mails per subscriber ${JSON.stringify(perSubscriber)}`);
  });

  it('defers only the subscriber whose ledger claim DynamoDB refuses, mails the others, and the chunk sends it when it comes back', async () => {
    // Prepare: two more articles, ingested; then DynamoDB refuses one reader's claim past the SDK's retries.
    const queue = new SimulatedSqsQueue();
    for (const body of await upload(2)) queue.send(body);
    const newestKeys = new Set(stack.uploads.slice(-2).map((record) => record.s3.object.key));
    await queue.drain((event) => ingest(event, {} as Context));
    const refusedKey = subscriberKeyFor('everything@example.com');
    const rule = "digest: one reader's ledger claim refused (500) past the SDK retries";
    stack.dynamoProxy.inject({
      name: rule,
      matches: (request) => isPutItem({ conditional: true })(request) && request.body.toString('utf8').includes(refusedKey),
      fault: DYNAMODB_UNAVAILABLE,
      // Four: the DynamoDB client's four attempts.
      times: 4,
    });
    const before = (await stack.ses.mails()).length;
    const summariesBefore = fanOut.chunkSummaries.length;

    // Act: the run; its chunk fails once and comes back.
    const totals = await digest();

    // Assess
    const mails = (await stack.ses.mails()).slice(before);
    const [first, retry, ...more] = fanOut.chunkSummaries.slice(summariesBefore);
    expect(stack.dynamoProxy.injected()[rule]).toBe(4);
    expect(more).toEqual([]);
    expect(first).toMatchObject({ deferred: 1 });
    expect(retry).toMatchObject({ sent: 1, deferred: 0 });
    expect(totals).toMatchObject({ sent: first!.sent + 1, deadLettered: 0 });
    expect(inboxOf(mails, 'everything@example.com')).toHaveLength(1);
    const newest = (await stack.storedArticles()).filter((article) => newestKeys.has(article.origin.key));
    const perSubscriber = SUBSCRIBERS.map((subscriber) => inboxOf(mails, subscriber.email).length);
    expect(newest).toHaveLength(2);
    expect(perSubscriber).toEqual(SUBSCRIBERS.map((subscriber) => (selectArticlesFor(subscriber, newest).length > 0 ? 1 : 0)));
    report.push(`digest with one reader's claim refused: first receive ${first!.sent} mails and 1 deferred, the chunk again sent ${retry!.sent}; mails per subscriber ${JSON.stringify(perSubscriber)}`);
  });

  it('leaves every article stored once and every digest in every inbox once, matching the ledger', async () => {
    // Assess: the whole run, across all the faults above.
    const articles = await stack.storedArticles();
    const mails = await stack.ses.mails();
    const ledger = await stack.ledgerEntries();
    const markers = await stack.bucket.list('state/ingested/');
    expect(articles).toHaveLength(stack.uploads.length);
    expect(new Set(articles.map((article) => article.origin.key)).size).toBe(stack.uploads.length);
    expect(markers).toHaveLength(stack.uploads.length);
    expect(ledger.every((entry) => entry.status === 'sent')).toBe(true);
    report.push(`whole run: ${stack.uploads.length} uploads, ${articles.length} articles, ${markers.length} claim markers, ${mails.length} mails, ${ledger.length} ledger entries`);
    expect(new Set(mails.map((mail) => mail.messageId)).size).toBe(mails.length);
    expect(ledger.map((entry) => entry.messageId).sort()).toEqual(mails.map((mail) => mail.messageId).sort());
    for (const subscriber of SUBSCRIBERS) {
      const entries = ledger.filter((entry) => entry.subscriberKey === subscriberKeyFor(subscriber.email));
      const delivered = entries.flatMap((entry) => entry.articleIds);
      const expected = selectArticlesFor(subscriber, articles).map((article) => article.id);
      const inbox = inboxOf(mails, subscriber.email);
      expect({ subscriber: subscriber.email, mails: inbox.length, digests: new Set(entries.map((entry) => entry.digestId)).size }).toEqual({
        subscriber: subscriber.email,
        mails: entries.length,
        digests: entries.length,
      });
      expect({ subscriber: subscriber.email, articles: [...delivered].sort() }).toEqual({ subscriber: subscriber.email, articles: [...expected].sort() });
      report.push(`${subscriber.email}: ${inbox.length} mail(s), ${delivered.length} article deliveries for ${expected.length} matching articles, ${delivered.length - new Set(delivered).size} duplicates`);
    }
  });

  it('finishes an ingest batch when the Lambda API never answers the instant-digest trigger', async () => {
    // Prepare: the digest trigger goes to an endpoint that accepts requests and never answers.
    const lambdaApi = await startFaultInjectingProxy({ upstream: forwardTo('http://127.0.0.1:9') });
    lambdaApi.inject({ name: 'Lambda Invoke hangs', matches: () => true, fault: { kind: 'hang' } });
    const [body] = await upload(1);
    const env = { ...stack.env, DIGEST_FUNCTION_NAME: 'newsdrop-digest', AWS_ENDPOINT_URL_LAMBDA: lambdaApi.endpoint };
    const child = startHandlerProcess(handlerModule('ingest'), { Records: [sqsRecord(body!)] }, env, { timeoutMs: 60_000 });
    const stuck = setTimeout(() => child.kill(), 20_000);

    // Act
    const response = await child.result.finally(() => clearTimeout(stuck));
    await lambdaApi.close();

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(lambdaApi.injected()['Lambda Invoke hangs']).toBeGreaterThan(0);
  });
});
