/**
 * npx tsx tools/article/extraction-fingerprint.ts [--out FILE] — what parseArticle makes of every
 * page at hand, hashed: a speed change to extraction must leave each of these the same. Prints the
 * page count and one digest of all outputs; --out writes one line per page (its id and its output's
 * hash) for `diff` between two checkouts. Reads the seeds and examples, and where present the
 * files of ../shared/data/extraction and the text dumps eval:extract and the trainers cached under
 * .newsdrop/eval-renders, never-read parts included: it scores nothing and shows no page or
 * output, only whether outputs stayed the same.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArticle } from '../../lambda/article/parse-article.js';
import { aebPages, readJsonLines } from './extraction-data.js';
import { parseToolFlags } from '../tool-flags.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const extractionData = path.resolve(repoRoot, '..', 'shared', 'data', 'extraction');

interface Page {
  readonly id: string;
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

function* filesUnder(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else yield full;
  }
}

function* pages(): Generator<Page> {
  for (const dir of ['test/fixtures/seeds', 'test/fixtures/charset', 'examples/articles']) {
    for (const file of filesUnder(path.join(repoRoot, dir))) yield { id: path.relative(repoRoot, file), fileName: path.basename(file), bytes: readFileSync(file) };
  }
  for (const set of ['gn1-dev', 'readability-pages-dev']) {
    const file = path.join(extractionData, `${set}.jsonl`);
    if (!existsSync(file)) continue;
    for (const record of readJsonLines(file)) yield { id: `${set}/${String(record.id)}`, fileName: 'page.txt', bytes: Buffer.from(String(record.raw_text)) };
  }
  const aeb = path.join(extractionData, 'aeb-dev');
  if (existsSync(aeb)) for (const page of aebPages(aeb)) yield { id: `aeb-dev/${page.id}`, fileName: 'page.html', bytes: page.html };
  const renders = path.join(repoRoot, '.newsdrop', 'eval-renders');
  for (const file of filesUnder(renders)) {
    if (file.endsWith('.rc')) continue;
    yield { id: path.relative(renders, file), fileName: 'page.txt', bytes: readFileSync(file) };
  }
}

/** The article as JSON, or the error's name and message: a page refused the same way is the same outcome. */
function outcome(page: Page): string {
  try {
    return JSON.stringify(parseArticle(page.bytes, { fileName: page.fileName }));
  } catch (error) {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
}

const USAGE = 'usage: npx tsx tools/article/extraction-fingerprint.ts [--out FILE]';
const flags = parseToolFlags('extraction-fingerprint', USAGE, { out: { type: 'string' } });
const lines: string[] = [];
for (const page of pages()) lines.push(`${page.id}\t${createHash('sha256').update(outcome(page)).digest('hex').slice(0, 16)}`);
// The digest is that of the per-page list --out writes.
const list = `${lines.join('\n')}\n`;
if (flags.out !== undefined) writeFileSync(flags.out, list);
console.log(`pages: ${lines.length}, digest of all outputs: ${createHash('sha256').update(list).digest('hex').slice(0, 16)}`);
