import { groupStories } from '../digest/build-stories.js';
import { findSameStoryPairs } from '../digest/story-graph.js';
import type { DigestContent, RenderedDigest } from '../digest/digest-content.js';
import { personaliseDigest } from '../digest/personalise-digest.js';
import { renderDigest } from '../digest/render-digest.js';
import { sectionTopicFor, selectArticlesFor } from '../digest/select-articles.js';
import type { LogFields, Logger } from '../log.js';
import { composeDigestMessage } from '../mail/compose-message.js';
import type { UnsubscribeLinks } from '../mail/unsubscribe-links.js';
import { DailyQuotaExceededError, PermanentMailError } from '../mail/mail-error.js';
import type { MetricRecorder } from '../metrics/metric-recorder.js';
import type { DigestArticle, IndexedArticle } from '../store/article-index.js';
import type { DeliveryLedger } from '../store/delivery-ledger.js';
import { sha256Hex, subscriberKeyFor } from '../store/keys.js';
import type { CorruptRecordError } from '../store/store-error.js';
import type { Cadence, Subscriber } from '../store/subscriber.js';
import type { SubscriberStateRepository } from '../store/subscriber-state-repository.js';
import { emailDomain, senderAddressIn } from '../text/email-address.js';
import { LOOKBACK_DAYS } from './lookback.js';
import { inParallel } from '../in-parallel.js';

export interface MailSender {
  send(raw: Uint8Array, destinations: readonly string[]): Promise<{ messageId: string }>;
}

/** Where a run finds the readers it mails (the subscriber table's index, in the deployed and local stacks). */
export interface ActiveSubscriberSource {
  /** Active readers of the cadence, with the topics they stopped already taken out. */
  loadActive(cadence: Cadence): Promise<Subscriber[]>;
}

export interface DigestRunDependencies {
  readonly subscribers: ActiveSubscriberSource;
  /** The article index (DynamoDbArticleIndex): what was stored when, with precomputed story features. */
  readonly articles: {
    listStoredBetween(from: Date, to: Date, onCorrupt: (error: CorruptRecordError) => void): Promise<IndexedArticle[]>;
  };
  readonly ledger: DeliveryLedger;
  readonly states: SubscriberStateRepository;
  readonly mailer: MailSender;
  /** From header. */
  readonly from: string;
  readonly logger: Logger;
  /** Counts sent, failed and deferred mails and times the run. @default nothing recorded */
  readonly metrics?: MetricRecorder;
  readonly now?: () => Date;
  /**
   * When this run is stopped at the latest (the invocation's timeout). Its ledger claims are
   * abandoned after it, so a retry of a run that crashed or timed out sends what it left.
   */
  readonly deadline?: Date;
  /** Monotonic milliseconds, for the run's latency. @default performance.now */
  readonly monotonicNow?: () => number;
  /** Signed unsubscribe links; without them the footer asks readers to reply. */
  readonly links?: UnsubscribeLinks;
  /** Parallel sends; the mailer's rate limiter bounds the actual rate. @default 8 */
  readonly concurrency?: number;
}

export interface DigestRunSummary {
  readonly cadence: Cadence;
  readonly subscribers: number;
  readonly candidateArticles: number;
  readonly distinctDigests: number;
  readonly sent: number;
  readonly alreadySent: number;
  readonly nothingNew: number;
  readonly failed: number;
  readonly deferred: number;
  readonly stoppedForQuota: boolean;
}

/** The same articles for the same cadence are the same digest, whoever receives it. */
function digestIdFor(cadence: Cadence, articles: readonly DigestArticle[]): string {
  return sha256Hex(`${cadence}\n${articles.map((article) => article.id).sort().join('\n')}`).slice(0, 20);
}

function listIdFor(from: string): string {
  const sender = senderAddressIn(from);
  const domain = (sender && emailDomain(sender))?.toLowerCase() ?? 'localhost';
  return `newsdrop digest <newsdrop.${domain}>`;
}

/**
 * One digest run for one cadence: select what each subscriber has not received, render once per
 * distinct (articles, topics), personalise, claim the ledger entry, send, record.
 */
