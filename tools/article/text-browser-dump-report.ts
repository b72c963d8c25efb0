/**
 * npx tsx tools/article/text-browser-dump-report.ts — the distribution of textBrowserDumpScore
 * (lambda/article/text-browser-dump.ts) on the development pages of each set: GN1, the AEB pages as
 * lynx and w3m dump them (wide and 80 columns), Readability's pages as text, and the seed pages of
 * test/fixtures/seeds. Reads the development parts only; writes nothing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { segmentPage } from '../../lambda/article/text-extraction.js';
import { analyseLines } from '../../lambda/article/text-lines.js';
import { textBrowserDumpScore, textBrowserDumpSignals } from '../../lambda/article/text-browser-dump.js';
import { aebPages, readJsonLines } from './extraction-data.js';
import { holdoutPart } from './holdout-split.js';
import { browserAvailable, renderAsText, TEXT_RENDERINGS, renderCacheDir } from './text-browser-render.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const shared = path.resolve(repoRoot, '..', 'shared', 'data');

/** The lines the headline ranker sees: segmentPage's, or analyseLines' when no body is found. */
function linesOf(text: string) {
  const normalised = text.replace(/\r\n?/g, '\n');
  try {
    return segmentPage(normalised).lines;
  } catch {
    return analyseLines(normalised);
  }
}

const sets = new Map<string, string[]>();
const gn1File = path.join(shared, 'extraction', 'gn1-dev.jsonl');
if (existsSync(gn1File)) sets.set('GN1', readJsonLines(gn1File).filter((record) => holdoutPart(String(record['id'])) === 'dev').map((record) => String(record['raw_text'])));
const readabilityFile = path.join(shared, 'extraction', 'readability-pages-dev.jsonl');
if (existsSync(readabilityFile)) {
  sets.set('Readability', readJsonLines(readabilityFile).filter((record) => holdoutPart(String(record['id'])) === 'dev').map((record) => String(record['raw_text'])));
}
const aebDir = path.join(shared, 'extraction', 'aeb-dev');
const cacheDir = renderCacheDir(repoRoot, 'aeb-dev');
for (const rendering of TEXT_RENDERINGS) {
  if (!existsSync(aebDir) || !browserAvailable(rendering.browser)) continue;
  const texts: string[] = [];
  for (const page of aebPages(aebDir)) if (holdoutPart(page.id) === 'dev') texts.push(renderAsText(page.html.toString('utf8'), page.id, rendering, cacheDir));
  sets.set(`AEB ${rendering.label}`, texts);
}
const seedsDir = path.join(repoRoot, 'test', 'fixtures', 'seeds');
sets.set('seeds', readdirSync(seedsDir).filter((name) => name.endsWith('.txt')).map((name) => readFileSync(path.join(seedsDir, name), 'utf8')));

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const fixed = (value: number) => value.toFixed(2);
console.log('text-browser dump score per set (development pages): n, min / 10% / 25% / median / 75% / 90% / max; mean signals indented, bullets, labels');
for (const [set, texts] of sets) {
  const scores: number[] = [];
  const signals = { indented: 0, bullets: 0, labels: 0 };
  for (const text of texts) {
    const lines = linesOf(text);
    scores.push(textBrowserDumpScore(lines));
    const page = textBrowserDumpSignals(lines);
    signals.indented += page.indented / texts.length;
    signals.bullets += page.bullets / texts.length;
    signals.labels += page.labels / texts.length;
  }
  scores.sort((a, b) => a - b);
  const quantiles = [0, 0.1, 0.25, 0.5, 0.75, 0.9].map((q) => fixed(quantile(scores, q)));
  console.log(
    `  ${set.padEnd(18)} n=${String(scores.length).padStart(4)}: ${[...quantiles, fixed(scores.at(-1) ?? 0)].join(' / ')}; signals ${fixed(signals.indented)}, ${fixed(signals.bullets)}, ${fixed(signals.labels)}`,
  );
}
