import { describe, expect, it, vi } from 'vitest';
import { RateLimiter } from '../../../lambda/mail/rate-limiter.js';
import type { Clock } from '../../../lambda/time.js';

/** A clock that only moves when someone sleeps: timing without waiting. */
function fakeClock(): Clock & { starts: number[] } {
  let now = 0;
  const clock = {
    starts: [] as number[],
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
  return clock;
}

describe('RateLimiter', () => {
  it('spaces starts evenly at the configured rate', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(4, clock);
    for (let i = 0; i < 5; i++) {
      await limiter.acquire();
      clock.starts.push(clock.now());
    }
    expect(clock.starts).toEqual([0, 250, 500, 750, 1000]);
  });

  it('handles fractional rates like one mail every two seconds', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(0.5, clock);
    await limiter.acquire();
    await limiter.acquire();
    expect(clock.now()).toBe(2000);
  });

  it('gives concurrent callers on the real clock distinct slots, a full interval apart', async () => {
    // Prepare: the real clock's timers and performance.now, faked, so the machine's load cannot matter.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const limiter = new RateLimiter(10);
      const started = performance.now();

      // Act: five callers at once; time only moves when the test moves it.
      const times = Promise.all(Array.from({ length: 5 }, async () => {
        await limiter.acquire();
        return performance.now() - started;
      }));
      await vi.advanceTimersByTimeAsync(1_000);

      // Assess
      expect(await times).toEqual([0, 100, 200, 300, 400]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a non-positive rate', () => {
    expect(() => new RateLimiter(0)).toThrow(RangeError);
  });
});
