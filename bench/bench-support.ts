import path from 'node:path';
import { pathToFileURL } from 'node:url';

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
