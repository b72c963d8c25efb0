/**
 * Issue 13's figure: every file of the hostile corpus (test/support/hostile-corpus.ts, 5 MiB each
 * unless a limit makes a smaller file worse) through ingestObject, each in a fresh node process
 * so its peak RSS (process.resourceUsage().maxRSS) is its own: the worst ingest time and the worst
 * peak RSS, against the targets (3 s, 384 MB on one core). The runner is bundled with esbuild, the
 * topic model and story IDF table beside it, as the Lambda is; a plain article through the same
 * runner is the baseline. Run alone: npx tsx bench/hostile-parse-bench.ts
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOSTILE_FILE_NAMES, hostileFile } from '../test/support/hostile-corpus.js';
import { againstTarget, isMain } from './bench-support.js';
import type { HostileFileOutcome } from './hostile-file-run.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Issue 13's "done when": each file stored or refused within these, on one core. */
export const HOSTILE_TARGETS = { ms: 3_000, rssMb: 384 } as const;
/** A run still going after this is reported as such and killed; nothing in the corpus comes near. */
const RUN_TIMEOUT_MS = 30_000;
const BASELINE_ARTICLE = path.join(REPO_ROOT, 'examples', 'articles', 'climate-summit.txt');

export interface HostileRun extends HostileFileOutcome {
  readonly name: string;
  readonly bytes: number;
}

export interface HostileParseResult {
  readonly files: readonly HostileRun[];
  /** A plain article through the same runner: the process's own time and RSS floor. */
  readonly baseline: HostileRun;
  readonly slowest: HostileRun;
  readonly fattest: HostileRun;
}

/** The runner as one ESM file with the assets the classifier and story features read beside it. */
async function bundleRunner(dir: string): Promise<string> {
  const esbuild = await import('esbuild');
  const outfile = path.join(dir, 'hostile-file-run.mjs');
  await esbuild.build({
    absWorkingDir: REPO_ROOT,
    entryPoints: ['bench/hostile-file-run.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'warning',
    // dynalite (the runner's DynamoDB) loads native LevelDB bindings: left to node_modules, which the
    // runner finds because it is written inside the repository (.newsdrop/, ignored by git).
    external: ['dynalite'],
    // CommonJS code in dependencies (linkedom's shims) calls require() inside the ESM bundle.
    banner: { js: "import { createRequire as newsdropCreateRequire } from 'node:module'; const require = newsdropCreateRequire(import.meta.url);" },
  });
  copyFileSync(path.join(REPO_ROOT, 'lambda', 'topics', 'model.bin'), path.join(dir, 'model.bin'));
  copyFileSync(path.join(REPO_ROOT, 'lambda', 'digest', 'story-idf.bin'), path.join(dir, 'story-idf.bin'));
  return outfile;
}

/**
 * Runs the runner on one file. Through a shell that forks it rather than directly: a process
 * started by this one (vfork, then exec) reports this process's RSS high-water mark as its own
 * maxRSS, and this one holds the corpus builder and esbuild. In its own process group, so a
 * timeout kills the runner with the shell.
 */
function runOne(runner: string, file: string, name: string, fileName: string, bytes: number): Promise<HostileRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', '"$0" "$@"; exit $?', process.execPath, runner, file, fileName], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), RUN_TIMEOUT_MS);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal) return resolve({ name, bytes, status: `killed after ${RUN_TIMEOUT_MS} ms`, ms: RUN_TIMEOUT_MS, maxRssMb: Number.NaN });
      if (code !== 0) return reject(new Error(`${name}: runner exited with ${code}: ${stderr.slice(-1500)}`));
      resolve({ name, bytes, ...(JSON.parse(stdout.trim().split('\n').at(-1)!) as HostileFileOutcome) });
    });
  });
}

export async function measureHostileParsing(): Promise<HostileParseResult> {
  mkdirSync(path.join(REPO_ROOT, '.newsdrop'), { recursive: true });
  const dir = mkdtempSync(path.join(REPO_ROOT, '.newsdrop', 'hostile-bench-'));
  try {
    const runner = await bundleRunner(dir);
    const baseline = await runOne(runner, BASELINE_ARTICLE, path.basename(BASELINE_ARTICLE), path.basename(BASELINE_ARTICLE), statSync(BASELINE_ARTICLE).size);
    const files: HostileRun[] = [];
    // One file at a time: the whole corpus in memory would be 350 MB in this process.
    for (const name of HOSTILE_FILE_NAMES) {
      const hostile = hostileFile(name);
      const file = path.join(dir, 'input');
      writeFileSync(file, hostile.bytes);
      files.push(await runOne(runner, file, hostile.name, hostile.fileName, hostile.bytes.byteLength));
    }
    const worst = (key: 'ms' | 'maxRssMb') => files.reduce((a, b) => (Number.isNaN(b[key]) || b[key] > a[key] ? b : a));
    return { files, baseline, slowest: worst('ms'), fattest: worst('maxRssMb') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const outcome = (run: HostileRun) => (run.code ? `${run.status} ${run.code}` : run.status);

export function hostileParseReport(result: HostileParseResult): string[] {
  const { slowest, fattest, baseline } = result;
  const counts = new Map<string, number>();
  for (const run of result.files) counts.set(outcome(run), (counts.get(outcome(run)) ?? 0) + 1);
  return [
    `worst ingest time ${slowest.ms.toFixed(0)} ms (${slowest.name}: ${outcome(slowest)}; ${againstTarget(slowest.ms, '<=', HOSTILE_TARGETS.ms, ' ms')})`,
    `worst peak RSS ${fattest.maxRssMb.toFixed(0)} MB (${fattest.name}: ${outcome(fattest)}; ${againstTarget(fattest.maxRssMb, '<=', HOSTILE_TARGETS.rssMb, ' MB')})`,
    `baseline, ${baseline.name} (${(baseline.bytes / 1024).toFixed(1)} KB) through the same runner: ${baseline.ms.toFixed(0)} ms, peak RSS ${baseline.maxRssMb.toFixed(0)} MB`,
    `outcomes: ${[...counts].map(([what, count]) => `${count} ${what}`).join(', ')}`,
  ];
}

if (isMain(import.meta.url)) {
  const result = await measureHostileParsing();
  for (const run of result.files) console.log(`${run.name.padEnd(30)} ${(run.bytes / 1024 / 1024).toFixed(2)} MiB  ${run.ms.toFixed(0).padStart(5)} ms  ${run.maxRssMb.toFixed(0).padStart(4)} MB  ${outcome(run)}`);
  console.log(hostileParseReport(result).join('\n'));
}
