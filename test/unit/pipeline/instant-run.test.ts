import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../lambda/log.js';
import { requestInstantRun, startInstantRun } from '../../../lambda/pipeline/instant-run.js';
import { InstantRunMarker, INSTANT_RUN_STALE_AFTER_MS } from '../../../lambda/store/instant-run-marker.js';
import { startTestDynamoDb, type TestDynamoDb } from '../../support/dynamodb-emulator.js';

const T0 = new Date('2026-11-24T12:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

let dynamo: TestDynamoDb;
beforeAll(async () => {
  dynamo = await startTestDynamoDb();
});
afterAll(async () => {
  await dynamo?.close();
});

async function freshMarker() {
  return new InstantRunMarker(dynamo.clientFor(), await dynamo.createArticleIndexTable());
}

/** Counts invocations; `failNext` makes the next one fail as Lambda's Invoke would. */
function digestFunction() {
  const calls = { count: 0, failNext: false };
  const invokeDigest = async () => {
    if (calls.failNext) {
      calls.failNext = false;
      throw Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
    }
    calls.count++;
  };
  return { calls, invokeDigest };
}

describe('requestInstantRun', () => {
  it('invokes the digest exactly once for 50 batches finishing at once', async () => {
    const marker = await freshMarker();
    const { calls, invokeDigest } = digestFunction();

    const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => requestInstantRun({ marker, invokeDigest, now: at(i), logger: silentLogger })));

    expect(calls.count).toBe(1);
    expect(outcomes.filter((outcome) => outcome === 'invoked')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'pending')).toHaveLength(49);
  });

  it('withdraws the marker when the invoke fails, so the next batch triggers the run', async () => {
    const marker = await freshMarker();
    const { calls, invokeDigest } = digestFunction();
    calls.failNext = true;

    expect(await requestInstantRun({ marker, invokeDigest, now: T0, logger: silentLogger })).toBe('failed');
    expect(await marker.read()).toBeNull();
    const next = await requestInstantRun({ marker, invokeDigest, now: at(1_000), logger: silentLogger });

    expect(next).toBe('invoked');
    expect(calls.count).toBe(1);
  });

  it('triggers again once the run has taken the marker, and after a marker went stale', async () => {
    const marker = await freshMarker();
    const { calls, invokeDigest } = digestFunction();
    await requestInstantRun({ marker, invokeDigest, now: T0, logger: silentLogger });
    await marker.clear(); // the run started

    expect(await requestInstantRun({ marker, invokeDigest, now: at(1_000), logger: silentLogger })).toBe('invoked');
    expect(await requestInstantRun({ marker, invokeDigest, now: at(2_000), logger: silentLogger })).toBe('pending');
    // That run never came (its invocation was dropped): past the staleness limit a batch triggers anew.
    expect(await requestInstantRun({ marker, invokeDigest, now: at(1_000 + INSTANT_RUN_STALE_AFTER_MS + 1), logger: silentLogger })).toBe('invoked');
    expect(calls.count).toBe(3);
  });
});

describe('startInstantRun', () => {
  it('waits until requests have been quiet for quietMs, then takes the marker', async () => {
    const marker = await freshMarker();
    const { invokeDigest } = digestFunction();
    let clock = 0;
    await requestInstantRun({ marker, invokeDigest, now: at(0), logger: silentLogger });
    // Batches keep finishing while the run waits: one every 4 s until 12 s.
    const sleep = async (ms: number) => {
      for (let next = Math.ceil((clock + 1) / 4_000) * 4_000; next <= Math.min(clock + ms, 12_000); next += 4_000) {
        await requestInstantRun({ marker, invokeDigest, now: at(next), logger: silentLogger });
      }
      clock += ms;
    };

    const waited = await startInstantRun({ marker, now: () => at(clock), sleep, quietMs: 10_000, maxWaitMs: 60_000 });

    expect(waited).toBe(22_000); // last request at 12 s + 10 s of quiet
    expect(await marker.read()).toBeNull();
  });

  it('starts after maxWaitMs however long the burst goes on', async () => {
    const marker = await freshMarker();
    const { invokeDigest } = digestFunction();
    let clock = 0;
    await requestInstantRun({ marker, invokeDigest, now: at(0), logger: silentLogger });
    const sleep = async (ms: number) => {
      for (let t = clock + 1_000; t <= clock + ms; t += 1_000) await requestInstantRun({ marker, invokeDigest, now: at(t), logger: silentLogger });
      clock += ms;
    };

    const waited = await startInstantRun({ marker, now: () => at(clock), sleep, quietMs: 10_000, maxWaitMs: 30_000 });

    expect(waited).toBe(30_000);
  });

  it('does not wait when no run is pending (a scheduled or manual run)', async () => {
    const marker = await freshMarker();
    const waited = await startInstantRun({ marker, now: () => T0, sleep: async () => expect.unreachable('no wait') });
    expect(waited).toBe(0);
  });
});
