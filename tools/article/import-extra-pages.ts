/**
 * npm run import:extra-pages -- <repository> — turns the news pages among an outside repository's
 * test pages into an AEB-format folder, .newsdrop/extra-pages/<collection>/: html/<id>.html.gz and
 * ground-truth.json {id: {articleBody, url, language}}, as aebPages() reads. The repository is
 * recognised by its layout (extra-page-sources.ts): postlight/parser's fixtures, adbar/trafilatura's
 * evaluation pages, goose3's and newspaper4k's test pages (their code is MIT or Apache-2.0; the
 * pages themselves are third-party, used for training only, like GN1, and never shipped).
 *
 * The path is a checkout or a bare mirror (read with git). The bodies are SILVER:
 * what @mozilla/readability extracts (0.943 word F1 on the AEB HTML pages), not hand-made gold,
 * and independent of newsdrop's own extractor. Pages where Readability finds under 150 words, or
 * with no gold headline (goldHeadlinesOfHtml), are skipped; so is any page with the URL or a gold
 * headline of an evaluation page: the AEB pages, Readability's test pages and GN1's (compared
 * only: nothing of them is printed). `language` is what detectLanguage reads in the silver body
 * (null: not clear), for train:headline's --extra-languages. Rewrites the collection's folder whole.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { detectLanguage } from '../../lambda/text/language.js';
import { aebPages, readJsonLines } from './extraction-data.js';
import { EXTRA_PAGE_DROP_REASONS, type ExtraPageCandidate, type ExtraPageDropReason, readabilityPageHeadlines, selectExtraPages } from './extra-page-selection.js';
import { EXTRA_PAGE_SOURCES, recogniseExtraPageSource, type SourceFiles } from './extra-page-sources.js';
import { goldHeadlinesOfHtml } from './gold-headline.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const source = process.argv[2];
if (!source) {
  console.error(`usage: npm run import:extra-pages -- <checkout or bare mirror of one of: ${EXTRA_PAGE_SOURCES.map((known) => known.collection).join(', ')}>`);
  process.exit(2);
}
const extractionDir = path.resolve(repoRoot, '..', 'shared', 'data', 'extraction');
const aebDir = path.join(extractionDir, 'aeb-dev');
const readabilityFile = path.join(extractionDir, 'readability-pages-dev.jsonl');
const gn1File = path.join(extractionDir, 'gn1-dev.jsonl');
for (const needed of [path.join(aebDir, 'ground-truth.json'), readabilityFile, gn1File]) {
  if (existsSync(needed)) continue;
  // Without the evaluation pages no overlap can be ruled out, and an overlap would score training pages as unseen.
  console.error(`import:extra-pages: ${needed} is not here; the extra pages cannot be checked against the evaluation pages, so none is written.`);
  process.exit(1);
}

/** The repository's files: a checkout's, or a bare mirror's HEAD read with git. */
function sourceFiles(root: string): SourceFiles {
  if (!existsSync(path.join(root, 'HEAD')) || existsSync(path.join(root, '.git'))) {
    const paths = (readdirSync(root, { recursive: true }) as string[])
      .map((file) => file.split(path.sep).join('/'))
      .filter((file) => !file.startsWith('.git/') && !file.includes('node_modules/') && statSync(path.join(root, file)).isFile());
    return { paths, read: (file) => readFileSync(path.join(root, file)) };
  }
  const git = (args: string[]) => {
    const result = spawnSync('git', ['--git-dir', root, ...args], { maxBuffer: 256 * 1024 * 1024 });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${root}: ${result.stderr.toString().trim()}`);
    return result.stdout;
  };
  const paths = git(['ls-tree', '-r', '--name-only', 'HEAD']).toString('utf8').split('\n').filter(Boolean);
  return { paths, read: (file) => git(['show', `HEAD:${file}`]) };
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
  let parsed: ReturnType<Readability['parse']>;
  try {
    parsed = new Readability(document as unknown as Document).parse();
  } catch {
    // linkedom gives a page that is no HTML document (an RSS feed saved as .html) no <html> element, which Readability cannot read: no article.
    return '';
  }
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

const files = sourceFiles(path.resolve(source));
const collection = recogniseExtraPageSource(files.paths);
const sourcePages = collection.pages(files);
const candidates: ExtraPageCandidate[] = [];
const bytesOf = new Map<string, Buffer>();
let undecodable = 0;
for (const { file, url } of sourcePages) {
  const bytes = files.read(file);
  const html = bytes.toString('utf8');
  // The pages are rendered as UTF-8; a page in another encoding would train on mojibake.
  if ((html.match(/\uFFFD/g) ?? []).length > 10) {
    undecodable++;
    continue;
  }
  const { document } = parseHTML(html);
  bytesOf.set(file, bytes);
  candidates.push({ source: file, url: url ?? statedUrl(document as unknown as Document), headlines: goldHeadlinesOfHtml(html), body: silverBody(html) });
}

// The evaluation pages, compared and never printed: the AEB pages (URL and gold headline),
// Readability's test pages (their titles and shown headline) and GN1's (its labelled headline lines).
const excluded = { urls: [] as string[], headlines: [] as string[] };
const truth = JSON.parse(readFileSync(path.join(aebDir, 'ground-truth.json'), 'utf8')) as Record<string, { url?: string }>;
for (const entry of Object.values(truth)) if (entry.url) excluded.urls.push(entry.url);
for (const page of aebPages(aebDir)) excluded.headlines.push(...goldHeadlinesOfHtml(page.html.toString('utf8')));
for (const record of readJsonLines(readabilityFile)) {
  const goldMeta = record['gold_meta'] as { title: string | null };
  excluded.headlines.push(...readabilityPageHeadlines({ rawText: String(record['raw_text']), htmlTitle: (record['html_title'] as string | null) ?? null, goldTitle: goldMeta.title }));
}
for (const record of readJsonLines(gn1File)) {
  const labelled = (record['gold'] as { headline: string[] }).headline;
  excluded.headlines.push(...labelled, labelled.join(' '));
}

const { kept, dropped } = selectExtraPages(candidates, excluded);
const outDir = path.join(repoRoot, '.newsdrop', 'extra-pages', collection.collection);
rmSync(outDir, { recursive: true, force: true });
mkdirSync(path.join(outDir, 'html'), { recursive: true });
const groundTruth: Record<string, { articleBody: string; url: string | null; language: string | null }> = {};
const languages = new Map<string, number>();
for (const page of kept) {
  writeFileSync(path.join(outDir, 'html', `${page.id}.html.gz`), gzipSync(bytesOf.get(page.source)!));
  const language = detectLanguage(page.body.split('\n'));
  languages.set(language ?? 'unclear', (languages.get(language ?? 'unclear') ?? 0) + 1);
  groundTruth[page.id] = { articleBody: page.body, url: page.url, language };
}
writeFileSync(path.join(outDir, 'ground-truth.json'), `${JSON.stringify(groundTruth, null, 1)}\n`);

const reasons = new Map<ExtraPageDropReason, number>(EXTRA_PAGE_DROP_REASONS.map((reason) => [reason, 0]));
for (const { reason } of dropped) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
console.log(`import:extra-pages: ${collection.collection}: ${sourcePages.length} pages read; ${kept.length} kept in ${path.relative(repoRoot, outDir)}/ (silver bodies from @mozilla/readability)`);
console.log(`  dropped: ${undecodable} not UTF-8${[...reasons].map(([reason, count]) => `, ${count} ${reason}`).join('')}`);
console.log(`  languages kept: ${[...languages].sort((a, b) => b[1] - a[1]).map(([language, count]) => `${language} ${count}`).join(', ')}`);
