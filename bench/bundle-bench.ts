/**
 * npm run bench:bundles — each handler as `cdk deploy` bundles it (NewsdropStack synthesized, esbuild
 * configured by NewsdropFunction): sizes, and the cold-start import of each bundle in a fresh node
 * process per run, against a baseline process (importing an empty module) in the same run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HANDLER_NAMES, synthHandlerBundles, type HandlerBundle, type HandlerName } from '../lib/handler-bundles.js';
import { againstTarget, isMain, median } from './bench-support.js';

export const MB = 1_000_000;
/** Issue 7's targets. */
export const BUNDLE_TARGETS: Readonly<Partial<Record<HandlerName, { readonly codeMb?: number; readonly importMs?: number }>>> = {
  ingest: { codeMb: 1.5, importMs: 150 },
  digest: { importMs: 300 },
};

/** Values CloudFormation fills in at deploy time, replaced by stand-ins that reach nothing. */
const DEPLOY_TIME_STAND_INS: Readonly<Record<string, string>> = {
  BUCKET_NAME: 'newsdrop-bench-bucket',
  DIGEST_FUNCTION_NAME: 'newsdrop-bench-digest',
  UNSUBSCRIBE_BASE_URL: 'https://unsubscribe.invalid/',
  SES_CONFIGURATION_SET: 'newsdrop-bench-events',
  ARTICLE_INDEX_TABLE_NAME: 'newsdrop-bench-articles',
  SUBSCRIBER_TABLE_NAME: 'newsdrop-bench-subscribers',
  DELIVERY_TABLE_NAME: 'newsdrop-bench-deliveries',
  DIGEST_CHUNK_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/newsdrop-bench-chunks',
};

export interface BundleSizes {
  /** index.mjs: the code Lambda loads. */
  readonly codeBytes: number;
  readonly sourceMapBytes: number;
  /** Files copied beside the code (topic model; templates and story IDF table). */
  readonly assetBytes: number;
}

export interface ColdImport {
  /** Median time of `await import(bundle)` inside a fresh process. */
  readonly importMs: number;
  /** Median wall time of the whole process, spawn to exit. */
  readonly processMs: number;
}

export interface BundleResult {
  readonly runs: number;
  readonly baseline: ColdImport;
  readonly handlers: Readonly<Record<HandlerName, { readonly sizes: BundleSizes; readonly cold: ColdImport }>>;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(entry.parentPath, entry.name);
    return entry.isDirectory() ? filesUnder(file) : [file];
  });
}

function sizesOf(bundle: HandlerBundle): BundleSizes {
  let assetBytes = 0;
  for (const file of filesUnder(bundle.dir)) if (file !== bundle.entry && file !== `${bundle.entry}.map`) assetBytes += statSync(file).size;
  return { codeBytes: statSync(bundle.entry).size, sourceMapBytes: statSync(`${bundle.entry}.map`).size, assetBytes };
}

/**
 * The function's own environment (NODE_OPTIONS included) with deploy-time values stood in and
 * every AWS endpoint pointed at a closed port. The signing keys come from the variable local mode
 * uses: fetching the Secrets Manager secret at import is a network call, not import cost.
 */
function importEnvironment(bundle: HandlerBundle): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    // Lambda runs Node 22; the SDK's Node 20 deprecation warning is not part of its cold start.
    NODE_NO_WARNINGS: '1',
  };
  for (const [name, value] of Object.entries(bundle.environment)) {
    if (name === 'UNSUBSCRIBE_SECRET_ARN') {
      env['NEWSDROP_UNSUBSCRIBE_KEYS'] = JSON.stringify({ current: '1', key1: 'bench-signing-key-'.repeat(3) });
      continue;
    }
    const resolved = value ?? DEPLOY_TIME_STAND_INS[name];
    if (resolved === undefined) throw new Error(`bench: no stand-in for ${name}, which is set at deploy time`);
    env[name] = resolved.replace(/^\/var\/task(?=\/|$)/, bundle.dir);
  }
  return env;
}

const IMPORT_SCRIPT = `
  const started = performance.now();
  await import(process.argv[1]);
  process.stdout.write(JSON.stringify({ importMs: performance.now() - started }));
  process.exit(0);
`;

