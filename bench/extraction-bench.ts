/**
 * npm run bench:extract — plain-text extraction throughput on ~10 KB scraped pages, one core,
 * against a baseline (decoding and splitting the same bytes into lines) in the same run.
 * Pages: GN1 pages padded or cut to ~10 KB when ../shared/data is present, else the examples.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeArticleBytes } from '../lambda/article/decode.js';
import { parseArticle } from '../lambda/article/parse-article.js';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const gn1 = path.resolve(repoRoot, '..', 'shared', 'data', 'extraction', 'gn1-dev.jsonl');
const TARGET_BYTES = 10 * 1024;

const sources = existsSync(gn1)
  ? readFileSync(gn1, 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { raw_text: string }).raw_text)
  : readdirSync(path.join(repoRoot, 'examples', 'articles'))
      .filter((name) => name.endsWith('.txt'))
      .map((name) => readFileSync(path.join(repoRoot, 'examples', 'articles', name), 'utf8'));

/** ~10 KB pages: short pages get related-link and footer lines appended, long ones are cut at a line. */
const pages = sources.map((text, index) => {
  let page = text;
  for (let i = 0; Buffer.byteLength(page) < TARGET_BYTES; i++) page += `\nRelated: Another headline about the news of the day number ${index}-${i} (2008-01-1${i % 10} 10:00)`;
  if (Buffer.byteLength(page) > TARGET_BYTES) page = page.slice(0, page.lastIndexOf('\n', TARGET_BYTES));
  return Buffer.from(page);
});
const meanKb = pages.reduce((sum, page) => sum + page.byteLength, 0) / pages.length / 1024;

function throughput(run: (page: Buffer) => void, seconds: number): number {
  for (const page of pages.slice(0, 50)) run(page);
  let done = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    for (const page of pages) {
      run(page);
      done++;
    }
  }
  return done / ((performance.now() - started) / 1000);
}

const extract = throughput((page) => {
  try {
    parseArticle(page, { fileName: 'page.txt' });
  } catch {
    // Pages without an article count as processed: rejecting is work too.
  }
}, 5);
const baseline = throughput((page) => void decodeArticleBytes(page).split('\n'), 2);
console.log(`pages: ${pages.length} (${existsSync(gn1) ? 'GN1' : 'examples'}), mean ${meanKb.toFixed(1)} KB`);
console.log(`extraction        ${extract.toFixed(0)} articles/s on one core (target >= 500)`);
console.log(`baseline (decode + split lines) ${baseline.toFixed(0)} pages/s; extraction costs ${(baseline / extract).toFixed(1)} x the baseline`);
