/**
 * npm run import:extra-pages -- <path of postlight/parser> — turns the news pages among Postlight
 * parser's test fixtures (MIT/Apache-2.0 code; the pages themselves are third-party, used for
 * training only, like GN1) into an AEB-format folder, .newsdrop/extra-pages/postlight/:
 * html/<id>.html.gz and ground-truth.json {id: {articleBody, url}}, as aebPages() reads.
 *
 * The path is a checkout (with fixtures/) or a bare mirror (read with git). The bodies are SILVER:
 * what @mozilla/readability extracts (0.943 word F1 on the AEB HTML pages), not hand-made gold,
 * and independent of newsdrop's own extractor. Pages where Readability finds under 150 words, or
 * with no gold headline (goldHeadlinesOfHtml), are skipped; so is any page with an AEB page's URL
 * or gold headline (compared only: nothing of the AEB pages is printed). Rewrites the folder whole.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { aebPages } from './extraction-data.js';
import { EXTRA_PAGE_DROP_REASONS, type ExtraPageCandidate, type ExtraPageDropReason, selectExtraPages } from './extra-page-selection.js';
import { goldHeadlinesOfHtml } from './gold-headline.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const source = process.argv[2];
if (!source) {
  console.error('usage: npm run import:extra-pages -- <checkout or bare mirror of postlight/parser>');
  process.exit(2);
}
const aebDir = path.resolve(repoRoot, '..', 'shared', 'data', 'extraction', 'aeb-dev');
if (!existsSync(path.join(aebDir, 'ground-truth.json'))) {
  // Without the AEB pages no overlap can be ruled out, and an overlap would score training pages as unseen.
  console.error(`import:extra-pages: ${aebDir} is not here; the extra pages cannot be checked against the AEB pages, so none is written.`);
  process.exit(1);
}

/** The fixture pages of the collection, by path, in path order. */
function fixturePages(root: string): { file: string; html: Buffer }[] {
  if (existsSync(path.join(root, 'fixtures')) && statSync(path.join(root, 'fixtures')).isDirectory()) {
    const files = (readdirSync(path.join(root, 'fixtures'), { recursive: true }) as string[])
      .map((file) => path.posix.join('fixtures', file.split(path.sep).join('/')))
      .filter((file) => file.endsWith('.html'))
      .sort();
    return files.map((file) => ({ file, html: readFileSync(path.join(root, file)) }));
  }
  const git = (args: string[]) => {
    const result = spawnSync('git', ['--git-dir', root, ...args], { maxBuffer: 256 * 1024 * 1024 });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${root}: ${result.stderr.toString().trim()}`);
    return result.stdout;
  };
  const files = git(['ls-tree', '-r', '--name-only', 'HEAD', 'fixtures'])
    .toString('utf8')
    .split('\n')
    .filter((file) => file.endsWith('.html'))
    .sort();
  return files.map((file) => ({ file, html: git(['show', `HEAD:${file}`]) }));
}

/** The page's canonical URL, else og:url; absolute http(s) only. */
function statedUrl(document: Document): string | null {
  for (const value of [
    document.querySelector('link[rel="canonical"]')?.getAttribute('href'),
    document.querySelector('meta[property="og:url"]')?.getAttribute('content'),
  ]) {
    if (value && /^https?:\/\//i.test(value.trim())) return value.trim();
  }
  return null;
}

/** Block elements whose end is a line break in the silver body: the AEB gold bodies keep one paragraph a line. */
const BLOCK_END = '\uE000';
const BLOCKS = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, figcaption, tr, dt, dd, div, section, article, br';

/** Readability's article as text, a paragraph a line; '' when it finds none. */
function silverBody(html: string): string {
  const { document } = parseHTML(html);
  const parsed = new Readability(document as unknown as Document).parse();
  if (!parsed?.content) return '';
  const { document: article } = parseHTML(`<html><body>${parsed.content}</body></html>`);
  // A private-use mark ends each block: the page's own newlines inside a paragraph are mere spaces.
  for (const block of article.querySelectorAll(BLOCKS)) block.after(article.createTextNode(BLOCK_END));
  return (article.body?.textContent ?? '')
    .replace(/\s+/g, ' ')
    .split(BLOCK_END)
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n');
}

const fixtures = fixturePages(path.resolve(source));
const candidates: ExtraPageCandidate[] = [];
let undecodable = 0;
for (const { file, html: bytes } of fixtures) {
  const html = bytes.toString('utf8');
  // The fixtures are stored as UTF-8; a page in another encoding would train on mojibake.
  if ((html.match(/\uFFFD/g) ?? []).length > 10) {
    undecodable++;
    continue;
  }
  const { document } = parseHTML(html);
  candidates.push({ source: file, url: statedUrl(document as unknown as Document), headlines: goldHeadlinesOfHtml(html), body: silverBody(html) });
}

const excluded = { urls: [] as string[], headlines: [] as string[] };
const truth = JSON.parse(readFileSync(path.join(aebDir, 'ground-truth.json'), 'utf8')) as Record<string, { url?: string }>;
for (const entry of Object.values(truth)) if (entry.url) excluded.urls.push(entry.url);
for (const page of aebPages(aebDir)) excluded.headlines.push(...goldHeadlinesOfHtml(page.html.toString('utf8')));

const { kept, dropped } = selectExtraPages(candidates, excluded);
const byPath = new Map(fixtures.map(({ file, html }) => [file, html]));
const outDir = path.join(repoRoot, '.newsdrop', 'extra-pages', 'postlight');
rmSync(outDir, { recursive: true, force: true });
mkdirSync(path.join(outDir, 'html'), { recursive: true });
const groundTruth: Record<string, { articleBody: string; url: string | null }> = {};
for (const page of kept) {
  writeFileSync(path.join(outDir, 'html', `${page.id}.html.gz`), gzipSync(byPath.get(page.source)!));
  groundTruth[page.id] = { articleBody: page.body, url: page.url };
}
writeFileSync(path.join(outDir, 'ground-truth.json'), `${JSON.stringify(groundTruth, null, 1)}\n`);

const reasons = new Map<ExtraPageDropReason, number>(EXTRA_PAGE_DROP_REASONS.map((reason) => [reason, 0]));
for (const { reason } of dropped) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
console.log(`import:extra-pages: ${candidates.length + undecodable} fixture pages read; ${kept.length} kept in ${path.relative(repoRoot, outDir)}/ (silver bodies from @mozilla/readability)`);
console.log(`  dropped: ${undecodable} not UTF-8${[...reasons].map(([reason, count]) => `, ${count} ${reason}`).join('')}`);
