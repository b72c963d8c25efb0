/**
 * Digest senders' throughput: 1, 4 and 16 senders at once, each sending its own chunks with
 * sendDigestChunk as the sender handler calls it (real selection, rendering, personalising, MIME
 * composition, unsubscribe links, SES v2 client, rate limiter, ledger and subscriber repository),
 * each with its own SDK clients and run cache as separate Lambdas have. What is not here answers
 * as slowly as AWS does: DynamoDB is dynalite behind 8 ms injected before every request, SES an
 * endpoint that answers 50 ms after each request, the run snapshot an in-memory bucket behind
 * 15 ms per GET. dynalite and the SES endpoint run in a child process (the machine's other core),
 * so this process's CPU is the senders' own.
 *
 * All senders share this one process, and so one core: what scales with more senders is bounded
 * here by that core. Per sender, the figures that carry over to AWS (where each sender is a Lambda
 * with its own CPU) are the throughput of one sender alone and the CPU time per mail.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { createDynamoDbDocumentClient, timedRequestHandler } from '../lambda/aws-clients.js';
import { findSameStoryPairs } from '../lambda/digest/story-graph.js';
import { runWatermarkFor } from '../lambda/digest/delivery-watermark.js';
import { serviceLogger } from '../lambda/log.js';
import { SesMailSender } from '../lambda/mail/ses-mail-sender.js';
import { parseSigningKeys } from '../lambda/mail/signing-keys.js';
import { unsubscribeLinks } from '../lambda/mail/unsubscribe-links.js';
import { EmfMetrics } from '../lambda/metrics/emf-metrics.js';
import { DEFAULT_CHUNK_READERS } from '../lambda/pipeline/plan-digest-run.js';
import { sendDigestChunk, type ChunkSendDependencies } from '../lambda/pipeline/send-digest-chunk.js';
import { deliveryTableCreateInput } from '../lambda/store/delivery-table.js';
import type { DigestChunk } from '../lambda/store/digest-chunk-queue.js';
import { DigestRunRepository } from '../lambda/store/digest-run-repository.js';
import { DynamoDbDeliveryLedger } from '../lambda/store/dynamodb-delivery-ledger.js';
import { DynamoDbDeliveryStates } from '../lambda/store/dynamodb-delivery-states.js';
import { DynamoDbSubscriberRepository } from '../lambda/store/dynamodb-subscriber-repository.js';
import { MemoryObjectStore } from '../lambda/store/memory-object-store.js';
import { subscriberTableCreateInput } from '../lambda/store/subscriber-table.js';
import { AWS_LATENCY_MS, LatencyObjectStore, withLatency } from './bench-support.js';
import { benchReaders, candidateArticles, seedReaders } from './digest-fixtures.js';
import type { LocalServices } from './local-services.js';

const LOCAL_CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const SIGNING_KEYS = JSON.stringify({ current: '1', key1: 'bench-signing-key-'.repeat(3) });

export interface SenderRun {
  readonly senders: number;
  /** The account's SES rate; each sender gets rate / senders. */
  readonly totalRate: number;
  readonly mails: number;
  readonly seconds: number;
  /** All senders together, in this one process. */
  readonly mailsPerSecond: number;
  /** Mean over the senders of each one's mails / its own time. */
  readonly perSenderMailsPerSecond: number;
  /** This process's CPU (user + system) per mail sent. */
  readonly cpuMsPerMail: number;
  /** dynalite's and the SES endpoint's CPU per mail, in their own process. */
  readonly servicesCpuMsPerMail: number;
  /** From the SES calls' start times: each sender's (sends − 1) / (last − first), summed. */
  readonly achievedRate: number;
  readonly meanMimeKb: number;
  /**
   * This whole process's peak RSS so far (maxRSS): after the one-sender run, an upper bound on what
   * one sender needs (the process also holds the bench's setup and the readers' rows).
   */
  readonly processMaxRssMb: number;
}

