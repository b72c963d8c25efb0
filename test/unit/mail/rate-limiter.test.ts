import { describe, expect, it } from 'vitest';
import { RateLimiter, type Clock } from '../../../lambda/mail/rate-limiter.js';

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

  it('gives concurrent callers distinct slots', async () => {
    const limiter = new RateLimiter(10);
    const started = performance.now();
    const times = await Promise.all(Array.from({ length: 5 }, async () => {
      await limiter.acquire();
      return performance.now() - started;
    }));
    const sorted = [...times].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(90);
  });

  it('refuses a non-positive rate', () => {
    expect(() => new RateLimiter(0)).toThrow(RangeError);
  });
});
