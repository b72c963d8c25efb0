import { archiveTitle } from '../digest/archive-document.js';
import { renderArchivePage } from '../digest/archive-page.js';
import { groupStories } from '../digest/build-stories.js';
import type { DigestContent, RenderedDigest } from '../digest/digest-content.js';
import { isSuperseded, nextDeliveryState, notYetReceived, type IndexedId } from '../digest/delivery-watermark.js';
import { localDeliveryDay } from '../digest/local-delivery.js';
import { renderDigest } from '../digest/render-digest.js';
import { sectionTopicFor, selectArticlesFor } from '../digest/select-articles.js';
import { SameStoryPairs } from '../digest/story-graph.js';
import type { StoryUpdates } from '../digest/story-updates.js';
import { inParallel } from '../in-parallel.js';
import type { LogFields, Logger } from '../log.js';
import { DailyQuotaExceededError, PermanentMailError } from '../mail/mail-error.js';
import type { MailSender } from '../mail/mail-sender.js';
import type { UnsubscribeLinks } from '../mail/unsubscribe-links.js';
import type { MetricRecorder } from '../metrics/metric-recorder.js';
import type { DeliveryLedger } from '../store/delivery-ledger.js';
import { NO_DELIVERY_STATE, type DeliveryState } from '../store/delivery-state.js';
import type { DigestChunk } from '../store/digest-chunk-queue.js';
import type { DigestRun, RunArticle } from '../store/digest-run.js';
import { mailableAs } from '../store/dynamodb-subscriber-repository.js';
import { subscriberKeyOfHash } from '../store/keys.js';
import { sha256Hex } from '../text/sha256-hex.js';
import type { WebArchive } from '../store/web-archive.js';
import type { Cadence, SubscriberRecord } from '../store/subscriber.js';
import { realClock } from '../time.js';
import { composeDigestMail } from './digest-mail.js';
import { firstCurrentDayOf } from './lookback.js';

export interface ChunkSendDependencies {
  readonly runs: { load(runKey: string): Promise<DigestRun> };
  /** A new report of a story the reader was already sent: marked as an update, or left out. @default "show" */
  readonly storyUpdates?: StoryUpdates;
  readonly readers: { loadForDelivery(addressHashes: readonly string[]): Promise<SubscriberRecord[]> };
  /** What each reader received (DynamoDbDeliveryStates), by subscriberKey. */
  readonly states: {
    loadMany(subscriberKeys: readonly string[]): Promise<ReadonlyMap<string, DeliveryState>>;
    record(subscriberKey: string, state: DeliveryState, now?: Date): Promise<'recorded' | 'superseded'>;
  };
  /** Reader state of earlier versions, read for a reader's first digest of this version only. */
  readonly legacyState?: { receivedIds(subscriberKey: string): Promise<string[] | null> };
  readonly ledger: DeliveryLedger;
  readonly mailer: MailSender;
  /** From header. */
  readonly from: string;
  readonly logger: Logger;
  /** Counts sent, failed and deferred mails. @default nothing recorded */
  readonly metrics?: MetricRecorder;
  /** Wall clock (ledger times, the deadline). @default new Date() */
  readonly now?: () => Date;
  /**
   * When this sender is stopped at the latest (its invocation's timeout). Readers it has not begun
   * by deadline − stopBeforeDeadlineMs are handed back unsent; its ledger claims lapse after it.
   */
  readonly deadline?: Date;
  /** How long before the deadline no new reader is begun: one send's worst case. @default 30 s */
  readonly stopBeforeDeadlineMs?: number;
  /** Signed unsubscribe links; without them the footer asks readers to reply. */
  readonly links?: UnsubscribeLinks;
  /**
   * The web archive each distinct digest's web version is published to (named by its bytes), for
   * the mail's "View in browser" link; without it mails carry no such link.
   */
  readonly webArchive?: Pick<WebArchive, 'publishDigestPage'>;
  /** Readers in flight at once; the mailer's rate limiter bounds the actual rate. @default 8 */
  readonly concurrency?: number;
  /** Monotonic milliseconds, for the chunk's latency. @default performance.now */
  readonly monotonicNow?: () => number;
  /**
   * Pauses before writing a sent mail's ledger entry and reader state again when both writes
   * failed (past the SDK's retries): until one lands, a retry of the chunk takes the claim over once
   * its lease lapses and mails the reader twice. None is begun past the deadline. @default none
   */
  readonly recordRetryDelaysMs?: readonly number[];
  /** @default realClock.sleep */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** What happened to the readers of a chunk (or of a whole run, added up), reader by reader. */
export interface DeliveryCounts {
  readonly sent: number;
  readonly alreadySent: number;
  readonly nothingNew: number;
  /** No longer to be mailed by this run: unsubscribed, suppressed, removed, another cadence, every topic stopped. */
  readonly notMailable: number;
  /** A newer run of the cadence already mailed them. */
  readonly superseded: number;
  readonly failed: number;
  /** Not sent for a transient failure (retried with the chunk) or the SES daily quota (next run). */
  readonly deferred: number;
}

export interface ChunkSendSummary extends DeliveryCounts {
  readonly runId: string;
  readonly cadence: Cadence;
  readonly readers: number;
  readonly stoppedForQuota: boolean;
  /** Readers not begun before the deadline: to be handed back to the queue. */
  readonly unsent: readonly string[];
}

/** The same articles for the same cadence are the same digest, whoever receives it. */
function digestIdFor(cadence: Cadence, articles: readonly IndexedId[]): string {
  return sha256Hex(`${cadence}\n${articles.map((article) => article.id).sort().join('\n')}`).slice(0, 20);
}

/**
 * What the delivery ledger counts a mail against. A local-morning run: the reader's local day, so
 * a second run the same day (an event delivered twice, a retry, the hour that repeats when clocks
 * go back) finds it taken whatever it would select. Otherwise the digest's articles, as before.
 */
function deliveryIdFor(run: DigestRun, record: SubscriberRecord, contentId: string): { deliveryId: string; date: string } {
  if (!run.localDelivery) return { deliveryId: contentId, date: run.runAt.slice(0, 10) };
  const date = localDeliveryDay(record.timezone, new Date(run.localDelivery.slot), run.localDelivery.defaultTimeZone);
  return { deliveryId: `${run.cadence}@${date}`, date };
}

/**
 * `articles` without the stories that continue one the reader got before: an article paired with
 * an earlier report, and every article paired with it, through chains of pairs.
 */
function withoutContinuedStories<T extends IndexedId>(articles: readonly T[], sameStory: SameStoryPairs, gotBefore: (id: string) => boolean): T[] {
  const inDigest = new Set(articles.map((article) => article.id));
  const continued = new Set(articles.filter((article) => sameStory.neighbours(article.id).some(gotBefore)).map((article) => article.id));
  const queue = [...continued];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    for (const other of sameStory.neighbours(id)) {
      if (inDigest.has(other) && !continued.has(other)) {
        continued.add(other);
        queue.push(other);
      }
    }
  }
  return articles.filter((article) => !continued.has(article.id));
}