export async function runDigest(cadence: Cadence, deps: DigestRunDependencies): Promise<DigestRunSummary> {
  const monotonicNow = deps.monotonicNow ?? (() => performance.now());
  const startedAt = monotonicNow();
  const now = (deps.now ?? (() => new Date()))();
  const subscribers = await deps.subscribers.loadActive(cadence);
  const from = new Date(now.getTime() - LOOKBACK_DAYS[cadence] * 86_400_000);
  const candidates = await deps.articles.listStoredBetween(from, now, (error) =>
    deps.logger.error('stored article unreadable, skipped', { key: error.key }),
  );
  // Which candidates report the same story, decided once for the run (each digest groups the
  // pairs inside its selection). It yields to the event loop as it goes; nothing is sending yet.
  const groupingStartedAt = performance.now();
  const sameStory = await findSameStoryPairs(candidates);
  const groupingMs = Math.round(performance.now() - groupingStartedAt);
  const rendered = new Map<string, Promise<RenderedDigest>>();
  const counts = { sent: 0, alreadySent: 0, nothingNew: 0, failed: 0, deferred: 0 };
  let stoppedForQuota = false;
  const listId = listIdFor(deps.from);

  /** The one log line (and metric) of one send attempt. */
  const report = (outcome: 'sent' | 'failed' | 'deferred' | 'skipped', level: keyof Logger, message: string, fields: LogFields) => {
    const metric = ({ sent: 'MailsSent', failed: 'MailsFailed', deferred: 'MailsDeferred', skipped: null } as const)[outcome];
    if (metric) deps.metrics?.add(metric, 1, { cadence });
    deps.logger[level](message, { outcome, cadence, ...fields });
  };

  const deliver = async (subscriber: Subscriber) => {
    if (stoppedForQuota) {
      // Not attempted, so no log line of its own; the run summary and the metric count it.
      counts.deferred++;
      deps.metrics?.add('MailsDeferred', 1, { cadence });
      return;
    }
    const subscriberKey = subscriberKeyFor(subscriber.email);
    const received = await deps.states.receivedIds(subscriberKey);
    const selected = selectArticlesFor(subscriber, candidates, received);
    if (selected.length === 0) {
      counts.nothingNew++;
      return;
    }
    const digestId = digestIdFor(cadence, selected);
    const articleIds = selected.map((article) => article.id);
    const claim = await deps.ledger.claim(digestId, subscriberKey, articleIds, now, deps.deadline);
    if (!claim.claimed) {
      // A previous run got this far: make sure the state reflects it, never send again.
      if (claim.existing.status === 'sent') await deps.states.recordReceived(subscriberKey, claim.existing.articleIds, now);
      counts.alreadySent++;
      report('skipped', 'info', 'digest already handled for subscriber, not sent again', { digestId, subscriberKey, ledgerStatus: claim.existing.status });
      return;
    }
    // A stale claim was left by a run that died before recording the send; the outcome line says so.
    const recoveredClaim = claim.recovered ? { recoveredClaim: true } : {};
    const claimedAt = now.toISOString();
    let messageId: string;
    try {
      const renderKey = `${digestId}\n${[...subscriber.topics].sort().join(',')}`;
      let digest = rendered.get(renderKey);
      if (!digest) {
        const content: DigestContent = {
          date: now.toISOString().slice(0, 10),
          cadence,
          topics: subscriber.topics,
          stories: groupStories(selected, (article) => sectionTopicFor(subscriber, article) ?? article.topic.label, sameStory.pairs),
        };
        digest = renderDigest(content);
        rendered.set(renderKey, digest);
      }
      const recipient = { email: subscriber.email, name: subscriber.name ?? null };
      const unsubscribeUrl = deps.links?.unsubscribeUrl(subscriber.email);
      const personal = personaliseDigest(await digest, recipient, {
        topics: subscriber.topics,
        cadence,
        unsubscribeUrl,
        stopTopicUrl: deps.links ? (topic) => deps.links!.stopTopicUrl(subscriber.email, topic) : undefined,
      });
      const raw = await composeDigestMessage({ from: deps.from, to: recipient, listId, listUnsubscribeUrl: unsubscribeUrl, ...personal });
      ({ messageId } = await deps.mailer.send(raw, [subscriber.email]));
    } catch (error) {
      if (error instanceof PermanentMailError) {
        await deps.ledger.markFailed({ digestId, subscriberKey, articleIds, claimedAt }, { code: error.code, message: error.message });
        counts.failed++;
        report('failed', 'error', 'digest refused by SES, not retried', { digestId, subscriberKey, ...recoveredClaim, error });
        return;
      }
      // Nothing went out: give the claim back so the next run sends it.
      await deps.ledger.release(digestId, subscriberKey);
      if (error instanceof DailyQuotaExceededError) {
        stoppedForQuota = true;
        counts.deferred++;
        report('deferred', 'warn', 'SES daily quota reached; remaining digests wait for the next run', { digestId, subscriberKey, ...recoveredClaim, reason: 'daily-quota' });
        return;
      }
      counts.deferred++;
      report('deferred', 'error', 'digest send failed, will retry next run', { digestId, subscriberKey, ...recoveredClaim, error });
      return;
    }
    // The mail is out: from here on a failure must not release the claim, or a retry would send it again.
    counts.sent++;
    const sent = { digestId, subscriberKey, messageId, articles: articleIds.length, ...recoveredClaim };
    try {
      await deps.ledger.markSent({ digestId, subscriberKey, articleIds, claimedAt }, messageId, now);
      await deps.states.recordReceived(subscriberKey, articleIds, now);
    } catch (error) {
      report('sent', 'error', 'digest sent but not recorded; the claim stays so it is not sent again soon', { ...sent, error });
      return;
    }
    report('sent', 'info', 'digest sent', sent);
  };

  // One subscriber's store trouble defers that subscriber only. Thrown on, it would end the run
  // with the other workers still sending, left to resume in whatever invocation comes next.
  const deliverOrDefer = async (subscriber: Subscriber) => {
    try {
      await deliver(subscriber);
    } catch (error) {
      counts.deferred++;
      report('deferred', 'error', 'digest for subscriber failed before sending, will retry next run', { subscriberKey: subscriberKeyFor(subscriber.email), error });
    }
  };
  await inParallel(subscribers, deps.concurrency ?? 8, deliverOrDefer);
  const summary: DigestRunSummary = {
    cadence,
    subscribers: subscribers.length,
    candidateArticles: candidates.length,
    distinctDigests: rendered.size,
    ...counts,
    stoppedForQuota,
  };
  const latencyMs = Math.round(monotonicNow() - startedAt);
  deps.metrics?.add('DigestLatency', latencyMs, { cadence });
  deps.logger.info('digest run finished', { ...summary, latencyMs, groupingMs, storyPairsCompared: sameStory.compared, sameStoryPairs: sameStory.pairs.size });
  return summary;
}