/** One fresh node process importing `moduleUrl`: the import as timed inside it and the whole process as timed from here. */
function importOnce(moduleUrl: string, env: Record<string, string>): Promise<{ importMs: number; processMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', IMPORT_SCRIPT, moduleUrl], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const processMs = performance.now() - started;
      if (code !== 0) reject(new Error(`importing ${moduleUrl} failed (exit ${code}): ${stderr.slice(-1500)}`));
      else resolve({ importMs: (JSON.parse(stdout) as { importMs: number }).importMs, processMs });
    });
  });
}

export async function measureBundles(options: { runs: number }): Promise<BundleResult> {
  const outdir = mkdtempSync(path.join(tmpdir(), 'newsdrop-bench-'));
  try {
    const bundles = synthHandlerBundles(outdir, { senderAddress: 'News Digest <digest@news.example.org>', sesIdentity: 'news.example.org' });
    // The baseline runs with the ingest function's environment, so node starts with the same options.
    const baselineEnv = importEnvironment(bundles.ingest);
    const emptyModule = 'data:text/javascript,export const handler = () => null;';
    const samples = new Map<HandlerName | 'baseline', { importMs: number; processMs: number }[]>();
    const record = (name: HandlerName | 'baseline', sample: { importMs: number; processMs: number }) => samples.set(name, [...(samples.get(name) ?? []), sample]);
    // Rounds interleave the handlers and the baseline, so load from other processes hits them alike.
    for (let round = 0; round < options.runs + 1; round++) {
      const results = [['baseline', await importOnce(emptyModule, baselineEnv)] as const];
      for (const name of HANDLER_NAMES) results.push([name, await importOnce(pathToFileURL(bundles[name].entry).href, importEnvironment(bundles[name]))] as never);
      if (round > 0) for (const [name, sample] of results) record(name, sample); // round 0 warms the file cache
    }
    const cold = (name: HandlerName | 'baseline'): ColdImport => ({
      importMs: median(samples.get(name)!.map((sample) => sample.importMs)),
      processMs: median(samples.get(name)!.map((sample) => sample.processMs)),
    });
    const handlers = Object.fromEntries(HANDLER_NAMES.map((name) => [name, { sizes: sizesOf(bundles[name]), cold: cold(name) }])) as BundleResult['handlers'];
    return { runs: options.runs, baseline: cold('baseline'), handlers };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const mb = (bytes: number) => `${(bytes / MB).toFixed(2)} MB`;

/** One line per handler: sizes, then cold import against the baseline and the targets. */
export function bundleReport(result: BundleResult): string[] {
  const lines = [
    `baseline: node starting and importing an empty module, ${result.baseline.processMs.toFixed(0)} ms per process (import ${result.baseline.importMs.toFixed(1)} ms); medians of ${result.runs} runs`,
  ];
  for (const name of HANDLER_NAMES) {
    const { sizes, cold } = result.handlers[name];
    const target = BUNDLE_TARGETS[name];
    const codeTarget = target?.codeMb ? ` (${againstTarget(sizes.codeBytes / MB, '<=', target.codeMb, ' MB')})` : '';
    const importTarget = target?.importMs ? ` (${againstTarget(cold.importMs, '<=', target.importMs, ' ms')})` : '';
    const overBaseline = cold.processMs - result.baseline.processMs;
    lines.push(
      `${name.padEnd(13)} code ${mb(sizes.codeBytes)}${codeTarget}; + source map ${mb(sizes.sourceMapBytes)} + assets ${mb(sizes.assetBytes)} = ${mb(sizes.codeBytes + sizes.sourceMapBytes + sizes.assetBytes)} uploaded`,
      `${''.padEnd(13)} cold import ${cold.importMs.toFixed(0)} ms${importTarget}; process ${cold.processMs.toFixed(0)} ms = baseline + ${overBaseline.toFixed(0)} ms, ${(cold.processMs / result.baseline.processMs).toFixed(1)} x the baseline`,
    );
  }
  return lines;
}

if (isMain(import.meta.url)) {
  for (const line of bundleReport(await measureBundles({ runs: 9 }))) console.log(line);
}
