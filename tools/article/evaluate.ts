/**
 * npm run eval:extract — scores article extraction on ../shared/data/extraction against the
 * take-all-text baseline (and, for HTML, Mozilla Readability alone) in the same run:
 *   GN1 plain text: body P/R/F1 over word tokens and word 4-grams (mean per page), headline exact/fuzzy
 *   readability pages (plain text): body F1, headline and byline accuracy where gold exists
 *   AEB HTML: body word-4-gram F1
 *   AEB HTML rendered to plain text by lynx and w3m (wide and 80 columns): headline and body
 *   with import:extra-pages run, the English pages of the collections no model is fitted on, rendered
 *   the same way: headline, and body against Readability's silver body
 * and, for every set, the same figures on its development part and on its never-read part
 * (holdout-split.ts). `--dev-errors` lists the development part's headline misses; the
 * never-read part's are never listed. `--dev-only` prints the development parts alone (no
 * never-read line, no whole-set tables), for the runs made while tuning; `--dev-body-errors`
 * lists each set's ten development pages with the lowest body F1; `--dev-reach` tells, for each
 * plain-text set's development part, how often the gold headline is a line of the page and among
 * the ranker's candidates (headline-reach.ts): the ceiling, and whether a miss is the ranker's.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { ArticleError } from '../../lambda/article/article-error.js';
import { parseArticle } from '../../lambda/article/parse-article.js';
import { goldHeadlinesOfHtml, goldHeadlinesOfTextPage } from './gold-headline.js';
import { SplitReport } from './split-report.js';
import { headlineReach } from './headline-reach.js';
import { holdoutPart } from './holdout-split.js';
import { browserAvailable, renderAsText, TEXT_RENDERINGS, renderCacheDir, type TextRendering } from './text-browser-render.js';
import { aebPages, extraCollections, readJsonLines, TRAINING_ONLY_COLLECTIONS, type AebPage } from './extraction-data.js';
import { ngramOverlap, scoredWords, type Prf } from './ngram-overlap.js';
import { parseToolFlags } from '../tool-flags.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = path.resolve(repoRoot, '..', 'shared', 'data', 'extraction');

// Strict flags (tool-flags.ts): a mistyped one must not fall through to a full run, which prints the never-read totals.
const flags = parseToolFlags('eval:extract', 'usage: npm run eval:extract -- [--dev-only] [--dev-errors] [--dev-body-errors] [--dev-reach]', {
  'dev-errors': { type: 'boolean' },
  'dev-reach': { type: 'boolean' },
  'dev-body-errors': { type: 'boolean' },
  'dev-only': { type: 'boolean' },
});
const showDevErrors = flags['dev-errors'] === true;
const showDevBodyErrors = flags['dev-body-errors'] === true;
const devOnly = flags['dev-only'] === true;
const showDevReach = flags['dev-reach'] === true;
/** With --dev-reach, a development page's headline reach; never measured on a never-read page. */
const reachOf = (id: string, text: string, goldHeadlines: readonly string[]) =>
  showDevReach && holdoutPart(id) === 'dev' && goldHeadlines.length > 0 ? headlineReach(text, goldHeadlines, normal) : undefined;
if (!existsSync(dataDir)) {
  console.log('eval:extract: ../shared/data/extraction is not here; skipping the evaluation.');
  process.exit(0);
}
// The whole-set tables include the never-read pages, so a tuning run prints none of them.
const log = (...text: unknown[]) => {
  if (!devOnly) console.log(...text);
};
const splitReports: SplitReport[] = [];

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
const normal = (text: string) => scoredWords(text).join(' ');
const fuzzy = (a: string, b: string) => ngramOverlap(a, b, 1).f1 >= 0.8;

