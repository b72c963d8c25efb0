import type { PendingInstantRun } from '../store/instant-run-marker.js';

export interface InstantRunWaitLimits {
  /** The longest wait of a burst's first run. */
  readonly firstMaxWaitMs: number;
  /** The longest wait of any run, however long the burst. */
  readonly maxWaitCapMs: number;
}

/**
 * How long the pending run may wait for quiet at most. A burst that outlasts one run's wait would
 * otherwise get a run per wait period (a linear number of runs, each grouping every article
 * again); instead, while the burst goes on (a batch asked again within the previous run's longest
 * wait after that run started), each run may wait twice as long as the one before, up to the cap,
 * so a burst of length T gets about log2(T / first) runs until the cap and one per cap after it.
 * After a calm period (nothing asked for longer than that wait) it is a first run again. The
 * quiet rule is untouched: a lone article is still mailed once requests have been quiet, however
 * long its run could have waited.
 */
export function instantRunMaxWaitMs(pending: Pick<PendingInstantRun, 'pendingSince' | 'previousRun'>, limits: InstantRunWaitLimits): number {
  const previous = pending.previousRun;
  if (!previous) return limits.firstMaxWaitMs;
  const askedAgainAfterMs = Date.parse(pending.pendingSince) - Date.parse(previous.startedAt);
  // Unreadable times count as calm: the safe side is the short wait.
  if (!Number.isFinite(askedAgainAfterMs) || !Number.isFinite(previous.maxWaitMs) || askedAgainAfterMs > previous.maxWaitMs) return limits.firstMaxWaitMs;
  return Math.min(Math.max(2 * previous.maxWaitMs, limits.firstMaxWaitMs), limits.maxWaitCapMs);
}
