/**
 * Planning a daily run for 1,000,000 readers: planDigestRun as deployed, over stand-ins that answer
 * as slowly as AWS does. The subscriber index serves the readers' address hashes in pages of
 * ~3,000 (DynamoDB's 1 MB per Query page over ~300-byte items; the planner projects the key only,
 * but a Query's page and its read units count the whole index item) at 8 ms a page; the article
 * index answers 8 ms per MB; the snapshot PUT takes 30 ms; the chunk queue is the deployed
 * SqsDigestChunkQueue over an SQS client whose SendMessageBatch takes 10 ms (10 chunks a request).
 *
 * Peak RSS is the process's, so this runs in a process of its own (scale-bench starts it, with
 * --expose-gc); RSS and heap after setup (modules loaded, candidates built) are the baseline.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { LogFields, Logger } from '../lambda/log.js';
import { planDigestRun } from '../lambda/pipeline/plan-digest-run.js';
import type { ListedArticle } from '../lambda/store/article-index.js';
import { SqsDigestChunkQueue } from '../lambda/store/digest-chunk-queue.js';
import { DigestRunRepository } from '../lambda/store/digest-run-repository.js';
import type { ActiveShardPage } from '../lambda/store/dynamodb-subscriber-repository.js';
import { MemoryObjectStore } from '../lambda/store/memory-object-store.js';
import { ACTIVE_CADENCE_SHARDS } from '../lambda/store/subscriber-table.js';
import { AWS_LATENCY_MS, isMain, LatencyObjectStore } from './bench-support.js';
import { candidateArticles } from './digest-fixtures.js';

/** Index items per Query page: 1 MB over ~300-byte items (key, email, topics, cadence, status, delivery state). */
export const INDEX_PAGE_ITEMS = 3_000;
/** SQS bills a request per 64 KB of payload. */
const SQS_BILLING_BYTES = 64 * 1024;

export interface PlanFigures {
  readonly readers: number;
  /** With local delivery: readers read and left for another hour. */
  readonly notDueYet: number;
  readonly candidates: number;
  readonly chunks: number;
  readonly seconds: number;
  readonly groupingMs: number;
  /** Until the first chunk was handed to the queue: when senders can start. */
  readonly firstChunkMs: number;
  readonly indexPages: number;
  readonly sqsRequests: number;
  /** SendMessageBatch payload in 64 KB units: what SQS bills. */
  readonly sqsBilledRequests: number;
  readonly snapshotKb: number;
  /** CPU time (user + system) of the planning. */
  readonly cpuMs: number;
  /** RSS once the modules are loaded and the candidates built, before planning. */
  readonly baselineRssMb: number;
  /** Highest RSS sampled during planning (every 10 ms) and the process's maxRSS. */
  readonly peakRssMb: number;
  readonly maxRssMb: number;
  /** Heap in use before planning (after a GC) and its highest sample during planning. */
  readonly baselineHeapMb: number;
  readonly peakHeapMb: number;
}

/**
 * Readers' timezones, cycled through: a list spread over the world, one reader in five without one
 * (the operator's default). With local delivery the planner reads every reader and keeps those due.
 */
const ZONES = ['Europe/Berlin', 'America/New_York', undefined, 'Asia/Kolkata', 'Europe/London', 'America/Los_Angeles', 'Asia/Tokyo', undefined, 'Australia/Sydney', 'America/Sao_Paulo'];
const zoneOf = (i: number) => ZONES[i % ZONES.length];

/** The address hash of reader `i` of `shard`: its first hex digit is the shard, as activeCadenceShardOf has it. */
function hashOf(shard: number, i: number): string {
  return `${shard.toString(16)}${i.toString(16).padStart(15, '0')}${'ab'.repeat(24)}`;
}

