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
import { callsPerSecond, isMain } from './bench-support.js';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const gn1 = path.resolve(repoRoot, '..', 'shared', 'data', 'extraction', 'gn1-dev.jsonl');
const TARGET_BYTES = 10 * 1024;
/** Issue 7's target, one core. */
export const EXTRACTION_TARGET_PER_SECOND = 500;

function sourcePages(): string[] {
  if (existsSync(gn1)) {
    return readFileSync(gn1, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { raw_text: string }).raw_text);
  }
  const examples = path.join(repoRoot, 'examples', 'articles');
  return readdirSync(examples)
    .filter((name) => name.endsWith('.txt'))
    .map((name) => readFileSync(path.join(examples, name), 'utf8'));
}

/** ~10 KB pages: short pages get related-link and footer lines appended, long ones are cut at a line. */
export function tenKilobytePages(): Buffer[] {
  return sourcePages().map((text, index) => {
    let page = text;
    for (let i = 0; Buffer.byteLength(page) < TARGET_BYTES; i++) page += `\nRelated: Another headline about the news of the day number ${index}-${i} (2008-01-1${i % 10} 10:00)`;
    if (Buffer.byteLength(page) > TARGET_BYTES) page = page.slice(0, page.lastIndexOf('\n', TARGET_BYTES));
    return Buffer.from(page);
  });
}

export interface ExtractionResult {
  readonly pages: number;
  readonly corpus: 'GN1' | 'examples';
  readonly meanKb: number;
  readonly articlesPerSecond: number;
  /** Decoding and splitting the same pages into lines. */
  readonly baselinePagesPerSecond: number;
}

export function measureExtraction(options: { seconds: number; baselineSeconds: number }): ExtractionResult {
  const pages = tenKilobytePages();
  let next = 0;
  const nextPage = () => pages[next++ % pages.length]!;
  const articlesPerSecond = callsPerSecond(() => {
    try {
      parseArticle(nextPage(), { fileName: 'page.txt' });
    } catch {
      // Pages without an article count as processed: rejecting is work too.
    }
  }, options.seconds);
  const baselinePagesPerSecond = callsPerSecond(() => void decodeArticleBytes(nextPage()).split('\n'), options.baselineSeconds);
  return {
    pages: pages.length,
    corpus: existsSync(gn1) ? 'GN1' : 'examples',
    meanKb: pages.reduce((sum, page) => sum + page.byteLength, 0) / pages.length / 1024,
    articlesPerSecond,
    baselinePagesPerSecond,
  };
}

if (isMain(import.meta.url)) {
  const result = measureExtraction({ seconds: 5, baselineSeconds: 2 });
  console.log(`pages: ${result.pages} (${result.corpus}), mean ${result.meanKb.toFixed(1)} KB`);
  console.log(`extraction        ${result.articlesPerSecond.toFixed(0)} articles/s on one core (target >= ${EXTRACTION_TARGET_PER_SECOND})`);
  console.log(
    `baseline (decode + split lines) ${result.baselinePagesPerSecond.toFixed(0)} pages/s; extraction costs ${(result.baselinePagesPerSecond / result.articlesPerSecond).toFixed(1)} x the baseline`,
  );
}