class Scorer {
  readonly rows: { word: Prf; gram4: Prf; headlineExact?: boolean; headlineFuzzy?: boolean; byline?: boolean }[] = [];
  failures = 0;
  add(row: Scorer['rows'][number]) {
    this.rows.push(row);
  }
  line(name: string): string {
    const avg = (pick: (row: Scorer['rows'][number]) => number) => mean(this.rows.map(pick)).toFixed(3);
    const share = (pick: (row: Scorer['rows'][number]) => boolean | undefined) => {
      const known = this.rows.map(pick).filter((value): value is boolean => value !== undefined);
      return known.length ? `${((100 * known.filter(Boolean).length) / known.length).toFixed(1)}%` : '—';
    };
    return [
      name.padEnd(30),
      avg((r) => r.word.precision).padStart(6),
      avg((r) => r.word.recall).padStart(6),
      avg((r) => r.word.f1).padStart(6),
      avg((r) => r.gram4.f1).padStart(8),
      share((r) => r.headlineExact).padStart(8),
      share((r) => r.headlineFuzzy).padStart(8),
      share((r) => r.byline).padStart(8),
      String(this.failures).padStart(7),
    ].join(' ');
  }
}

const header = `${'extractor'.padEnd(30)} ${'P'.padStart(6)} ${'R'.padStart(6)} ${'F1'.padStart(6)} ${'4gramF1'.padStart(8)} ${'head='.padStart(8)} ${'head~'.padStart(8)} ${'byline'.padStart(8)} ${'errors'.padStart(7)}`;

function extract(bytes: Uint8Array, fileName: string) {
  try {
    return parseArticle(bytes, { fileName });
  } catch (error) {
    if (error instanceof ArticleError) return null;
    throw error;
  }
}

// GN1: plain-text renderings of news pages with line labels.
{
  const ours = new Scorer();
  const all = new Scorer();
  const split = new SplitReport('GN1 plain text');
  splitReports.push(split);
  const started = performance.now();
  let pages = 0;
  for (const record of readJsonLines(path.join(dataDir, 'gn1-dev.jsonl'))) {
    const page = record as unknown as { id: string; raw_text: string; gold: { headline: string[]; body: string[] } };
    const goldBody = page.gold.body.join('\n');
    const goldHeadline = page.gold.headline.join(' ');
    // Headlines labelled over several lines (title + deck): any line, or all joined, counts.
    const goldHeadlines = [goldHeadline, ...page.gold.headline].filter((text) => normal(text));
    const article = extract(Buffer.from(page.raw_text), 'page.txt');
    pages++;
    if (!article) ours.failures++;
    const body = article?.body.join('\n') ?? '';
    ours.add({
      word: ngramOverlap(body, goldBody, 1),
      gram4: ngramOverlap(body, goldBody, 4),
      headlineExact: goldHeadlines.length ? goldHeadlines.some((gold) => normal(article?.headline ?? '') === normal(gold)) : undefined,
      headlineFuzzy: goldHeadlines.length ? goldHeadlines.some((gold) => fuzzy(article?.headline ?? '', gold)) : undefined,
    });
    all.add({ word: ngramOverlap(page.raw_text, goldBody, 1), gram4: ngramOverlap(page.raw_text, goldBody, 4) });
    // The definition: the whole gold headline, or its first line when GN1 labels a headline and its deck.
    const strictGold = [goldHeadline, page.gold.headline[0] ?? ''].filter((text) => normal(text));
    split.add(page.id, {
      headlineRight: strictGold.length ? strictGold.some((gold) => normal(article?.headline ?? '') === normal(gold)) : undefined,
      bodyGram4F1: ngramOverlap(body, goldBody, 4).f1,
      predicted: article?.headline ?? '',
      gold: goldHeadline,
      reach: reachOf(page.id, page.raw_text, strictGold),
    });
  }
  const seconds = (performance.now() - started) / 1000;
  log(`\nGN1 plain text (${pages} pages, mean per page; newsdrop ${(pages / seconds).toFixed(0)} pages/s incl. scoring)\n${header}`);
  log(ours.line('newsdrop'));
  log(all.line('take all text (baseline)'));
  log("  (the headline ranker is fitted on the development parts of this set, of the AEB renderings and of Readability's pages: quote the never-read part below)");
}