export async function measurePlanning(options: { readers: number; candidates: number; local?: boolean }): Promise<PlanFigures> {
  const runAt = new Date();
  const candidates: ListedArticle[] = candidateArticles(options.candidates, runAt);
  const perShard = Math.ceil(options.readers / ACTIVE_CADENCE_SHARDS);
  let indexPages = 0;
  const subscribers = {
    async pageActiveShard(_cadence: string, shard: number, cursor: string | null): Promise<ActiveShardPage> {
      await sleep(AWS_LATENCY_MS.dynamoDb);
      indexPages++;
      const from = cursor ? Number(cursor) : 0;
      const inShard = Math.min(perShard, options.readers - shard * perShard);
      const to = Math.min(from + INDEX_PAGE_ITEMS, Math.max(0, inShard));
      const addressHashes: string[] = [];
      for (let i = from; i < to; i++) addressHashes.push(hashOf(shard, i));
      return { addressHashes, timeZones: addressHashes.map((_, i) => zoneOf(from + i)), cursor: to < inShard ? String(to) : null };
    },
  };
  const indexBytes = JSON.stringify(candidates).length;
  const articles = {
    async listStoredBetween(from: Date, to: Date) {
      // A paged Query per day of the window: 8 ms a page of 1 MB.
      await sleep(AWS_LATENCY_MS.dynamoDb * Math.max(1, Math.ceil(indexBytes / 1024 / 1024)));
      return candidates.filter((article) => article.storedAt >= from.toISOString() && article.storedAt <= to.toISOString());
    },
  };
  const bucket = new MemoryObjectStore();
  let sqsRequests = 0;
  let sqsBilledRequests = 0;
  let firstChunkMs = 0;
  let started = 0;
  const sqs = {
    async send(command: { input: { Entries?: { MessageBody?: string }[] } }) {
      if (sqsRequests === 0) firstChunkMs = performance.now() - started;
      sqsRequests++;
      const bytes = (command.input.Entries ?? []).reduce((sum, entry) => sum + Buffer.byteLength(entry.MessageBody ?? ''), 0);
      sqsBilledRequests += Math.max(1, Math.ceil(bytes / SQS_BILLING_BYTES));
      await sleep(AWS_LATENCY_MS.sqsSendBatch);
      return { Successful: [], Failed: [] };
    },
  } as unknown as SQSClient;
  let planned: LogFields = {};
  const logger: Logger = {
    debug() {},
    info(message, fields) {
      if (message === 'digest run planned') planned = fields ?? {};
    },
    warn() {},
    error() {},
  };

  global.gc?.();
  const { rss: baselineRss, heapUsed: baselineHeap } = process.memoryUsage();
  let peakRss = baselineRss;
  let peakHeap = baselineHeap;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  }, 10);
  const cpuBefore = process.cpuUsage();
  started = performance.now();
  const summary = await planDigestRun('daily', {
    subscribers,
    articles,
    runs: new DigestRunRepository(new LatencyObjectStore(bucket)),
    queue: new SqsDigestChunkQueue(sqs, 'https://sqs.us-east-1.amazonaws.com/000000000000/bench-chunks'),
    logger,
    now: () => runAt,
    // An hourly local-morning run in the slot where 07:00 has come in Berlin (a winter morning).
    ...(options.local ? { localDelivery: { window: { hour: 7, weekday: 'MON' as const, defaultTimeZone: 'UTC' }, slot: new Date('2026-11-30T06:00:00Z') } } : {}),
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  const snapshot = summary.runKey ? await bucket.head(summary.runKey) : null;
  const mb = (bytes: number) => bytes / 1024 / 1024;
  return {
    readers: summary.readers,
    notDueYet: summary.notDueYet ?? 0,
    candidates: summary.candidateArticles,
    chunks: summary.chunks,
    seconds,
    groupingMs: Number(planned['groupingMs'] ?? Number.NaN),
    firstChunkMs,
    indexPages,
    sqsRequests,
    sqsBilledRequests,
    snapshotKb: (snapshot?.size ?? 0) / 1024,
    cpuMs: (cpu.user + cpu.system) / 1000,
    baselineRssMb: mb(baselineRss),
    peakRssMb: mb(peakRss),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    baselineHeapMb: mb(baselineHeap),
    peakHeapMb: mb(peakHeap),
  };
}

if (isMain(import.meta.url)) {
  const readers = Number(process.argv[2] ?? 1_000_000);
  const candidates = Number(process.argv[3] ?? 2_000);
  const figures = await measurePlanning({ readers, candidates, local: process.argv[4] === 'local' });
  // scale-bench reads the last line.
  console.log(JSON.stringify(figures));
}
