import { randomUUID } from 'node:crypto';
import { findSameStoryPairs } from '../digest/story-graph.js';
import { runWatermarkFor } from '../digest/delivery-watermark.js';
import type { Logger } from '../log.js';
import type { MetricRecorder } from '../metrics/metric-recorder.js';
import type { ListedArticle } from '../store/article-index.js';
import { MAX_CHUNK_READERS, type DigestChunk, type DigestChunkQueue } from '../store/digest-chunk-queue.js';
import type { DigestRun, RunArticle } from '../store/digest-run.js';
import type { ActiveShardPage } from '../store/dynamodb-subscriber-repository.js';
import { sha256Hex } from '../store/keys.js';
import type { CorruptRecordError } from '../store/store-error.js';
import type { Cadence } from '../store/subscriber.js';
import { ACTIVE_CADENCE_SHARDS } from '../store/subscriber-table.js';
import { LOOKBACK_DAYS } from './lookback.js';

/** Readers per chunk: a sender at 1/16 of 100 mails/s gets through 200 in ~32 s, well inside its timeout. */
export const DEFAULT_CHUNK_READERS = 200;
/** Chunks handed to the queue per call, so a million readers never sit in the planner's memory. */
const CHUNKS_PER_ENQUEUE = 50;

export interface DigestPlanDependencies {
  readonly subscribers: {
    pageActiveShard(cadence: Cadence, shard: number, cursor: string | null): Promise<ActiveShardPage>;
  };
  readonly articles: {
    listStoredBetween(from: Date, to: Date, onCorrupt: (error: CorruptRecordError) => void): Promise<ListedArticle[]>;
  };
  readonly runs: { save(run: DigestRun): Promise<string> };
  readonly queue: DigestChunkQueue;
  readonly logger: Logger;
  readonly metrics?: MetricRecorder;
  readonly now?: () => Date;
  /** @default DEFAULT_CHUNK_READERS */
  readonly chunkReaders?: number;
  /** @default a random UUID */
  readonly runId?: string;
}

export interface DigestPlanSummary {
  readonly cadence: Cadence;
  readonly runId: string;
  /** Where the run's snapshot is; null when there was nothing to send. */
  readonly runKey: string | null;
  readonly candidateArticles: number;
  readonly sameStoryPairs: number;
  /** Active readers of the cadence handed to senders. */
  readonly readers: number;
  readonly chunks: number;
  /** The index shard the run started with (it rotates, so nobody is always last). */
  readonly firstShard: number;
}

/** The candidate as the run snapshot keeps it: digest fields and index time, no story vectors. */
function runArticleOf(article: ListedArticle): RunArticle {
  const { storyFeatures: _features, ...fields } = article;
  return fields;
}

/**
 * Plans one digest run for one cadence: reads the candidate articles once, decides once which of
 * them report the same story, writes that down as the run's snapshot, then pages the cadence's
 * active readers out of the subscriber index into chunks for sender functions. It sends nothing
 * and renders nothing; the chunks are independent, so senders run them in parallel and a failed
 * one is retried alone.
 *
 * The shard the paging starts with is derived from the run id, so on a day the SES quota runs out
 * before the end it is not always the same readers who wait.
 */
export async function planDigestRun(cadence: Cadence, deps: DigestPlanDependencies): Promise<DigestPlanSummary> {
  const runAt = (deps.now ?? (() => new Date()))();
  const runId = deps.runId ?? randomUUID();
  const chunkReaders = Math.min(deps.chunkReaders ?? DEFAULT_CHUNK_READERS, MAX_CHUNK_READERS);
  const firstShard = Number.parseInt(sha256Hex(runId).slice(0, 8), 16) % ACTIVE_CADENCE_SHARDS;
  const from = new Date(runAt.getTime() - LOOKBACK_DAYS[cadence] * 86_400_000);
  const candidates = await deps.articles.listStoredBetween(from, runAt, (error) => deps.logger.error('index entry unreadable, skipped', { key: error.key }));
  const base = { cadence, runId, candidateArticles: candidates.length, firstShard };
  if (candidates.length === 0) {
    // Nobody can get a digest: not reading a million readers is the whole saving.
    deps.logger.info('digest run planned: no articles in the look-back window, nothing to send', base);
    return { ...base, runKey: null, sameStoryPairs: 0, readers: 0, chunks: 0 };
  }
  // Decided once for the run; it yields to the event loop as it goes.
  const groupingStartedAt = performance.now();
  const sameStory = await findSameStoryPairs(candidates);
  const groupingMs = Math.round(performance.now() - groupingStartedAt);
  const run: DigestRun = {
    runId,
    cadence,
    runAt: runAt.toISOString(),
    watermark: runWatermarkFor(runAt),
    articles: candidates.map(runArticleOf),
    sameStoryPairs: sameStory.pairs.list(),
  };
  const runKey = await deps.runs.save(run);

  let readers = 0;
  let chunks = 0;
  let filling: string[] = [];
  let ready: DigestChunk[] = [];
  let enqueuing: Promise<void> = Promise.resolve();
  // One enqueue in flight while the next chunks fill: paging and sending overlap, memory stays bounded.
  const flush = async (all: boolean) => {
    if (!all && ready.length < CHUNKS_PER_ENQUEUE) return;
    const batch = ready;
    ready = [];
    await enqueuing;
    enqueuing = batch.length > 0 ? deps.queue.enqueue(batch) : Promise.resolve();
    // Awaited at the next flush; until then a refusal must not count as unhandled (it would end the process).
    enqueuing.catch(() => {});
  };
  for (let step = 0; step < ACTIVE_CADENCE_SHARDS; step++) {
    const shard = (firstShard + step) % ACTIVE_CADENCE_SHARDS;
    let cursor: string | null = null;
    do {
      const page: ActiveShardPage = await deps.subscribers.pageActiveShard(cadence, shard, cursor);
      for (const hash of page.addressHashes) {
        filling.push(hash);
        if (filling.length === chunkReaders) {
          ready.push({ runKey, cadence, readers: filling });
          filling = [];
          chunks++;
        }
      }
      readers += page.addressHashes.length;
      cursor = page.cursor;
      await flush(false);
    } while (cursor);
  }
  if (filling.length > 0) {
    ready.push({ runKey, cadence, readers: filling });
    chunks++;
  }
  await flush(true);
  await enqueuing;
  const summary: DigestPlanSummary = { ...base, runKey, sameStoryPairs: sameStory.pairs.size, readers, chunks };
  deps.logger.info('digest run planned', { ...summary, groupingMs, storyPairsCompared: sameStory.compared });
  return summary;
}