interface SenderSetup {
  readonly services: LocalServices;
  readonly subscriberTable: string;
  readonly ledgerTable: string;
  readonly bucket: MemoryObjectStore;
  readonly runKey: string;
  nextReader: number;
}

/** Tables, readers and one run snapshot (30 candidates, 10 per reader) for every configuration. */
async function setUp(services: LocalServices, readers: number): Promise<SenderSetup> {
  const endpoint = services.endpoints.dynamoDb!;
  const admin = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  const subscriberTable = 'bench-senders-subscribers';
  const ledgerTable = 'bench-senders-ledger';
  await admin.send(new CreateTableCommand(subscriberTableCreateInput(subscriberTable)));
  await admin.send(new CreateTableCommand(deliveryTableCreateInput(ledgerTable)));
  admin.destroy();
  const client = createDynamoDbDocumentClient({}, { endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  // Readers mailed by yesterday's run: the delivery state this version keeps on their item.
  const runAt = new Date();
  await seedReaders(client, subscriberTable, benchReaders(0, readers), { ledgerTable: ledgerTable, state: { deliveredThrough: runWatermarkFor(new Date(runAt.getTime() - 86_400_000)), recentArticleIds: [] } });
  client.destroy();
  const candidates = candidateArticles(30, runAt);
  const sameStory = await findSameStoryPairs(candidates);
  const bucket = new MemoryObjectStore();
  const runKey = await new DigestRunRepository(bucket).save({
    runId: `bench-senders-${runAt.getTime()}`,
    cadence: 'daily',
    runAt: runAt.toISOString(),
    watermark: runWatermarkFor(runAt),
    articles: candidates.map(({ storyFeatures: _features, ...article }) => article),
    sameStoryPairs: sameStory.pairs.list(),
  });
  return { services, subscriberTable, ledgerTable, bucket, runKey, nextReader: 0 };
}

/** One sender Lambda's dependencies: its own clients, run cache, rate share and logger. */
function senderDeps(setup: SenderSetup, ratePerSecond: number, sendStarts: number[], mimeBytes: number[]): { deps: ChunkSendDependencies; close: () => void; metrics: EmfMetrics } {
  const dynamo = withLatency(
    createDynamoDbDocumentClient({}, { endpoint: setup.services.endpoints.dynamoDb!, region: 'us-east-1', credentials: LOCAL_CREDENTIALS }),
    AWS_LATENCY_MS.dynamoDb,
  );
  // As createSesClient builds it (our retries only, the same timeouts), pointed at the answering endpoint.
  const ses = new SESv2Client({ endpoint: setup.services.endpoints.sesAnswer!, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, maxAttempts: 1, requestHandler: timedRequestHandler({}) });
  const send = ses.send.bind(ses) as (command: { input: { Content?: { Raw?: { Data?: Uint8Array } } } }) => Promise<unknown>;
  (ses as unknown as { send: typeof send }).send = (command) => {
    sendStarts.push(performance.now());
    mimeBytes.push(command.input.Content?.Raw?.Data?.byteLength ?? 0);
    return send(command);
  };
  // Log lines and metrics are formatted as in Lambda, then dropped.
  const metrics = new EmfMetrics({ write: () => {} });
  const deps: ChunkSendDependencies = {
    runs: new DigestRunRepository(new LatencyObjectStore(setup.bucket)),
    readers: new DynamoDbSubscriberRepository(dynamo, setup.subscriberTable),
    ledger: new DynamoDbDeliveryLedger(dynamo, setup.ledgerTable),
    states: new DynamoDbDeliveryStates(dynamo, setup.ledgerTable),
    mailer: new SesMailSender({ client: ses, ratePerSecond }),
    links: unsubscribeLinks('https://unsubscribe.example.com/', parseSigningKeys(SIGNING_KEYS)),
    from: 'News Digest <digest@news.example.org>',
    logger: serviceLogger('digest-sender', () => {}).logger,
    metrics,
    deadline: new Date(Date.now() + 15 * 60_000),
  };
  return {
    deps,
    metrics,
    close: () => {
      dynamo.destroy();
      ses.destroy();
    },
  };
}

async function runSenders(setup: SenderSetup, options: { senders: number; readersPerSender: number; totalRate: number; chunkReaders?: number }): Promise<SenderRun> {
  const chunkReaders = options.chunkReaders ?? DEFAULT_CHUNK_READERS;
  const perSender = Array.from({ length: options.senders }, () => {
    const readers = benchReaders(setup.nextReader, options.readersPerSender).map((reader) => reader.hash);
    setup.nextReader += options.readersPerSender;
    const chunks: DigestChunk[] = [];
    for (let offset = 0; offset < readers.length; offset += chunkReaders) chunks.push({ runKey: setup.runKey, cadence: 'daily', readers: readers.slice(offset, offset + chunkReaders) });
    return { chunks, sendStarts: [] as number[], mimeBytes: [] as number[], sent: 0, seconds: 0 };
  });
  const lambdas = perSender.map((sender) => ({ sender, ...senderDeps(setup, options.totalRate / options.senders, sender.sendStarts, sender.mimeBytes) }));
  const servicesCpuBefore = await setup.services.cpuMs();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    lambdas.map(async ({ sender, deps, metrics }) => {
      // One chunk per invocation, as the queue hands them over (batch size 1).
      for (const chunk of sender.chunks) {
        const summary = await sendDigestChunk(chunk, deps);
        metrics.flush();
        sender.sent += summary.sent;
        if (summary.sent !== chunk.readers.length) throw new Error(`a sender sent ${summary.sent} of ${chunk.readers.length}: ${JSON.stringify({ ...summary, unsent: summary.unsent.length })}`);
      }
      sender.seconds = (performance.now() - started) / 1000;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const servicesCpu = (await setup.services.cpuMs()) - servicesCpuBefore;
  for (const lambda of lambdas) lambda.close();
  const mails = perSender.reduce((sum, sender) => sum + sender.sent, 0);
  const mimeBytes = perSender.flatMap((sender) => sender.mimeBytes);
  return {
    senders: options.senders,
    totalRate: options.totalRate,
    mails,
    seconds,
    mailsPerSecond: mails / seconds,
    perSenderMailsPerSecond: perSender.reduce((sum, sender) => sum + sender.sent / sender.seconds, 0) / perSender.length,
    cpuMsPerMail: (cpu.user + cpu.system) / 1000 / mails,
    servicesCpuMsPerMail: servicesCpu / mails,
    achievedRate: perSender.reduce((sum, { sendStarts }) => sum + (sendStarts.length - 1) / ((sendStarts.at(-1)! - sendStarts[0]!) / 1000), 0),
    meanMimeKb: mimeBytes.reduce((sum, bytes) => sum + bytes, 0) / mimeBytes.length / 1024,
    processMaxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

export interface SenderFigures {
  /** Rate limit high (no sender reaches its share alone): throughput. */
  readonly open: readonly SenderRun[];
  /** Rate limit binding: how close the senders together hold it. */
  readonly bound: readonly SenderRun[];
}

export interface SenderBenchOptions {
  readonly open: readonly { senders: number; readersPerSender: number }[];
  readonly openRate: number;
  readonly bound: readonly { senders: number; readersPerSender: number }[];
  readonly boundRate: number;
}

export async function measureSenders(services: LocalServices, options: SenderBenchOptions): Promise<SenderFigures> {
  const warmUp = { senders: 1, readersPerSender: 200 };
  const readers = [warmUp, ...options.open, ...options.bound].reduce((sum, run) => sum + run.senders * run.readersPerSender, 0);
  const setup = await setUp(services, readers);
  // Warm-up (JIT, templates, the SDK's first requests), not counted.
  await runSenders(setup, { ...warmUp, totalRate: options.openRate });
  const open: SenderRun[] = [];
  for (const run of options.open) open.push(await runSenders(setup, { ...run, totalRate: options.openRate }));
  const bound: SenderRun[] = [];
  for (const run of options.bound) bound.push(await runSenders(setup, { ...run, totalRate: options.boundRate }));
  return { open, bound };
}
