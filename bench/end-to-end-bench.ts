/**
 * One daily run end to end through the local services: the planner and sender handlers as
 * deployed (lambda/handlers/digest.ts, digest-sender.ts), against dynalite, s3rver and
 * aws-ses-v2-local (in a child process, see local-services.ts), each behind the tests'
 * fault-injecting proxy. The chunk queue is an in-memory SQS (visibility timeout, receive count,
 * dead-lettering) under the deployed SqsDigestChunkQueue. While it runs:
 * - one sender, a process of its own, is killed (SIGKILL) mid-chunk: after 60 of its 200 mails,
 *   with its next sends held unanswered at the SES proxy; its chunk comes back after the visibility
 *   timeout, past the lease of its claims;
 * - SES, DynamoDB and S3 answer 5xx now and then, some after doing the work (lost answers).
 * Every request that reaches a service is counted (DynamoDB's consumed capacity by operation, as
 * dynalite reports it), and every mail SES accepted, by recipient: lost and duplicated readers.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { localEnvironment } from '../bin/local/local-environment.js';
import { sqsRecord } from '../bin/local/sqs-event.js';
import { createDynamoDbDocumentClient } from '../lambda/aws-clients.js';
import { runWatermarkFor } from '../lambda/digest/delivery-watermark.js';
import type { ChunkSendSummary } from '../lambda/pipeline/send-digest-chunk.js';
import { articleIndexTableCreateInput } from '../lambda/store/article-index-table.js';
import { DynamoDbArticleIndex } from '../lambda/store/article-index.js';
import { deliveryTableCreateInput } from '../lambda/store/delivery-table.js';
import { SqsDigestChunkQueue } from '../lambda/store/digest-chunk-queue.js';
import { PREFIX } from '../lambda/store/keys.js';
import { subscriberTableCreateInput } from '../lambda/store/subscriber-table.js';
import { forwardTo, startFaultInjectingProxy, type ProxiedRequest, type ProxiedResponse, type Upstream } from '../test/support/fault-injecting-proxy.js';
import { sesV2SendEmail } from '../test/support/local-stack.js';
import { startHandlerProcess } from '../test/support/run-bundled-handler.js';
import { withS3ConditionalWrites } from '../test/support/s3-conditional-writes.js';
import { benchReaders, candidateArticles, seedReaders } from './digest-fixtures.js';
import type { LocalServices } from './local-services.js';

const BUCKET = 'newsdrop-bench';
const LOCAL_CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };
/** SQS bills a request per 64 KB of payload. */
const SQS_BILLING_BYTES = 64 * 1024;
/** Receives of one chunk before it goes to the dead-letter queue, as deployed. */
const MAX_RECEIVE_COUNT = 5;
/** The senders' timeout, as deployed: their deadline, and the lease of their claims. */
const SENDER_TIMEOUT_MS = 15 * 60_000;
/**
 * When a chunk whose sender reported failures comes back. Deployed, its visibility timeout has to
 * run out first (at least the sender's timeout); shortened here so it comes back within the run:
 * the failures it retries released their claims, so no lease holds it up.
 */
const RETRY_AFTER_FAILURE_MS = 2_000;
/** The killed sender's timeout: its claims' lease ends then; its chunk comes back 3 s after that. */
const KILLED_SENDER_TIMEOUT_MS = 45_000;
const KILL_AFTER_SENDS = 60;
/** Readers in flight per sender (sendDigestChunk's default): how many sends the kill finds held. */
const SENDER_CONCURRENCY_IN_CHUNK = 8;

/** Requests that reached a service, by what AWS bills them as. */
export interface RequestCounts {
  readonly s3: Record<'GET' | 'HEAD' | 'PUT' | 'LIST' | 'DELETE', number>;
  /** By "<table> <operation>": requests and consumed units (dynalite's figures; index writes added, see below). */
  readonly dynamoDb: Record<string, { requests: number; readUnits: number; writeUnits: number }>;
  readonly sqs: { sendBatchRequests: number; sendBilled: number; receiveBilled: number; deleteRequests: number };
  sesSendCalls: number;
}

export interface EndToEndFigures {
  readonly readers: number;
  readonly candidates: number;
  readonly senders: number;
  readonly chunks: number;
  readonly planSeconds: number;
  /** Planner start to the last chunk done. */
  readonly seconds: number;
  readonly accepted: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly meanMimeKb: number;
  readonly cpuMsPerMail: number;
  readonly servicesCpuMsPerMail: number;
  readonly faults: Record<string, number>;
  readonly killed: { readonly sentBeforeKill: number; readonly heldAtKill: number; readonly readers: number; readonly backAfterMs: number };
  readonly deliveries: number;
  readonly redeliveries: number;
  readonly deadLettered: number;
  readonly totals: Record<'sent' | 'alreadySent' | 'nothingNew' | 'notMailable' | 'superseded' | 'failed' | 'deferred', number>;
  readonly requests: RequestCounts;
}

