import { firstCurrentDay } from '../digest/story-age.js';
import type { Cadence } from '../store/subscriber.js';

/**
 * How far back a run looks for articles a subscriber has not received. Longer than the cadence, so
 * an article stored late (S3 events may arrive late) or a skipped run is caught up next time.
 */
export const LOOKBACK_DAYS: Readonly<Record<Cadence, number>> = { instant: 2, daily: 3, weekly: 10 };

/** The longest look-back of any cadence (weekly): the days of articles a digest may still read. */
export const LONGEST_LOOKBACK_DAYS = Math.max(...Object.values(LOOKBACK_DAYS));

/** The first publication day a run of this cadence counts as current; earlier ones are old stories (story-age.ts). */
export function firstCurrentDayOf(cadence: Cadence, runAt: Date | string): string {
  return firstCurrentDay(new Date(runAt), LOOKBACK_DAYS[cadence]);
}
