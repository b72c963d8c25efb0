import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import type { ObjectStore, PutOptions } from '../lambda/store/object-store.js';

/** True when the module at `moduleUrl` is the script node (tsx) was started with, not an import. */
export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && pathToFileURL(path.resolve(script)).href === moduleUrl;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Calls per second of `run` over `seconds`, after a warm-up. */
export function callsPerSecond(run: () => void, seconds: number, warmUp = 50): number {
  for (let i = 0; i < warmUp; i++) run();
  let done = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    run();
    done++;
  }
  return done / ((performance.now() - started) / 1000);
}

/** "target <= 150 ms: 0.72 x, met": the figure as a multiple of its target, and whether it meets it. */
export function againstTarget(value: number, bound: '>=' | '<=', target: number, unit = ''): string {
  const met = bound === '>=' ? value >= target : value <= target;
  return `target ${bound} ${target}${unit}: ${(value / target).toFixed(2)} x, ${met ? 'met' : 'missed'}`;
}

/**
 * Round trips from a Lambda to the service in the same region, as the scale and burst benches
 * inject them (ms): typical figures, not worst cases.
 */
export const AWS_LATENCY_MS = { s3Get: 15, s3Put: 30, s3List: 40, dynamoDb: 8, ses: 50, sqsSendBatch: 10 } as const;

/** A bucket that answers as slowly as S3 does: every call waits its round trip, then asks `inner`. */
export class LatencyObjectStore implements ObjectStore {
  constructor(
    readonly inner: ObjectStore,
    private readonly latency: Pick<typeof AWS_LATENCY_MS, 's3Get' | 's3Put' | 's3List'> = AWS_LATENCY_MS,
  ) {}

  async get(key: string, options?: { versionId?: string | null }) {
    await sleep(this.latency.s3Get);
    return this.inner.get(key, options);
  }

  async getStream(key: string, options?: { versionId?: string | null }) {
    await sleep(this.latency.s3Get);
    return this.inner.getStream(key, options);
  }

  async head(key: string, options?: { versionId?: string | null }) {
    await sleep(this.latency.s3Get);
    return this.inner.head(key, options);
  }

  async put(key: string, body: Uint8Array | string, options?: PutOptions) {
    await sleep(this.latency.s3Put);
    return this.inner.put(key, body, options);
  }

  async list(prefix: string) {
    await sleep(this.latency.s3List);
    return this.inner.list(prefix);
  }

  async delete(key: string) {
    await sleep(this.latency.s3Put);
    return this.inner.delete(key);
  }
}

/** Every request of an SDK client waits `ms` before it goes out: a round trip to a distant service. */
export function withLatency<Client extends { send: unknown }>(client: Client, ms: number): Client {
  const send = (client.send as (...args: unknown[]) => Promise<unknown>).bind(client);
  (client as { send: unknown }).send = async (...args: unknown[]) => {
    await sleep(ms);
    return send(...args);
  };
  return client;
}
