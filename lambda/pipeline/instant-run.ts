import type { Logger } from '../log.js';
import { realClock } from '../time.js';
import { INSTANT_RUN_FIRST_MAX_WAIT_MS, INSTANT_RUN_MAX_WAIT_CAP_MS, INSTANT_RUN_QUIET_MS, type InstantRunMarker } from '../store/instant-run-marker.js';
import { instantRunMaxWaitMs } from './instant-run-max-wait.js';

export interface InstantRunRequestDependencies {
  readonly marker: Pick<InstantRunMarker, 'request' | 'withdraw'>;
  /** Asynchronous invocation of the digest function with {"cadence":"instant"}. */
  readonly invokeDigest: () => Promise<void>;
  readonly now: Date;
  readonly logger: Logger;
}

/**
 * After a batch stored articles: invoke the instant digest unless a run is already pending. At
 * most one invocation is pending however many batches finish at once (the marker's conditional
 * write picks the one batch that invokes). A failed invoke withdraws the marker, so the next
 * batch (or a redelivery of this one) invokes again instead of finding a run pending that never
 * comes. The batch itself is not failed: its articles are stored, and a hung Lambda API must not
 * send them round the queue into the dead-letter queue.
 */
export async function requestInstantRun(deps: InstantRunRequestDependencies): Promise<'invoked' | 'pending' | 'failed'> {
  const request = await deps.marker.request(deps.now);
  if (!request.invoke) return 'pending';
  try {
    await deps.invokeDigest();
  } catch (error) {
    await deps.marker.withdraw(request.token);
    deps.logger.error('could not trigger the instant digest; marker withdrawn so the next batch triggers it', { error });
    return 'failed';
  }
  deps.logger.info('instant digest triggered', { outcome: 'triggered' });
  return 'invoked';
}

export interface InstantRunStartDependencies {
  readonly marker: Pick<InstantRunMarker, 'read' | 'clear'>;
  readonly now?: () => Date;
  /** Waits `ms` (a fake clock in tests). @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default INSTANT_RUN_QUIET_MS */
  readonly quietMs?: number;
  /** The longest wait of a burst's first run. @default INSTANT_RUN_FIRST_MAX_WAIT_MS */
  readonly maxWaitMs?: number;
  /** The longest wait of a later run of the same burst. @default INSTANT_RUN_MAX_WAIT_CAP_MS */
  readonly maxWaitCapMs?: number;
}

/** How long the run waited, and how long it could have (null: nothing was pending, so it did not wait). */
export interface InstantRunStart {
  readonly waitedMs: number;
  readonly maxWaitMs: number | null;
}

/**
 * The start of an instant run: a burst arrives as many batches, so the run first waits until no
 * batch has asked for a run for `quietMs` (or the first request is its longest wait old: `maxWaitMs`
 * for a burst's first run, doubling while the burst goes on, see instant-run-max-wait.ts), then
 * takes the marker and reads the articles. One run then covers the burst instead of one per batch;
 * articles stored after it took the marker trigger the next run.
 */
export async function startInstantRun(deps: InstantRunStartDependencies): Promise<InstantRunStart> {
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? realClock.sleep;
  const quietMs = deps.quietMs ?? INSTANT_RUN_QUIET_MS;
  const limits = { firstMaxWaitMs: deps.maxWaitMs ?? INSTANT_RUN_FIRST_MAX_WAIT_MS, maxWaitCapMs: deps.maxWaitCapMs ?? INSTANT_RUN_MAX_WAIT_CAP_MS };
  const startedAt = now().getTime();
  let maxWaitMs: number | null = null;
  for (;;) {
    // Nothing pending: a scheduled or manual run, a retry of a run that took the marker, or the marker expired.
    const pending = await deps.marker.read();
    if (!pending) break;
    maxWaitMs = instantRunMaxWaitMs(pending, limits);
    const startAt = Math.min(Date.parse(pending.lastRequestAt) + quietMs, Date.parse(pending.pendingSince) + maxWaitMs);
    const wait = startAt - now().getTime();
    if (wait <= 0) {
      await deps.marker.clear(pending.token, { startedAt: now(), maxWaitMs });
      break;
    }
    await sleep(wait);
  }
  return { waitedMs: now().getTime() - startedAt, maxWaitMs };
}
