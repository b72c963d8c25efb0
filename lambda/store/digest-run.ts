import type { DigestArticle } from './article-index.js';
import type { Cadence } from './subscriber.js';

/** A candidate article of a run: what a digest shows of it, and when its index entry was written. */
export interface RunArticle extends DigestArticle {
  readonly indexedAt: string;
}

/** What a sender needs of a local-morning run to tell each reader's local day. */
export interface LocalDeliveryRun {
  /** The hourly slot the run serves (ISO instant, on the hour). */
  readonly slot: string;
  /** The timezone of readers who gave none. */
  readonly defaultTimeZone: string;
}

/**
 * What the planner decided once for a whole run, for every sender to read: the candidate
 * articles, which of them report the same story, and the run's time and watermark. Senders read
 * it once per container instead of each querying the index and grouping again.
 */
export interface DigestRun {
  readonly runId: string;
  readonly cadence: Cadence;
  /** When the run started: the upper end of its look-back window. */
  readonly runAt: string;
  /** The delivery watermark readers mailed by this run get (delivery-watermark.ts). */
  readonly watermark: string;
  readonly articles: readonly RunArticle[];
  /**
   * Set on a run of the hourly local-morning schedule: it mails only readers whose delivery hour
   * came at `slot`, and each of them at most once per local day (the sender keys the delivery
   * ledger on that day). Absent: a run that mails every reader of the cadence now.
   */
  readonly localDelivery?: LocalDeliveryRun;
  readonly sameStoryPairs: readonly (readonly [string, string])[];
}