interface QueuedMessage {
  readonly messageId: string;
  readonly body: string;
  receiveCount: number;
  visibleAt: number;
}

/** SQS in memory, under the deployed SqsDigestChunkQueue: what the planner and senders enqueue lands here. */
class InMemorySqs {
  readonly messages: QueuedMessage[] = [];
  readonly counts = { sendBatchRequests: 0, sendBilled: 0, receiveBilled: 0, deleteRequests: 0 };
  private enqueued = 0;

  constructor(private readonly reserve: (index: number, message: QueuedMessage) => boolean) {}

  /** The SDK client's send, for SendMessageBatch (the only call SqsDigestChunkQueue makes). */
  readonly client = {
    send: async (command: { input: { Entries?: { Id?: string; MessageBody?: string }[] } }) => {
      const entries = command.input.Entries ?? [];
      this.counts.sendBatchRequests++;
      this.counts.sendBilled += Math.max(1, Math.ceil(entries.reduce((sum, entry) => sum + Buffer.byteLength(entry.MessageBody ?? ''), 0) / SQS_BILLING_BYTES));
      for (const entry of entries) {
        const message = { messageId: randomUUID(), body: entry.MessageBody ?? '', receiveCount: 0, visibleAt: 0 };
        if (!this.reserve(this.enqueued++, message)) this.messages.push(message);
      }
      return { Successful: entries.map((entry) => ({ Id: entry.Id })), Failed: [] };
    },
  } as unknown as SQSClient;

  receive(visibilityMs: number): QueuedMessage | undefined {
    const now = Date.now();
    const message = this.messages.find((candidate) => candidate.visibleAt <= now);
    if (!message) return undefined;
    message.receiveCount++;
    message.visibleAt = now + visibilityMs;
    this.counts.receiveBilled += Math.max(1, Math.ceil(Buffer.byteLength(message.body) / SQS_BILLING_BYTES));
    return message;
  }

  delete(message: QueuedMessage): void {
    const at = this.messages.indexOf(message);
    if (at !== -1) this.messages.splice(at, 1);
    this.counts.deleteRequests++;
  }
}

const body = (request: ProxiedRequest) => request.body.toString('utf8');

/** Counts S3 requests by what they are billed as. */
function countingS3(upstream: Upstream, counts: RequestCounts['s3']): Upstream {
  return async (request) => {
    const query = request.url.split('?')[1] ?? '';
    const kind = request.method === 'GET' && /(^|&)(list-type|prefix)=/.test(query) ? 'LIST' : (request.method as keyof typeof counts);
    if (kind in counts) counts[kind]++;
    return upstream(request);
  };
}

/**
 * Asks dynalite for the consumed capacity of every request and adds it up by table and operation.
 * Writes to the subscriber table also write its index (projection ALL, the item is in it while
 * active): AWS charges those as index write units of the same size, which dynalite does not
 * report; they are added here.
 */
function countingDynamoDb(upstream: Upstream, counts: RequestCounts['dynamoDb'], tableNames: Record<string, string>, indexedTable: string): Upstream {
  return async (request) => {
    const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
    const input = JSON.parse(body(request)) as Record<string, unknown>;
    input['ReturnConsumedCapacity'] = 'INDEXES';
    const rewritten = Buffer.from(JSON.stringify(input));
    const answer: ProxiedResponse = await upstream({ ...request, body: rewritten, headers: { ...request.headers, 'content-length': String(rewritten.byteLength) } });
    const table = String(input['TableName'] ?? Object.keys((input['RequestItems'] as object | undefined) ?? {})[0] ?? '');
    const key = `${tableNames[table] ?? table} ${operation}`;
    const entry = counts[key] ?? { requests: 0, readUnits: 0, writeUnits: 0 };
    counts[key] = entry;
    entry.requests++;
    if (answer.status === 200) {
      const output = JSON.parse(answer.body.toString('utf8')) as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] };
      const consumed = [output.ConsumedCapacity ?? []].flat().reduce((sum, capacity) => sum + (capacity.CapacityUnits ?? 0), 0);
      const isWrite = ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'].includes(operation);
      if (isWrite) entry.writeUnits += consumed * (table === indexedTable ? 2 : 1);
      else entry.readUnits += consumed;
    } else if (answer.status === 400 && answer.body.includes('ConditionalCheckFailed')) {
      // A refused conditional write still costs its write units.
      entry.writeUnits += 1;
    }
    return answer;
  };
}

