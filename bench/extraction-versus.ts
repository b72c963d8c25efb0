/**
 * npm run bench:extract:versus -- --base REV [--seconds S] — extraction throughput of this checkout against
 * another revision's, in one process on the same ~10 KB pages as bench:extract: each checkout's
 * parseArticle is bundled with esbuild and the two run in alternating quarter-second slices, so a
 * change in the machine's load falls on both alike (runs of bench:extract one after the other
 * differed by 40% on a shared machine). Prints both rates and their ratio, and whether the two
 * give the same output on every page (a speed change should).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { parseToolFlags, refuseFlag } from '../tools/tool-flags.js';
import { tenKilobytePages } from './extraction-bench.js';

type ParseArticle = (bytes: Uint8Array, options: { fileName: string }) => unknown;

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const USAGE = 'usage: npm run bench:extract:versus -- --base REV [--seconds S]   (REV: a commit, branch or tag of this repository)';
const SLICE_MS = 250;

/** `lambdaDir`'s parseArticle, bundled into `outDir` and loaded (packages from this checkout's node_modules). */
async function bundledParser(lambdaDir: string, outDir: string, name: string): Promise<ParseArticle> {
  const outfile = path.join(outDir, `${name}.cjs`);
  await build({
    stdin: { contents: `export { parseArticle } from ${JSON.stringify(path.join(lambdaDir, 'article', 'parse-article.js'))};`, resolveDir: lambdaDir, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile,
    nodePaths: [path.join(repoRoot, 'node_modules')],
    logLevel: 'warning',
  });
  return (createRequire(import.meta.url)(outfile) as { parseArticle: ParseArticle }).parseArticle;
}

function outcome(parse: ParseArticle, page: Uint8Array): string {
  try {
    return JSON.stringify(parse(page, { fileName: 'page.txt' }));
  } catch (error) {
    return String(error);
  }
}

const flags = parseToolFlags('bench:extract:versus', USAGE, { base: { type: 'string' }, seconds: { type: 'string' } });
const revision = flags.base;
if (!revision) refuseFlag('bench:extract:versus', USAGE, '--base is required');
const seconds = flags.seconds === undefined ? 20 : Number(flags.seconds);
if (!(seconds >= 1 && seconds <= 600)) refuseFlag('bench:extract:versus', USAGE, '--seconds must be a number of seconds from 1 to 600');

// The other revision's lambda/ alone: extraction imports nothing from outside it.
const archive = spawnSync('git', ['-C', repoRoot, 'archive', revision, 'lambda'], { maxBuffer: 256 * 1024 * 1024 });
if (archive.status !== 0) refuseFlag('bench:extract:versus', USAGE, `git archive ${revision} failed: ${archive.stderr.toString().trim()}`);
const work = mkdtempSync(path.join(tmpdir(), 'extract-versus-'));
try {
  execFileSync('tar', ['-x', '-C', work], { input: archive.stdout });
  const other = await bundledParser(path.join(work, 'lambda'), work, 'other');
  const current = await bundledParser(path.join(repoRoot, 'lambda'), work, 'current');
  const pages = tenKilobytePages();
  const differing = pages.filter((page) => outcome(other, page) !== outcome(current, page)).length;

  const done = { other: 0, current: 0 };
  const spent = { other: 0, current: 0 };
  let next = 0;
  const runSlice = (parse: ParseArticle, side: 'other' | 'current') => {
    const started = performance.now();
    while (performance.now() - started < SLICE_MS) {
      try {
        parse(pages[next++ % pages.length]!, { fileName: 'page.txt' });
      } catch {
        // Pages without an article count as processed, as in bench:extract.
      }
      done[side]++;
    }
    spent[side] += performance.now() - started;
  };
  // Warm-up: both bundles compiled and their memos filled before anything is counted.
  runSlice(other, 'other');
  runSlice(current, 'current');
  Object.assign(done, { other: 0, current: 0 });
  Object.assign(spent, { other: 0, current: 0 });
  for (let slice = 0; slice < (seconds * 1000) / SLICE_MS / 2; slice++) {
    // Which goes first alternates too, so neither always runs right after a collection of the other's garbage.
    if (slice % 2 === 0) {
      runSlice(other, 'other');
      runSlice(current, 'current');
    } else {
      runSlice(current, 'current');
      runSlice(other, 'other');
    }
  }
  const rate = (side: 'other' | 'current') => done[side] / (spent[side] / 1000);
  console.log(`pages: ${pages.length}, ~10 KB each; ${seconds} s alternated in ${SLICE_MS} ms slices`);
  console.log(`${revision.padEnd(12)} ${rate('other').toFixed(0)} articles/s`);
  console.log(`${'this checkout'.padEnd(12)} ${rate('current').toFixed(0)} articles/s (${(rate('current') / rate('other')).toFixed(3)} x)`);
  console.log(`outputs: ${differing === 0 ? 'identical on every page' : `${differing} of ${pages.length} pages differ`}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
