import { describe, expect, it } from 'vitest';
import { instantRunMaxWaitMs } from '../../../lambda/pipeline/instant-run-max-wait.js';

const limits = { firstMaxWaitMs: 60_000, maxWaitCapMs: 480_000 };
const T0 = Date.parse('2026-11-24T12:00:00Z');
const iso = (ms: number) => new Date(T0 + ms).toISOString();
/** A run pending since `pendingSinceMs`, after a run that started at 0 and could wait `previousMaxWaitMs`. */
const pendingAfter = (previousMaxWaitMs: number, pendingSinceMs: number) => ({ pendingSince: iso(pendingSinceMs), previousRun: { startedAt: iso(0), maxWaitMs: previousMaxWaitMs } });

describe('instantRunMaxWaitMs', () => {
  it('gives a first run (no run before) the first longest wait', () => {
    expect(instantRunMaxWaitMs({ pendingSince: iso(0), previousRun: null }, limits)).toBe(60_000);
  });

  it('doubles while requests resume within the previous longest wait after that run started, up to the cap', () => {
    expect(instantRunMaxWaitMs(pendingAfter(60_000, 1_000), limits)).toBe(120_000);
    expect(instantRunMaxWaitMs(pendingAfter(120_000, 1_000), limits)).toBe(240_000);
    expect(instantRunMaxWaitMs(pendingAfter(240_000, 1_000), limits)).toBe(480_000);
    expect(instantRunMaxWaitMs(pendingAfter(480_000, 1_000), limits)).toBe(480_000);
    expect(instantRunMaxWaitMs(pendingAfter(240_000, 240_000), limits)).toBe(480_000); // exactly one wait later: still the burst
  });

  it('starts over after a calm period longer than the previous longest wait', () => {
    expect(instantRunMaxWaitMs(pendingAfter(240_000, 240_001), limits)).toBe(60_000);
    expect(instantRunMaxWaitMs(pendingAfter(480_000, 3_600_000), limits)).toBe(60_000);
  });

  it('treats an unreadable history as calm (the short wait)', () => {
    expect(instantRunMaxWaitMs({ pendingSince: iso(1_000), previousRun: { startedAt: 'yesterday', maxWaitMs: 60_000 } }, limits)).toBe(60_000);
  });
});
