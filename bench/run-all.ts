/**
 * npm run bench — every figure of issues 7, 12 and 13 in one run, each next to its target or a baseline
 * measured in the same run: timings on a shared machine are noisy, ratios travel better than
 * milliseconds. Benchmarks print; they never gate the tests.
 */
import os from 'node:os';
import { againstTarget, isMain } from './bench-support.js';
import { bundleReport, measureBundles } from './bundle-bench.js';
import { cliStartReport, measureCliStart } from './cli-start-bench.js';
import { EXTRACTION_TARGET_PER_SECOND, measureExtraction } from './extraction-bench.js';
import { hostileParseReport, measureHostileParsing } from './hostile-parse-bench.js';
import { measureRender, RENDER_TARGET_PER_SECOND } from './render-bench.js';
import { runScaleBench } from './scale-bench.js';
import { CLASSIFY_TARGETS, measureClassification } from './topics-bench.js';

const load = () => os.loadavg()[0]!.toFixed(2);

function section(title: string, lines: readonly string[]): void {
  console.log(`\n${title}`);
  for (const line of lines) console.log(`  ${line}`);
}

export async function runAll(): Promise<void> {
  const started = performance.now();
  const machine = `node ${process.version}, ${os.availableParallelism()} CPUs, load average ${load()} at the start`;

  // First: synthesizing prints esbuild's output, and cold imports are the most load-sensitive figure.
  const bundles = await measureBundles({ runs: 9 });
  console.log(`\nnewsdrop bench (${machine})`);
  section('handler bundles (NewsdropStack synthesized, esbuild as NewsdropFunction configures it) and cold-start import', bundleReport(bundles));

  // Fresh processes too, as sensitive to load as the cold imports above.
  const cliStart = await measureCliStart({ runs: 9 });
  section(`CLI start (node bin/newsdrop.mjs on ${cliStart.article}, spawn to exit)`, cliStartReport(cliStart));

  const extraction = measureExtraction({ seconds: 3, baselineSeconds: 1 });
  section(`extraction (${extraction.pages} ${extraction.corpus} pages, mean ${extraction.meanKb.toFixed(1)} KB of plain text, one core)`, [
    `${extraction.articlesPerSecond.toFixed(0)} articles/s (${againstTarget(extraction.articlesPerSecond, '>=', EXTRACTION_TARGET_PER_SECOND)})`,
    `baseline, decode + split into lines: ${extraction.baselinePagesPerSecond.toFixed(0)} pages/s; extraction costs ${(extraction.baselinePagesPerSecond / extraction.articlesPerSecond).toFixed(1)} x the baseline`,
  ]);

  // Fresh processes, one per file: before the in-process benches below warm or fill this one.
  const hostile = await measureHostileParsing();
  section(`hostile input (${hostile.files.length} files of up to 5 MiB through ingest, each in a fresh process, one core)`, hostileParseReport(hostile));

  const classify = measureClassification();
  section('classify (1,000-word article, after warm-up)', [
    `${classify.predictMsPerArticle.toFixed(3)} ms/article (${againstTarget(classify.predictMsPerArticle, '<=', CLASSIFY_TARGETS.predictMs, ' ms')})`,
    `baseline, tokenising only: ${classify.tokenizeMsPerArticle.toFixed(3)} ms/article; classifying costs ${(classify.predictMsPerArticle / classify.tokenizeMsPerArticle).toFixed(1)} x the baseline`,
    `model cold load ${classify.coldLoadMs.toFixed(1)} ms (${againstTarget(classify.coldLoadMs, '<=', CLASSIFY_TARGETS.coldLoadMs, ' ms')}), weights ${classify.weightsMb.toFixed(2)} MB (${againstTarget(classify.weightsMb, '<=', CLASSIFY_TARGETS.weightsMb, ' MB')})`,
  ]);

  const render = await measureRender({ subscribers: 10_000, selections: 20, sample: 100 });
  section(`render (${render.subscribers.toLocaleString('en')} subscribers over ${render.selections} topic selections, mean HTML ${render.meanHtmlKb.toFixed(1)} KB)`, [
    `${render.digestsPerSecond.toFixed(0)} digests/s rendering once per selection + personalising (${againstTarget(render.digestsPerSecond, '>=', RENDER_TARGET_PER_SECOND)})`,
    `baseline, renderDigest per subscriber: ${render.perSubscriberPerSecond.toFixed(0)} digests/s (${(render.digestsPerSecond / render.perSubscriberPerSecond).toFixed(1)} x slower)`,
    `baseline, mjml compiling each subscriber's digest (renderDigest before precompiled templates): ${render.liveMjmlPerSecond.toFixed(0)} digests/s (${(render.digestsPerSecond / render.liveMjmlPerSecond).toFixed(0)} x slower; a precompiled render is ${(render.perSubscriberPerSecond / render.liveMjmlPerSecond).toFixed(1)} x faster than an mjml one)`,
  ]);

  // Last: the digest fan-out at scale (npm run bench:scale), several minutes of it.
  await runScaleBench((title, lines) => section(`scale ${title}`, lines));

  console.log(`\ndone in ${((performance.now() - started) / 1000).toFixed(0)} s; load average ${load()} at the end`);
}

if (isMain(import.meta.url)) await runAll();
