/** A day in milliseconds: look-back windows, retention and expiry times count in it. */
export const DAY_MS = 86_400_000;

/** Monotonic time and waiting, injected so tests run on fake time. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
