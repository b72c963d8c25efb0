/**
 * npm run bench:cli — how long `newsdrop parse|classify|preview` on one article takes from spawn to
 * exit, run as a user runs it (node bin/newsdrop.mjs, the esbuild bundle), against `node -e 0` in the
 * same rounds: on a shared machine the ratio travels better than the milliseconds.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { againstTarget, isMain, median } from './bench-support.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = path.join(REPO_ROOT, 'bin', 'newsdrop.mjs');
/** A plain-text article from the repository, as the "parse one file" figure. */
const ARTICLE = path.join(REPO_ROOT, 'examples', 'articles', 'climate-summit.txt');
/** Issue 18: `npx newsdrop parse FILE` starts in at most this. */
export const CLI_PARSE_TARGET_MS = 300;

const COMMANDS = ['parse', 'classify', 'preview'] as const;
type CliCommand = (typeof COMMANDS)[number];

export interface CliStartResult {
  readonly runs: number;
  readonly article: string;
  /** Median wall time of `node -e 0`. */
  readonly baselineMs: number;
  /** Median wall time of each command on the article, spawn to exit. */
  readonly commandMs: Readonly<Record<CliCommand, number>>;
}

function runOnce(args: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const elapsedMs = performance.now() - started;
      if (code !== 0) reject(new Error(`node ${args.join(' ')} failed (exit ${code}): ${stderr.slice(-1500)}`));
      else resolve(elapsedMs);
    });
  });
}

export async function measureCliStart(options: { runs: number }): Promise<CliStartResult> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'newsdrop-cli-bench-'));
  const argsOf: Record<CliCommand, string[]> = {
    parse: [CLI, 'parse', ARTICLE],
    classify: [CLI, 'classify', ARTICLE],
    preview: [CLI, 'preview', ARTICLE, '--out', outDir],
  };
  try {
    const baseline: number[] = [];
    const samples: Record<CliCommand, number[]> = { parse: [], classify: [], preview: [] };
    // Round 0 is not counted: it warms the file cache, and rebuilds the CLI if a source changed since its build.
    for (let round = 0; round <= options.runs; round++) {
      // Rounds interleave the commands and the baseline, so load from other processes hits them alike.
      const baselineMs = await runOnce(['-e', '0']);
      if (round > 0) baseline.push(baselineMs);
      for (const command of COMMANDS) {
        const elapsedMs = await runOnce(argsOf[command]);
        if (round > 0) samples[command].push(elapsedMs);
      }
    }
    const commandMs = Object.fromEntries(COMMANDS.map((command) => [command, median(samples[command])])) as Record<CliCommand, number>;
    return { runs: options.runs, article: path.relative(REPO_ROOT, ARTICLE), baselineMs: median(baseline), commandMs };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

export function cliStartReport(result: CliStartResult): string[] {
  const lines = [`baseline, node -e 0: ${result.baselineMs.toFixed(0)} ms per process; medians of ${result.runs} runs`];
  for (const command of COMMANDS) {
    const ms = result.commandMs[command];
    const target = command === 'parse' ? ` (${againstTarget(ms, '<=', CLI_PARSE_TARGET_MS, ' ms')})` : '';
    lines.push(`newsdrop ${command.padEnd(8)} ${ms.toFixed(0)} ms${target}; ${(ms / result.baselineMs).toFixed(1)} x node -e 0 (+${(ms - result.baselineMs).toFixed(0)} ms)`);
  }
  return lines;
}

if (isMain(import.meta.url)) {
  const result = await measureCliStart({ runs: 9 });
  console.log(`CLI start, one article (${result.article}), spawn to exit`);
  for (const line of cliStartReport(result)) console.log(`  ${line}`);
}
