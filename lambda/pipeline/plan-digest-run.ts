import { randomUUID } from 'node:crypto';
import { findSameStoryPairs } from '../digest/story-graph.js';
import { runWatermarkFor } from '../digest/delivery-watermark.js';
import { anyZoneDue, deliverySlotOf, DueZones, type DeliveryWindow } from '../digest/local-delivery.js';
import { publishedBefore, type OldArticles } from '../digest/story-age.js';
import type { Logger } from '../log.js';
import type { MetricRecorder } from '../metrics/metric-recorder.js';
import type { ListedArticle } from '../store/article-index.js';
import { MAX_CHUNK_READERS, type DigestChunkQueue } from '../store/digest-chunk-queue.js';
import type { DigestRun, RunArticle } from '../store/digest-run.js';
import type { ActiveShardPage } from '../store/dynamodb-subscriber-repository.js';
import { sha256Hex } from '../text/sha256-hex.js';
import type { CorruptRecordError } from '../store/store-error.js';
import type { Cadence } from '../store/subscriber.js';
import { ACTIVE_CADENCE_SHARDS } from '../store/subscriber-table.js';
import { DAY_MS } from '../time.js';
import { firstCurrentDayOf, LOOKBACK_DAYS } from './lookback.js';
import { publishEdition, type EditionArchive, type EditionSummary } from './publish-edition.js';

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
  readonly runs: {
    save(run: DigestRun): Promise<string>;
    /** The snapshot an earlier attempt of the same run saved, if any. */
    find(cadence: Cadence, runId: string): Promise<{ run: DigestRun; runKey: string } | null>;
  };
  readonly queue: DigestChunkQueue;
  /** The web archive the run's edition is published to, once its chunks are queued. @default none */
  readonly archive?: EditionArchive;
  readonly logger: Logger;
  readonly metrics?: MetricRecorder;
  readonly now?: () => Date;
  /** @default DEFAULT_CHUNK_READERS */
  readonly chunkReaders?: number;
  /**
   * Articles published before the run's look-back window (a 2007 story dropped today): "flag" mails
   * them with their date up front, after the current stories; "omit" leaves them out of the run.
   * @default "flag"
   */
  readonly oldArticles?: OldArticles;
  /**
   * The run's id. Lambda keeps an asynchronous invocation's request id across its retries, so the
   * handler passes it: a retried plan finds its first attempt's snapshot and plans the same run
   * (same time, same watermark) rather than a second one. @default a random UUID
   */
  readonly runId?: string;
  /**
   * Plan only the readers whose local delivery hour has come (the hourly local-morning schedule,
   * local-delivery.ts), in the hourly slot `slot` (@default the slot of the run's time). Without it
   * the run mails every reader of the cadence now (a fixed schedule, local mode, an instant run).
   */
  readonly localDelivery?: { readonly window: DeliveryWindow; readonly slot?: Date };
}

export interface DigestPlanSummary {
  readonly cadence: Cadence;
  readonly runId: string;
  /** Where the run's snapshot is; null when there was nothing to send. */
  readonly runKey: string | null;
  readonly candidateArticles: number;
  /** Articles in the window left out because they were published before it (oldArticles "omit"). */
  readonly oldArticlesLeftOut: number;
  readonly sameStoryPairs: number;
  /** Active readers of the cadence handed to senders (with local delivery: those whose hour has come). */
  readonly readers: number;
  /** With local delivery: active readers of the cadence read and left for another hour. */
  readonly notDueYet?: number;
  readonly chunks: number;
  /** The index shard the run started with (it rotates, so nobody is always last). */
  readonly firstShard: number;
  /** What became of the run's web archive edition (publishEdition); absent without an archive or articles. */
  readonly edition?: EditionSummary['edition'] | 'failed';
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
  const runId = deps.runId ?? randomUUID();
  const chunkReaders = Math.min(deps.chunkReaders ?? DEFAULT_CHUNK_READERS, MAX_CHUNK_READERS);
  const firstShard = Number.parseInt(sha256Hex(runId).slice(0, 8), 16) % ACTIVE_CADENCE_SHARDS;
  const earlier = deps.runId ? await deps.runs.find(cadence, runId) : null;
  const runAt = (deps.now ?? (() => new Date()))();
  const local = deps.localDelivery && cadence !== 'instant' ? deps.localDelivery : undefined;
  // A retry keeps its first attempt's slot, so it plans the same readers.
  const slot = earlier?.run.localDelivery ? new Date(earlier.run.localDelivery.slot) : local ? (local.slot ?? deliverySlotOf(runAt)) : undefined;
  const due = local && slot && cadence !== 'instant' ? new DueZones(cadence, slot, local.window) : undefined;
  let groupingFields = {};
  let oldArticlesLeftOut = 0;
  let candidatesFound = true;