/** What a sender derives from a run once, however many of its chunks it sends. */
interface PreparedRun {
  readonly run: DigestRun;
  readonly byId: ReadonlyMap<string, RunArticle>;
  readonly sameStory: SameStoryPairs;
  readonly rendered: Map<string, Promise<RenderedDigest>>;
}
const prepared = new WeakMap<DigestRun, PreparedRun>();

function prepare(run: DigestRun): PreparedRun {
  let ready = prepared.get(run);
  if (!ready) {
    ready = { run, byId: new Map(run.articles.map((article) => [article.id, article])), sameStory: SameStoryPairs.fromList(run.sameStoryPairs), rendered: new Map() };
    prepared.set(run, ready);
  }
  return ready;
}

/**
 * Sends one chunk of a digest run: reads its readers as they are now, selects for each what they
 * have not received, renders once per distinct (articles, topics), personalises, claims the ledger
 * entry, sends, and records the reader's new delivery state. Exactly once per reader however
 * often the chunk is retried or handed back: a repeat finds the reader's state advanced, or the
 * ledger entry of the same digest claimed or sent.
 */
export async function sendDigestChunk(chunk: DigestChunk, deps: ChunkSendDependencies): Promise<ChunkSendSummary> {
  const wallNow = deps.now ?? (() => new Date());
  const monotonicNow = deps.monotonicNow ?? (() => performance.now());
  const startedAt = monotonicNow();
  const { run, byId, sameStory, rendered } = prepare(await deps.runs.load(chunk.runKey));
  const cadence = run.cadence;
  const [records, states] = await Promise.all([
    deps.readers.loadForDelivery(chunk.readers),
    deps.states.loadMany(chunk.readers.map(subscriberKeyOfHash)),
  ]);
  const recordOf = new Map(records.map((record) => [record.addressHash, record]));
  const counts = { sent: 0, alreadySent: 0, nothingNew: 0, notMailable: 0, superseded: 0, failed: 0, deferred: 0 };
  const unsent: string[] = [];
  let stoppedForQuota = false;
  const stopAt = deps.deadline ? deps.deadline.getTime() - (deps.stopBeforeDeadlineMs ?? 30_000) : Number.POSITIVE_INFINITY;
  const base = { runId: run.runId, cadence };
  const firstCurrentDay = firstCurrentDayOf(cadence, run.runAt);

  /**
   * One selection's digest, for every reader who gets it: its web version is published first (built
   * from the content alone, never a reader's details) so the mail can link it. A failed write costs
   * only the link: the mail matters more than its web copy.
   */
  const renderForReaders = async (content: DigestContent): Promise<RenderedDigest> => {
    let webVersionUrl: string | null = null;
    if (deps.webArchive) {
      try {
        webVersionUrl = await deps.webArchive.publishDigestPage(renderArchivePage(content, { title: archiveTitle(cadence, run.runAt), noindex: true }));
      } catch (error) {
        deps.logger.warn('web version not published; the digest goes out without its link', { ...base, error });
      }
    }
    return renderDigest(content, { webVersionUrl });
  };

  /** The one log line (and metric) of one send attempt. */
  const report = (outcome: 'sent' | 'failed' | 'deferred' | 'skipped', level: keyof Logger, message: string, fields: LogFields) => {
    const metric = ({ sent: 'MailsSent', failed: 'MailsFailed', deferred: 'MailsDeferred', skipped: null } as const)[outcome];
    if (metric) deps.metrics?.add(metric, 1, { cadence });
    deps.logger[level](message, { outcome, ...base, ...fields });
  };

  const deliver = async (hash: string) => {
    if (wallNow().getTime() >= stopAt) {
      unsent.push(hash);
      return;
    }
    if (stoppedForQuota) {
      // Not attempted, so no log line of its own; the summary and the metric count it.
      counts.deferred++;
      deps.metrics?.add('MailsDeferred', 1, { cadence });
      return;
    }
    const record = recordOf.get(hash);
    const subscriber = record ? mailableAs(record, cadence) : null;
    if (!record || !subscriber) {
      counts.notMailable++;
      return;
    }
    const subscriberKey = subscriberKeyOfHash(hash);
    let state: DeliveryState = states.get(subscriberKey) ?? NO_DELIVERY_STATE;
    if (isSuperseded(state, run.watermark)) {
      counts.superseded++;
      return;
    }
    if (state.deliveredThrough === null && deps.legacyState) {
      const legacy = await deps.legacyState.receivedIds(subscriberKey);
      if (legacy) state = { deliveredThrough: null, recentArticleIds: [...state.recentArticleIds, ...legacy] };
    }
    const isNew = notYetReceived(state);
    // Reports this reader got in earlier digests (in their topics): a new report of one of their events continues that story.
    const gotBefore = (id: string) => {
      const article = byId.get(id);
      return article !== undefined && !isNew(article) && sectionTopicFor(subscriber, article) !== null;
    };
    const fresh = selectArticlesFor(subscriber, run.articles, isNew);
    const selected = deps.storyUpdates === 'omit' ? withoutContinuedStories(fresh, sameStory, gotBefore) : fresh;
    if (selected.length === 0) {
      counts.nothingNew++;
      return;
    }
    const contentId = digestIdFor(cadence, selected);
    const { deliveryId: digestId, date } = deliveryIdFor(run, record, contentId);
    const articleIds = selected.map((article) => article.id);
    const recordSent = (ids: readonly string[]) =>
      deps.states.record(subscriberKey, nextDeliveryState(state, run.watermark, ids.flatMap((id) => byId.get(id) ?? []), byId), wallNow());
    const now = wallNow();
    const claim = await deps.ledger.claim(digestId, subscriberKey, articleIds, now, deps.deadline);
    if (!claim.claimed) {
      if (claim.existing.status === 'claimed') {
        // Another sender holds it (or a killed one, until its lease lapses): not ours to skip as
        // done. Deferred, so the chunk is retried after the queue's visibility timeout, past the lease.
        counts.deferred++;
        report('deferred', 'warn', 'digest claimed by another sender; retried once its lease lapses', { digestId, subscriberKey, leaseUntil: claim.existing.leaseUntil });
        return;
      }
      // An earlier attempt got this far: make sure the state says so, never send again.
      if (claim.existing.status === 'sent') {
        if (!run.localDelivery) await recordSent(claim.existing.articleIds);
        else if (state.deliveredThrough !== null) {
          // Another run of the day sent it, maybe with an earlier watermark: this run's would mark
          // as received what came in between and was not in that mail. The articles it held are
          // noted, the watermark stays. (A reader never recorded at all keeps no state: they may
          // see those articles again tomorrow, rather than miss others.)
          const kept = state.deliveredThrough;
          await deps.states.record(subscriberKey, nextDeliveryState(state, kept, claim.existing.articleIds.flatMap((id) => byId.get(id) ?? []), byId), wallNow());
        }
      }
      counts.alreadySent++;
      report('skipped', 'info', 'digest already handled for subscriber, not sent again', { digestId, subscriberKey, ledgerStatus: claim.existing.status });
      return;
    }
    // A stale claim was left by a sender that died before recording the send; the outcome line says so.
    const recoveredClaim = claim.recovered ? { recoveredClaim: true } : {};
    const claimedAt = now.toISOString();
    let messageId: string;
    try {
      // The same articles, date and topics are the same mail body, whoever receives it; a story the
      // reader got before is marked as an update, so it is part of the key.
      const sentBefore = new Set(selected.flatMap((article) => sameStory.neighbours(article.id).filter(gotBefore)));
      const renderKey = `${contentId}\n${date}\n${[...subscriber.topics].sort().join(',')}\n${[...sentBefore].sort().join(',')}`;
      let digest = rendered.get(renderKey);
      if (!digest) {
        const content: DigestContent = {
          date,
          cadence,
          topics: subscriber.topics,
          stories: groupStories(selected, (article) => sectionTopicFor(subscriber, article) ?? article.topic.label, sameStory, { firstCurrentDay, sentBefore }),
        };
        digest = renderForReaders(content);
        rendered.set(renderKey, digest);
      }
      const recipient = { email: subscriber.email, name: subscriber.name ?? null };
      const { raw } = await composeDigestMail(await digest, recipient, { from: deps.from, topics: subscriber.topics, cadence, links: deps.links });
      ({ messageId } = await deps.mailer.send(raw, [subscriber.email]));
    } catch (error) {
      if (error instanceof PermanentMailError) {
        await deps.ledger.markFailed({ digestId, subscriberKey, articleIds, claimedAt }, { code: error.code, message: error.message });
        counts.failed++;
        report('failed', 'error', 'digest refused by SES, not retried', { digestId, subscriberKey, ...recoveredClaim, error });
        return;
      }
      // Nothing went out: give the claim back so a retry sends it.
      await deps.ledger.release(digestId, subscriberKey);
      counts.deferred++;
      if (error instanceof DailyQuotaExceededError) {
        stoppedForQuota = true;
        report('deferred', 'warn', 'SES daily quota reached; remaining digests wait for the next run', { digestId, subscriberKey, ...recoveredClaim, reason: 'daily-quota' });
        return;
      }
      report('deferred', 'error', 'digest send failed, will retry', { digestId, subscriberKey, ...recoveredClaim, error });
      return;
    }
    // The mail is out: from here on a failure must not release the claim, or a retry would send it again.
    counts.sent++;
    const sent = { digestId, subscriberKey, messageId, articles: articleIds.length, ...recoveredClaim };
    // Each write on its own: either one keeps a retry from sending again (the reader's state makes
    // it find nothing new; a sent ledger entry makes it skip). A claim alone does not: once its
    // lease lapses a retry takes it over and sends.
    const failureOf = async (write: () => Promise<unknown>): Promise<unknown> => {
      try {
        await write();
        return null;
      } catch (error) {
        return error ?? new Error('write failed');
      }
    };
    const markSent = () => deps.ledger.markSent({ digestId, subscriberKey, articleIds, claimedAt }, messageId, wallNow());
    let ledgerFailure = await failureOf(markSent);
    let stateFailure = await failureOf(() => recordSent(articleIds));
    for (const delayMs of deps.recordRetryDelaysMs ?? []) {
      if (ledgerFailure === null || stateFailure === null || (deps.deadline && wallNow().getTime() + delayMs >= deps.deadline.getTime())) break;
      await (deps.sleep ?? realClock.sleep)(delayMs);
      ledgerFailure = await failureOf(markSent);
      stateFailure = await failureOf(() => recordSent(articleIds));
    }
    const unrecorded = ledgerFailure ?? stateFailure;
    if (unrecorded !== null) {
      report('sent', 'error', 'digest sent but not fully recorded', { ...sent, error: unrecorded });
      return;
    }
    report('sent', 'info', 'digest sent', sent);
  };

  // One reader's store trouble defers that reader only; the chunk goes on.
  const deliverOrDefer = async (hash: string) => {
    try {
      await deliver(hash);
    } catch (error) {
      counts.deferred++;
      report('deferred', 'error', 'digest for subscriber failed before sending, will retry', { subscriberKey: subscriberKeyOfHash(hash), error });
    }
  };
  await inParallel(chunk.readers, deps.concurrency ?? 8, deliverOrDefer);
  const summary: ChunkSendSummary = { ...base, readers: chunk.readers.length, ...counts, stoppedForQuota, unsent };
  const { unsent: _unsent, ...logged } = summary;
  const latencyMs = Math.round(monotonicNow() - startedAt);
  deps.metrics?.add('DigestLatency', latencyMs, { cadence });
  deps.logger.info('digest chunk finished', { ...logged, handedBack: unsent.length, latencyMs });
  return summary;
}