export async function measureEndToEnd(services: LocalServices, options: { readers: number; candidates: number; senders: number }): Promise<EndToEndFigures> {
  const endpoints = services.endpoints;
  const admin = new DynamoDBClient({ endpoint: endpoints.dynamoDb!, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  const tables = { subscribers: 'bench-e2e-subscribers', ledger: 'bench-e2e-ledger', index: 'bench-e2e-article-index' };
  await admin.send(new CreateTableCommand(subscriberTableCreateInput(tables.subscribers)));
  await admin.send(new CreateTableCommand(deliveryTableCreateInput(tables.ledger)));
  await admin.send(new CreateTableCommand(articleIndexTableCreateInput(tables.index)));
  admin.destroy();

  // Readers mailed by yesterday's run (the state this version keeps), and today's articles.
  const runAt = new Date();
  const direct = createDynamoDbDocumentClient({}, { endpoint: endpoints.dynamoDb!, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  const readers = benchReaders(0, options.readers);
  await seedReaders(direct, tables.subscribers, readers, { ledgerTable: tables.ledger, state: { deliveredThrough: runWatermarkFor(new Date(runAt.getTime() - 86_400_000)), recentArticleIds: [] } });
  const index = new DynamoDbArticleIndex(direct, tables.index);
  for (const { indexedAt, ...article } of candidateArticles(options.candidates, runAt)) await index.put(article, new Date(indexedAt));
  direct.destroy();

  const requests: RequestCounts = {
    s3: { GET: 0, HEAD: 0, PUT: 0, LIST: 0, DELETE: 0 },
    dynamoDb: {},
    sqs: { sendBatchRequests: 0, sendBilled: 0, receiveBilled: 0, deleteRequests: 0 },
    sesSendCalls: 0,
  };
  const acceptedBy = new Map<string, number>();
  let mimeBytes = 0;
  let sinceClear = 0;
  const countingSes: Upstream = async (request) => {
    const send = sesV2SendEmail(request);
    if (!send) return forwardTo(endpoints.sesEmulator!)(request);
    requests.sesSendCalls++;
    const answer = await forwardTo(endpoints.sesEmulator!)(request);
    if (answer.status === 200) {
      const to = send.Destination?.ToAddresses?.[0] ?? '';
      acceptedBy.set(to, (acceptedBy.get(to) ?? 0) + 1);
      mimeBytes += ((send.Content?.Raw?.Data?.length ?? 0) * 3) / 4;
      // aws-ses-v2-local keeps every mail it parsed; a run of this size would fill the child's heap.
      if (++sinceClear >= 1000) {
        sinceClear = 0;
        await services.clearSesEmulator();
      }
    }
    return answer;
  };
  const tableNames = { [tables.subscribers]: 'subscribers', [tables.ledger]: 'ledger', [tables.index]: 'article index' };
  const s3Proxy = await startFaultInjectingProxy({ upstream: countingS3(withS3ConditionalWrites(forwardTo(endpoints.s3!)), requests.s3) });
  const dynamoProxy = await startFaultInjectingProxy({ upstream: countingDynamoDb(forwardTo(endpoints.dynamoDb!), requests.dynamoDb, tableNames, tables.subscribers) });
  const sesProxy = await startFaultInjectingProxy({ upstream: countingSes });

  const env: Record<string, string> = {
    ...localEnvironment({
      s3Endpoint: s3Proxy.endpoint,
      sesEndpoint: sesProxy.endpoint,
      dynamoDbEndpoint: dynamoProxy.endpoint,
      bucket: BUCKET,
      deliveryTable: tables.ledger,
      subscriberTable: tables.subscribers,
      articleIndexTable: tables.index,
      // Not binding: this run is about what arrives, not the rate (sender-bench holds that).
      sendRatePerSecond: 1000,
      senderConcurrency: 1,
    }),
    // The handlers' JSON log lines, formatted as in Lambda; BENCH_LOG_FILE keeps them for a look.
    NEWSDROP_LOG_FILE: process.env['BENCH_LOG_FILE'] ?? '/dev/null',
    NEWSDROP_UNSUBSCRIBE_KEYS: JSON.stringify({ current: '1', key1: 'bench-signing-key-'.repeat(3) }),
    UNSUBSCRIBE_BASE_URL: 'https://unsubscribe.example.com/',
  };
  const previousEnv = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  const { digestPlannerHandler } = await import('../lambda/handlers/digest.js');
  const { digestSenderHandler } = await import('../lambda/handlers/digest-sender.js');

  // The third chunk goes to the sender that is killed.
  let killedMessage: QueuedMessage | null = null;
  const sqs = new InMemorySqs((index, message) => {
    if (index !== 2) return false;
    killedMessage = message;
    return true;
  });
  const queue = new SqsDigestChunkQueue(sqs.client, 'https://sqs.us-east-1.amazonaws.com/000000000000/bench-chunks');
  const summaries: ChunkSendSummary[] = [];
  const planner = digestPlannerHandler(queue);
  const sender = digestSenderHandler({ queue, onChunk: (summary) => summaries.push(summary) });

  // Faults, in the order the proxies check them.
  const emails = new Map(readers.map(({ row, hash }) => [hash, row.email]));
  const sendTo = (request: ProxiedRequest) => sesV2SendEmail(request)?.Destination?.ToAddresses?.[0] ?? null;
  const sesError = { kind: 'status', status: 500, contentType: 'application/json', headers: { 'x-amzn-errortype': 'InternalServiceErrorException:http://internal.amazon.com/coral/com.amazonaws.sesv2/' }, body: '{"message":"Service is unavailable"}' } as const;
  const dynamoError = (kind: 'status' | 'lost-answer') =>
    ({ kind, status: 500, contentType: 'application/x-amz-json-1.0', body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' }) }) as const;
  const unlucky = readers[Math.floor(readers.length / 2)]!.row.email;
  let killedSends = 0;
  const killedEmails = new Set<string>();
  const holdKilledSends = 'sender killed mid-chunk: its sends after the 60th held unanswered';
  let killedFirstSendAt = 0;
  const killedSend = (request: ProxiedRequest) => {
    if (!killedEmails.has(sendTo(request) ?? '')) return false;
    // The killed sender set its deadline before its first send: its claims' lease ends before this + its timeout.
    if (killedSends === 0) killedFirstSendAt = Date.now();
    return ++killedSends > KILL_AFTER_SENDS;
  };
  sesProxy.inject({ name: holdKilledSends, matches: killedSend, fault: { kind: 'hang' }, times: SENDER_CONCURRENCY_IN_CHUNK });
  sesProxy.inject({ name: 'SES 500 for one reader, 5 times (past the sender\'s 5 attempts)', matches: (request) => sendTo(request) === unlucky, fault: sesError, times: 5 });
  let sesSeen = 0;
  sesProxy.inject({ name: 'SES 500 on every 97th send', matches: (request) => sendTo(request) !== null && ++sesSeen % 97 === 0, fault: sesError });
  const target = (request: ProxiedRequest) => String(request.headers['x-amz-target'] ?? '');
  dynamoProxy.inject({ name: 'DynamoDB ledger claim written, answer lost (500)', matches: (request) => target(request).endsWith('.PutItem') && body(request).includes('ConditionExpression'), fault: dynamoError('lost-answer'), times: 25 });
  dynamoProxy.inject({ name: 'DynamoDB delivery state written, answer lost (500)', matches: (request) => target(request).endsWith('.UpdateItem'), fault: dynamoError('lost-answer'), times: 25 });
  let dynamoSeen = 0;
  dynamoProxy.inject({ name: 'DynamoDB 500 on every 211th request', matches: () => ++dynamoSeen % 211 === 0, fault: dynamoError('status') });
  s3Proxy.inject({ name: 'S3 503 SlowDown on the run snapshot GET, twice', matches: (request) => request.method === 'GET' && request.url.includes(`/${PREFIX.digestRuns}`), fault: { kind: 'status', status: 503, body: '<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>' }, times: 2 });

  const servicesCpuBefore = await services.cpuMs();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let planned = false;
  let chunks = 0;
  const planning = planner({ cadence: 'daily' }).then((plan) => {
    planned = true;
    chunks = plan.chunks;
    return (performance.now() - started) / 1000;
  });

  // The killed sender: its own process, the deployed handler module, one chunk.
  const killed = { sentBeforeKill: 0, heldAtKill: 0, readers: 0, backAfterMs: 0 };
  const killing = (async () => {
    while (!killedMessage) {
      if (planned) throw new Error('the run has fewer than three chunks: nobody to kill');
      await sleep(10);
    }
    const message: QueuedMessage = killedMessage;
    const chunkReaders = (JSON.parse(message.body) as { readers: string[] }).readers;
    for (const hash of chunkReaders) killedEmails.add(emails.get(hash)!);
    killed.readers = chunkReaders.length;
    message.receiveCount = 1;
    const child = startHandlerProcess(
      path.resolve(import.meta.dirname, '../lambda/handlers/digest-sender.ts'),
      { Records: [sqsRecord(message.body, { messageId: message.messageId, receiveCount: 1 })] },
      env,
      { timeoutMs: KILLED_SENDER_TIMEOUT_MS },
    );
    const outcome = child.result.then(
      () => 'finished',
      () => 'died',
    );
    const held = () => sesProxy.injected()[holdKilledSends] ?? 0;
    while (held() < Math.min(SENDER_CONCURRENCY_IN_CHUNK, chunkReaders.length - KILL_AFTER_SENDS)) {
      if ((await Promise.race([outcome, sleep(20, 'running')])) !== 'running') throw new Error('the sender to be killed ended on its own');
    }
    killed.heldAtKill = held();
    killed.sentBeforeKill = [...killedEmails].filter((email) => acceptedBy.has(email)).length;
    child.kill();
    await outcome;
    // SQS hands the message out again once its visibility timeout has run out: past the killed
    // sender's timeout, so past the lease of the claims it left.
    message.visibleAt = killedFirstSendAt + KILLED_SENDER_TIMEOUT_MS + 3_000;
    killed.backAfterMs = message.visibleAt - Date.now();
    sqs.messages.push(message);
  })();
  let killerDone = false;
  const killerFinished = killing.finally(() => {
    killerDone = true;
  });

  let deliveries = 0;
  let redeliveries = 0;
  let deadLettered = 0;
  const senderLoop = async (id: number) => {
    for (;;) {
      // Invisible to the other senders while this one works on it, as SQS keeps it.
      const message = sqs.receive(SENDER_TIMEOUT_MS + 60_000);
      if (!message) {
        if (planned && killerDone && sqs.messages.length === 0) return;
        await sleep(20);
        continue;
      }
      deliveries++;
      if (message.receiveCount > 1) redeliveries++;
      const deadline = Date.now() + SENDER_TIMEOUT_MS;
      const context = { awsRequestId: `bench-sender-${id}-${deliveries}`, functionName: 'newsdrop-bench-sender', getRemainingTimeInMillis: () => deadline - Date.now() } as unknown as Context;
      const response = await sender({ Records: [sqsRecord(message.body, { messageId: message.messageId, receiveCount: message.receiveCount })] }, context);
      if (response.batchItemFailures.length === 0) sqs.delete(message);
      else if (message.receiveCount >= MAX_RECEIVE_COUNT) {
        sqs.delete(message);
        deadLettered++;
      } else message.visibleAt = Date.now() + RETRY_AFTER_FAILURE_MS;
    }
  };
  await Promise.all([...Array.from({ length: options.senders }, (_, id) => senderLoop(id)), killerFinished]);
  const planSeconds = await planning;
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const servicesCpu = (await services.cpuMs()) - servicesCpuBefore;
  Object.assign(requests.sqs, sqs.counts);
  const faults = { ...sesProxy.injected(), ...dynamoProxy.injected(), ...s3Proxy.injected() };
  await Promise.all([s3Proxy.close(), dynamoProxy.close(), sesProxy.close()]);
  for (const [name, value] of Object.entries(previousEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }

  const accepted = readers.filter(({ row }) => acceptedBy.has(row.email)).length;
  const duplicated = [...acceptedBy.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0);
  const sum = (field: keyof EndToEndFigures['totals']) => summaries.reduce((total, summary) => total + summary[field], 0);
  const mails = [...acceptedBy.values()].reduce((total, count) => total + count, 0);
  return {
    readers: options.readers,
    candidates: options.candidates,
    senders: options.senders,
    chunks,
    planSeconds,
    seconds,
    accepted,
    lost: options.readers - accepted,
    duplicated,
    meanMimeKb: mimeBytes / mails / 1024,
    cpuMsPerMail: (cpu.user + cpu.system) / 1000 / mails,
    servicesCpuMsPerMail: servicesCpu / mails,
    faults,
    killed,
    deliveries,
    redeliveries,
    deadLettered,
    totals: {
      sent: sum('sent'),
      alreadySent: sum('alreadySent'),
      nothingNew: sum('nothingNew'),
      notMailable: sum('notMailable'),
      superseded: sum('superseded'),
      failed: sum('failed'),
      deferred: sum('deferred'),
    },
    requests,
  };
}