// Readability test pages as plain text, with gold metadata.
{
  const ours = new Scorer();
  const all = new Scorer();
  const split = new SplitReport('Readability pages as text');
  splitReports.push(split);
  let pages = 0;
  for (const record of readJsonLines(path.join(dataDir, 'readability-pages-dev.jsonl'))) {
    const page = record as unknown as { id: string; raw_text: string; gold_body: string; gold_meta: { title: string | null; byline: string | null } };
    const article = extract(Buffer.from(page.raw_text), 'page.txt');
    pages++;
    if (!article) ours.failures++;
    const body = article?.body.join('\n') ?? '';
    const title = page.gold_meta.title;
    ours.add({
      word: ngramOverlap(body, page.gold_body, 1),
      gram4: ngramOverlap(body, page.gold_body, 4),
      headlineExact: title ? normal(article?.headline ?? '') === normal(title) : undefined,
      headlineFuzzy: title ? fuzzy(article?.headline ?? '', title) : undefined,
      byline: page.gold_meta.byline ? normal(article?.byline ?? '') === normal(page.gold_meta.byline) : undefined,
    });
    all.add({ word: ngramOverlap(page.raw_text, page.gold_body, 1), gram4: ngramOverlap(page.raw_text, page.gold_body, 4) });
    // Readability's gold title keeps the site suffix ("… | Code"), and the page may show it in other words.
    const goldHeadlines = goldHeadlinesOfTextPage(page.raw_text, title);
    split.add(page.id, {
      headlineRight: goldHeadlines.length ? goldHeadlines.some((gold) => normal(article?.headline ?? '') === normal(gold)) : undefined,
      bodyGram4F1: ngramOverlap(body, page.gold_body, 4).f1,
      predicted: article?.headline ?? '',
      gold: goldHeadlines.join(' / '),
      reach: reachOf(page.id, page.raw_text, goldHeadlines),
    });
  }
  log(`\nReadability test pages as plain text (${pages} pages)\n${header}`);
  log(ours.line('newsdrop'));
  log(all.line('take all text (baseline)'));
}

// AEB's pages, read (and unzipped) once: scored as HTML, then as each text browser dumps them.
const aebDevPages = [...aebPages(path.join(dataDir, 'aeb-dev'))];

// AEB: real HTML pages.
{
  const ours = new Scorer();
  const readability = new Scorer();
  const all = new Scorer();
  const split = new SplitReport('AEB HTML');
  splitReports.push(split);
  for (const { id, html, goldBody: gold } of aebDevPages) {
    if (gold === undefined) continue;
    const article = extract(html, 'page.html');
    if (!article) ours.failures++;
    const body = article?.body.join('\n') ?? '';
    ours.add({ word: ngramOverlap(body, gold, 1), gram4: ngramOverlap(body, gold, 4) });
    const goldHeadlines = goldHeadlinesOfHtml(html.toString('utf8'));
    split.add(id, {
      headlineRight: goldHeadlines.length ? goldHeadlines.some((gold) => normal(article?.headline ?? '') === normal(gold)) : undefined,
      bodyGram4F1: ngramOverlap(body, gold, 4).f1,
      predicted: article?.headline ?? '',
      gold: goldHeadlines.join(' / '),
    });
    const { document } = parseHTML(html.toString('utf8'));
    const parsed = new Readability(document as unknown as Document).parse();
    if (!parsed) readability.failures++;
    readability.add({ word: ngramOverlap(parsed?.textContent ?? '', gold, 1), gram4: ngramOverlap(parsed?.textContent ?? '', gold, 4) });
    const { document: plain } = parseHTML(html.toString('utf8'));
    for (const element of plain.querySelectorAll('script, style, noscript')) element.remove();
    const text = plain.body?.textContent ?? '';
    all.add({ word: ngramOverlap(text, gold, 1), gram4: ngramOverlap(text, gold, 4) });
  }
  log(`\nAEB HTML (${ours.rows.length} pages)\n${header}`);
  log(ours.line('newsdrop'));
  log(readability.line('@mozilla/readability alone'));
  log(all.line('take all text (baseline)'));
}

