import type { DeliveryState } from '../store/delivery-state.js';

/**
 * How far behind its start a run sets readers' watermarks. An index entry stamped indexedAt = t
 * may become visible a little after t (the write is in flight); a run that starts meanwhile does
 * not see it, so its watermark must stay below t. Ingest runs at most 60 s (its Lambda timeout)
 * between stamping and writing, so 5 minutes leaves every in-flight write below the line. The
 * articles of those 5 minutes that a reader did get are remembered by id instead.
 */
export const DELIVERY_SETTLE_MS = 5 * 60_000;

/** The watermark a run started at `runAt` gives the readers it mails. */
export function runWatermarkFor(runAt: Date): string {
  return new Date(runAt.getTime() - DELIVERY_SETTLE_MS).toISOString();
}

/** An article as watermarks see it. */
export interface IndexedId {
  readonly id: string;
  readonly indexedAt: string;
}

/** Whether a newer run already mailed the reader: this run's digest would repeat what they got. */
export function isSuperseded(state: DeliveryState, runWatermark: string): boolean {
  return state.deliveredThrough !== null && state.deliveredThrough > runWatermark;
}

/** Not yet received: indexed after the watermark and not among the recent ones. */
export function notYetReceived(state: DeliveryState): (article: IndexedId) => boolean {
  const recent = new Set(state.recentArticleIds);
  return (article) => (state.deliveredThrough === null || article.indexedAt > state.deliveredThrough) && !recent.has(article.id);
}

/**
 * The state after a run delivered `delivered`: the run's watermark, and the ids, old and new, of
 * articles indexed after it. Old recent ids are kept only while a candidate of this run says they
 * are still above the line; an id no candidate names is outside every later look-back window too.
 */
export function nextDeliveryState(
  state: DeliveryState,
  runWatermark: string,
  delivered: readonly IndexedId[],
  candidatesById: ReadonlyMap<string, IndexedId>,
): DeliveryState {
  const watermark = state.deliveredThrough !== null && state.deliveredThrough > runWatermark ? state.deliveredThrough : runWatermark;
  const recent = new Set<string>();
  for (const id of state.recentArticleIds) {
    const article = candidatesById.get(id);
    if (article && article.indexedAt > watermark) recent.add(id);
  }
  for (const article of delivered) if (article.indexedAt > watermark) recent.add(article.id);
  return { deliveredThrough: watermark, recentArticleIds: [...recent].sort() };
}
