import { describe, expect, it } from 'vitest';
import { INSTANT_RUN_PARTITION } from '../../../lambda/store/article-index-table.js';
import {
  INSTANT_RUN_FIRST_MAX_WAIT_MS,
  INSTANT_RUN_MAX_WAIT_CAP_MS,
  INSTANT_RUN_QUIET_MS,
  INSTANT_RUN_STALE_AFTER_MS,
  InstantRunMarker,
} from '../../../lambda/store/instant-run-marker.js';
import { useTestDynamoDb } from '../../support/dynamodb-emulator.js';

const T0 = new Date('2026-11-24T12:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

const dynamo = useTestDynamoDb();

async function freshMarker() {
  const table = await dynamo().createArticleIndexTable();
  const marker = new InstantRunMarker(dynamo().clientFor(), table);
  const stored = async () => (await dynamo().items(table)).filter((item) => item['day'] === INSTANT_RUN_PARTITION);
  return { marker, stored };
}

async function takePending(marker: InstantRunMarker, startedAt: Date, maxWaitMs: number) {
  const pending = await marker.read();
  expect(pending).not.toBeNull();
  return marker.clear(pending!.token, { startedAt, maxWaitMs });
}

describe('the instant-run wait limits', () => {
  // The digest function's timeout against them: test/infra/newsdrop-stack.test.ts.
  it('keep the longest wait well below the staleness limit', () => {
    expect(INSTANT_RUN_QUIET_MS).toBeLessThan(INSTANT_RUN_FIRST_MAX_WAIT_MS);
    expect(INSTANT_RUN_FIRST_MAX_WAIT_MS).toBeLessThanOrEqual(INSTANT_RUN_MAX_WAIT_CAP_MS);
    // A run still waiting must never look lost (a second invocation would start a second run).
    expect(INSTANT_RUN_MAX_WAIT_CAP_MS).toBeLessThanOrEqual(INSTANT_RUN_STALE_AFTER_MS / 2);
  });
});

describe('InstantRunMarker', () => {
  it('keeps one item: taking the marker removes the pending attributes and records the run', async () => {
    const { marker, stored } = await freshMarker();
    expect(await marker.request(T0)).toMatchObject({ invoke: true });
    await marker.request(at(4_000));
    expect(await marker.read()).toMatchObject({ pendingSince: T0.toISOString(), lastRequestAt: at(4_000).toISOString(), previousRun: null });

    expect(await takePending(marker, at(14_000), 60_000)).toBe(true);

    expect(await marker.read()).toBeNull();
    const [item, ...others] = await stored();
    expect(others).toEqual([]);
    expect(item).toEqual({
      day: INSTANT_RUN_PARTITION,
      entry: 'pending',
      lastRunAt: at(14_000).toISOString(),
      lastMaxWaitMs: 60_000,
      expiresAt: Math.floor((at(14_000).getTime() + 2 * INSTANT_RUN_STALE_AFTER_MS) / 1000),
    });
  });

  it('hands the last run to the next pending run, and keeps it through a request, a withdrawal and a stale takeover', async () => {
    const { marker, stored } = await freshMarker();
    await marker.request(T0);
    await takePending(marker, at(60_000), 60_000);
    const previousRun = { startedAt: at(60_000).toISOString(), maxWaitMs: 60_000 };

    const first = await marker.request(at(61_000));
    expect(first).toMatchObject({ invoke: true });
    expect(await marker.request(at(62_000))).toEqual({ invoke: false });
    expect(await marker.read()).toMatchObject({ pendingSince: at(61_000).toISOString(), lastRequestAt: at(62_000).toISOString(), previousRun });

    // The invoke failed: the batch withdraws only its own pending run; the history stays.
    await marker.withdraw('not-our-token');
    expect(await marker.read()).not.toBeNull();
    await marker.withdraw((first as { token: string }).token);
    expect(await marker.read()).toBeNull();
    expect((await stored())[0]).toMatchObject({ lastRunAt: previousRun.startedAt, lastMaxWaitMs: 60_000 });

    // A pending run that never came is replaced once stale, history kept.
    await marker.request(at(70_000));
    const takeover = await marker.request(at(70_000 + INSTANT_RUN_STALE_AFTER_MS + 1));
    expect(takeover).toMatchObject({ invoke: true });
    expect(await marker.read()).toMatchObject({ pendingSince: at(70_000 + INSTANT_RUN_STALE_AFTER_MS + 1).toISOString(), previousRun });
  });

  it('does not take a marker that is no longer the one the run read', async () => {
    const { marker, stored } = await freshMarker();
    const request = await marker.request(T0);
    await marker.withdraw((request as { token: string }).token);
    await marker.request(at(1_000)); // another batch invokes its own run

    expect(await marker.clear((request as { token: string }).token, { startedAt: at(2_000), maxWaitMs: 60_000 })).toBe(false);

    expect(await marker.read()).toMatchObject({ pendingSince: at(1_000).toISOString() });
    expect((await stored())[0]!['lastRunAt']).toBeUndefined();
  });
});