// AEB pages rendered to plain text by text-mode browsers, as a scraper that keeps no HTML hands them
// over. The ranker and the body trees are fitted on their development part: quote the never-read part.
{
  // Gitignored (.newsdrop/): renders are kept so re-runs start no browser.
  const cacheDir = renderCacheDir(repoRoot, 'aeb-dev');
  for (const rendering of TEXT_RENDERINGS) {
    if (!browserAvailable(rendering.browser)) {
      log(`\nAEB as plain text, ${rendering.label}: ${rendering.browser} is not installed (Debian: apt-get install lynx w3m); skipped.`);
      continue;
    }
    const split = new SplitReport(`AEB text, ${rendering.label}`);
    splitReports.push(split);
    for (const page of aebDevPages) scoreRenderedPage(split, page, rendering, cacheDir);
  }
}

// The English pages of the extra collections no model is fitted on (TRAINING_ONLY_COLLECTIONS
// aside), rendered the same way: a few hundred more news pages nobody tuned on, the gold headline
// taken as for the AEB pages. Their bodies are silver (Readability's), so the body figure says how
// far newsdrop agrees with Readability, not with a person.
const unseenCollections = (existsSync(path.join(repoRoot, '.newsdrop', 'extra-pages')) ? extraCollections(repoRoot) : [])
  .filter(({ name }) => !TRAINING_ONLY_COLLECTIONS.has(name))
  .map(({ name, folder, renderCache }) => ({ name, renderCache, pages: [...aebPages(folder)].filter((page) => page.language === 'en') }));
for (const rendering of TEXT_RENDERINGS) {
  if (unseenCollections.length === 0 || !browserAvailable(rendering.browser)) continue;
  const split = new SplitReport(`Unseen en, ${rendering.label}`);
  splitReports.push(split);
  for (const { renderCache, pages } of unseenCollections) for (const page of pages) scoreRenderedPage(split, page, rendering, renderCache);
}

/** Scores one HTML page as a text browser dumps it: the gold headline from its own og:title / <h1>. */
function scoreRenderedPage(split: SplitReport, page: AebPage, rendering: TextRendering, cacheDir: string): void {
  const { id, goldBody: gold } = page;
  if (gold === undefined) return;
  const html = page.html.toString('utf8');
  const text = renderAsText(html, id, rendering, cacheDir);
  const article = extract(Buffer.from(text), 'page.txt');
  const body = article?.body.join('\n') ?? '';
  const goldHeadlines = goldHeadlinesOfHtml(html);
  split.add(id, {
    headlineRight: goldHeadlines.length ? goldHeadlines.some((gold) => normal(article?.headline ?? '') === normal(gold)) : undefined,
    bodyGram4F1: ngramOverlap(body, gold, 4).f1,
    predicted: article?.headline ?? '',
    gold: goldHeadlines.join(' / '),
    reach: reachOf(id, text, goldHeadlines),
  });
}

console.log('\nEach set split by a hash of the page id: quote the never-read part; read errors on the dev part only.');
console.log('Headline: the whole gold headline (or, on GN1, its first line when a deck is labelled with it).');
if (unseenCollections.length > 0) console.log(`Unseen en: the English pages of ${unseenCollections.map(({ name }) => name).join(', ')} (import:extra-pages), body against Readability's (silver).`);
for (const report of splitReports) for (const line of report.lines(devOnly)) console.log(line);
if (showDevErrors) {
  console.log('\nHeadline misses, development parts only:');
  for (const report of splitReports) for (const line of report.devMisses()) console.log(line);
}
if (showDevReach) {
  console.log("\nHeadline reach, development parts only (the gold headline as a line of the page, among the ranker's candidates, picked):");
  for (const report of splitReports) {
    const line = report.devReach();
    if (line) console.log(line);
  }
}
if (showDevBodyErrors) {
  console.log('\nLowest body F1, development parts only:');
  for (const report of splitReports) for (const line of report.devBodyMisses(10)) console.log(line);
}
