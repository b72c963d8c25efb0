import { describe, expect, it } from 'vitest';
import { DELIVERY_SETTLE_MS, isSuperseded, nextDeliveryState, notYetReceived, runWatermarkFor, type IndexedId } from '../../../lambda/digest/delivery-watermark.js';
import { NO_DELIVERY_STATE, type DeliveryState } from '../../../lambda/store/delivery-state.js';

const article = (id: string, indexedAt: string): IndexedId => ({ id, indexedAt });
const byId = (articles: readonly IndexedId[]) => new Map(articles.map((entry) => [entry.id, entry]));

const old = article('old', '2026-11-24T10:00:00.000Z');
const atLine = article('at-line', '2026-11-24T11:55:00.000Z');
const settling = article('settling', '2026-11-24T11:57:00.000Z');
const fresh = article('fresh', '2026-11-24T11:59:00.000Z');

describe('runWatermarkFor', () => {
  it('sets a run\'s watermark the settle time (5 minutes) before its start', () => {
    expect(DELIVERY_SETTLE_MS).toBe(300_000);
    expect(runWatermarkFor(new Date('2026-11-24T12:00:00Z'))).toBe('2026-11-24T11:55:00.000Z');
  });
});

describe('notYetReceived', () => {
  it('takes every article for a reader never mailed, except the ids they are known to have', () => {
    const isNew = notYetReceived({ deliveredThrough: null, recentArticleIds: ['settling'] });

    expect([old, atLine, settling, fresh].filter(isNew).map((entry) => entry.id)).toEqual(['old', 'at-line', 'fresh']);
    expect([old, fresh].filter(notYetReceived(NO_DELIVERY_STATE))).toEqual([old, fresh]);
  });

  it('takes only articles indexed after the watermark and not among the recent ids', () => {
    const isNew = notYetReceived({ deliveredThrough: '2026-11-24T11:55:00.000Z', recentArticleIds: ['settling'] });

    // At the watermark counts as dealt with.
    expect([old, atLine, settling, fresh].filter(isNew).map((entry) => entry.id)).toEqual(['fresh']);
  });
});

describe('isSuperseded', () => {
  it('says a reader whose watermark is later than the run\'s was mailed by a newer run', () => {
    const run = '2026-11-24T11:55:00.000Z';

    expect(isSuperseded(NO_DELIVERY_STATE, run)).toBe(false);
    expect(isSuperseded({ deliveredThrough: '2026-11-23T11:55:00.000Z', recentArticleIds: [] }, run)).toBe(false);
    // The same run (a retried chunk) is not newer than itself.
    expect(isSuperseded({ deliveredThrough: run, recentArticleIds: [] }, run)).toBe(false);
    expect(isSuperseded({ deliveredThrough: '2026-11-24T11:55:00.001Z', recentArticleIds: [] }, run)).toBe(true);
  });
});

describe('nextDeliveryState', () => {
  const watermark = '2026-11-24T11:55:00.000Z';

  it('moves the watermark to the run\'s and keeps, sorted, only delivered ids indexed above it', () => {
    const next = nextDeliveryState(NO_DELIVERY_STATE, watermark, [fresh, old, settling, atLine], byId([old, atLine, settling, fresh]));

    expect(next).toEqual({ deliveredThrough: watermark, recentArticleIds: ['fresh', 'settling'] });
  });

  it('keeps earlier recent ids while a candidate still places them above the watermark, and drops the rest', () => {
    // "gone" is no candidate any more (out of every look-back window); "old" is below the new line.
    const state: DeliveryState = { deliveredThrough: '2026-11-24T09:00:00.000Z', recentArticleIds: ['gone', 'old', 'settling'] };

    const next = nextDeliveryState(state, watermark, [fresh], byId([old, settling, fresh]));

    expect(next).toEqual({ deliveredThrough: watermark, recentArticleIds: ['fresh', 'settling'] });
  });

  it('never lowers the watermark: an older run recording late keeps the newer line', () => {
    const newer: DeliveryState = { deliveredThrough: '2026-11-25T11:55:00.000Z', recentArticleIds: [] };
    const late = article('late', '2026-11-25T11:56:00.000Z');

    const next = nextDeliveryState(newer, watermark, [fresh, late], byId([fresh, late]));

    // "fresh" is below the newer line now; only what is above it is remembered.
    expect(next).toEqual({ deliveredThrough: '2026-11-25T11:55:00.000Z', recentArticleIds: ['late'] });
  });

  it('lists an id once when it was recent and is delivered again', () => {
    const state: DeliveryState = { deliveredThrough: watermark, recentArticleIds: ['settling'] };

    expect(nextDeliveryState(state, watermark, [settling], byId([settling])).recentArticleIds).toEqual(['settling']);
  });
});
