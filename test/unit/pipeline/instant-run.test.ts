import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../lambda/log.js';
import { requestInstantRun, startInstantRun } from '../../../lambda/pipeline/instant-run.js';
import { InstantRunMarker, INSTANT_RUN_STALE_AFTER_MS } from '../../../lambda/store/instant-run-marker.js';
import { useTestDynamoDb } from '../../support/dynamodb-emulator.js';

const T0 = new Date('2026-11-24T12:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

const dynamo = useTestDynamoDb();

async function freshMarker() {
  return new InstantRunMarker(dynamo().clientFor(), await dynamo().createArticleIndexTable());
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
    await marker.clear((await marker.read())!.token, { startedAt: at(500), maxWaitMs: 60_000 }); // the run started

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

    const { waitedMs } = await startInstantRun({ marker, now: () => at(clock), sleep, quietMs: 10_000, maxWaitMs: 60_000 });

    expect(waitedMs).toBe(22_000); // last request at 12 s + 10 s of quiet
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

    const { waitedMs } = await startInstantRun({ marker, now: () => at(clock), sleep, quietMs: 10_000, maxWaitMs: 30_000 });

    expect(waitedMs).toBe(30_000);
  });

  it('does not wait when no run is pending (a scheduled or manual run)', async () => {
    const marker = await freshMarker();
    const start = await startInstantRun({ marker, now: () => T0, sleep: async () => expect.unreachable('no wait') });
    expect(start).toEqual({ waitedMs: 0, maxWaitMs: null });
  });
});

describe('startInstantRun over a burst that outlasts one wait', () => {
  const limits = { quietMs: 10_000, maxWaitMs: 60_000, maxWaitCapMs: 480_000 };

  /**
   * Fake time: ingest batches ask for a run at `batchTimesMs` (sorted); the digest function runs
   * each invocation after the one before, and while a run sleeps the clock moves on and the
   * batches due in that time ask. Answers, per run, when it took the marker and its longest wait.
   */
  async function simulate(batchTimesMs: readonly number[]) {
    const marker = await freshMarker();
    const due = [...batchTimesMs];
    let clock = 0;
    let invocations = 0;
    const invokeDigest = async () => {
      invocations++;
    };
    const batchesUntil = async (until: number) => {
      while (due.length > 0 && due[0]! <= until) {
        clock = due.shift()!;
        await requestInstantRun({ marker, invokeDigest, now: at(clock), logger: silentLogger });
      }
    };
    const sleep = async (ms: number) => {
      const until = clock + ms;
      await batchesUntil(until);
      clock = until;
    };
    const runs: { tookMarkerAtS: number; maxWaitS: number | null }[] = [];
    for (;;) {
      if (runs.length < invocations) {
        const start = await startInstantRun({ marker, now: () => at(clock), sleep, ...limits });
        runs.push({ tookMarkerAtS: clock / 1000, maxWaitS: start.maxWaitMs === null ? null : start.maxWaitMs / 1000 });
      } else if (due.length > 0) {
        await batchesUntil(due[0]!);
      } else {
        break;
      }
    }
    expect(invocations).toBe(runs.length);
    return runs;
  }

  const everyFiveSeconds = (fromS: number, toS: number) => Array.from({ length: (toS - fromS) / 5 + 1 }, (_, i) => (fromS + 5 * i) * 1000);

  it('doubles the longest wait while the burst goes on (60, 120, 240 s) up to the 480 s cap', async () => {
    // A batch every 5 s for 25 minutes: never 10 s of quiet until it ends.
    const runs = await simulate(everyFiveSeconds(0, 1_500));

    expect(runs.map((run) => run.maxWaitS)).toEqual([60, 120, 240, 480, 480, 480]);
    // Each run takes the marker its longest wait after the batch that created it (the one after
    // the previous run took it), the last 10 s after the burst ended; with a fixed 60 s it would be 26 runs.
    expect(runs.map((run) => run.tookMarkerAtS)).toEqual([60, 65 + 120, 190 + 240, 435 + 480, 920 + 480, 1_510]);
  });

  it('still mails a lone article 10 s after it lands, and starts over at 60 s after a calm period', async () => {
    const runs = await simulate([
      ...everyFiveSeconds(0, 300), // runs at 60 s (60 s wait), 185 s (120 s) and 310 s (240 s: quiet 10 s after the last batch)
      400_000, // 90 s after that run started, within its 240 s: the burst goes on, 480 s allowed ...
      // ... and that run started at 410 s; nothing asks for more than 480 s after it: calm.
      900_000,
      905_000, // a run 10 s later, at 915 s, allowed 60 s
      950_000, // 35 s after it started, within its 60 s: the burst goes on again, 120 s allowed
    ]);

    expect(runs).toEqual([
      { tookMarkerAtS: 60, maxWaitS: 60 },
      { tookMarkerAtS: 185, maxWaitS: 120 },
      { tookMarkerAtS: 310, maxWaitS: 240 },
      { tookMarkerAtS: 410, maxWaitS: 480 }, // ... but taken after 10 s of quiet, as ever
      { tookMarkerAtS: 915, maxWaitS: 60 }, // reset: 900 s is more than 480 s after 410 s
      { tookMarkerAtS: 960, maxWaitS: 120 },
    ]);
  });
});