  /**
   * The run's snapshot, made when the first chunk of readers is ready: an hour in which no reader's
   * delivery hour comes lists no article, groups nothing and writes nothing.
   */
  let planned: Promise<{ run: DigestRun; runKey: string } | null> | undefined;
  const makeRun = async (): Promise<{ run: DigestRun; runKey: string } | null> => {
    if (earlier) {
      // A retry: chunks already sent are sent again and find their readers served.
      deps.logger.info('digest run resumed from its saved snapshot', { cadence, runId, runKey: earlier.runKey });
      return earlier;
    }
    const from = new Date(runAt.getTime() - LOOKBACK_DAYS[cadence] * DAY_MS);
    const listed = await deps.articles.listStoredBetween(from, runAt, (error) => deps.logger.error('index entry unreadable, skipped', { key: error.key }));
    const firstDay = firstCurrentDayOf(cadence, runAt);
    const candidates = deps.oldArticles === 'omit' ? listed.filter((article) => !publishedBefore(article.published, firstDay)) : listed;
    oldArticlesLeftOut = listed.length - candidates.length;
    if (candidates.length === 0) return null;
    // Decided once for the run; it yields to the event loop as it goes.
    const groupingStartedAt = performance.now();
    const sameStory = await findSameStoryPairs(candidates);
    groupingFields = { groupingMs: Math.round(performance.now() - groupingStartedAt), storyPairsCompared: sameStory.compared };
    const run: DigestRun = {
      runId,
      cadence,
      runAt: runAt.toISOString(),
      watermark: runWatermarkFor(runAt),
      articles: candidates.map(runArticleOf),
      sameStoryPairs: sameStory.pairs.list(),
      ...(slot && local ? { localDelivery: { slot: slot.toISOString(), defaultTimeZone: local.window.defaultTimeZone } } : {}),
    };
    return { run, runKey: await deps.runs.save(run) };
  };
  const runFor = () => {
    planned ??= makeRun();
    return planned;
  };

  let readers = 0;
  let notDueYet = 0;
  let chunks = 0;
  let filling: string[] = [];
  let ready: string[][] = [];
  let enqueuing: Promise<void> = Promise.resolve();
  // One enqueue in flight while the next chunks fill: paging and sending overlap, memory stays bounded.
  // False once it is known there is nothing to send (no article in the window): paging stops.
  const flush = async (all: boolean): Promise<boolean> => {
    if (!all && ready.length < CHUNKS_PER_ENQUEUE && !(ready.length > 0 && planned === undefined)) return true;
    if (ready.length === 0) return true;
    const made = await runFor();
    if (!made) {
      candidatesFound = false;
      return false;
    }
    const batch = ready.map((hashes) => ({ runKey: made.runKey, cadence, readers: hashes }));
    ready = [];
    await enqueuing;
    enqueuing = deps.queue.enqueue(batch);
    // Awaited later; until then a failure must not count as an unhandled rejection (which ends the process).
    enqueuing.catch(() => {});
    return true;
  };
  // A weekly run in an hour when it is nowhere the delivery weekday's hour reads no reader at all.
  const nobodyDue = due !== undefined && !anyZoneDue(due);
  paging: for (let step = 0; step < (nobodyDue ? 0 : ACTIVE_CADENCE_SHARDS); step++) {
    const shard = (firstShard + step) % ACTIVE_CADENCE_SHARDS;
    let cursor: string | null = null;
    do {
      const page: ActiveShardPage = await deps.subscribers.pageActiveShard(cadence, shard, cursor);
      page.addressHashes.forEach((hash, index) => {
        if (due && !due.isDue(page.timeZones[index])) {
          notDueYet++;
          return;
        }
        readers++;
        filling.push(hash);
        if (filling.length === chunkReaders) {
          ready.push(filling);
          filling = [];
          chunks++;
        }
      });
      cursor = page.cursor;
      if (!(await flush(false))) break paging;
    } while (cursor);
  }
  if (candidatesFound && filling.length > 0) {
    ready.push(filling);
    chunks++;
  }
  if (candidatesFound) await flush(true);
  await enqueuing;
  // The web archive gets one edition per cadence run, as before local delivery: of the hourly runs,
  // the one serving the operator's default timezone publishes it, with or without readers due.
  const editionRun = !due || due.isDue(undefined);
  const made = planned !== undefined || editionRun ? await runFor() : null;
  const localFields = due ? { slot: due.slot.toISOString(), notDueYet } : {};
  if (!made) {
    // Nobody to mail: no article in the look-back window (not reading a million readers is the
    // whole saving), or with local delivery no reader whose hour has come.
    const summary = { cadence, runId, runKey: null, candidateArticles: 0, oldArticlesLeftOut, sameStoryPairs: 0, readers: 0, chunks: 0, firstShard, ...localFields };
    const why = planned !== undefined ? 'no articles in the look-back window' : 'no reader whose delivery hour has come';
    deps.logger.info(`digest run planned: ${why}, nothing to send`, summary);
    return summary;
  }
  const { run, runKey } = made;
  let edition: Omit<Partial<EditionSummary>, 'edition'> & Pick<DigestPlanSummary, 'edition'> = {};
  if (deps.archive && editionRun) {
    try {
      edition = await publishEdition(run, deps.archive);
    } catch (error) {
      // The mails are queued and do not depend on it; the archive's state did not move, so the next
      // run's edition holds these stories.
      deps.logger.error('web archive edition not published', { cadence, runId, error });
      edition = { edition: 'failed' };
    }
  }
  const summary: DigestPlanSummary = {
    cadence,
    runId,
    runKey,
    candidateArticles: run.articles.length,
    oldArticlesLeftOut,
    sameStoryPairs: run.sameStoryPairs.length,
    readers,
    chunks,
    firstShard,
    ...(due ? { notDueYet } : {}),
    ...(edition.edition ? { edition: edition.edition } : {}),
  };
  deps.logger.info('digest run planned', { ...summary, ...localFields, ...groupingFields, ...edition });
  return summary;
}
