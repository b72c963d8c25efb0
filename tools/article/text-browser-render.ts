import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A text-mode browser and page width: how a scraper that keeps no HTML hands a page over.
 * "wide" keeps each paragraph on one line; "wrapped" breaks lines at a terminal width.
 */
export interface TextRendering {
  readonly browser: 'lynx' | 'w3m' | 'links' | 'elinks' | 'html2text';
  readonly width: number;
  readonly label: string;
}

export const TEXT_RENDERINGS: readonly TextRendering[] = [
  { browser: 'lynx', width: 1000, label: 'lynx wide' },
  { browser: 'lynx', width: 80, label: 'lynx 80 cols' },
  { browser: 'w3m', width: 1000, label: 'w3m wide' },
  { browser: 'w3m', width: 80, label: 'w3m 80 cols' },
];

/**
 * More ways of dumping the same pages, for the headline ranker's training and its cross-renderer
 * figures only (the development pages alone): each lays headings, lists and links out differently.
 * Not trained on by default, as they lowered the CV on lynx and w3m (train-headline.ts);
 * eval:extract scores lynx and w3m alone.
 */
export const TRAINING_RENDERINGS: readonly TextRendering[] = [
  // links accepts no width above 512 columns: that is its wide dump.
  { browser: 'links', width: 512, label: 'links wide' },
  { browser: 'links', width: 80, label: 'links 80 cols' },
  { browser: 'elinks', width: 1000, label: 'elinks wide' },
  { browser: 'elinks', width: 80, label: 'elinks 80 cols' },
  { browser: 'html2text', width: 1000, label: 'html2text wide' },
  { browser: 'html2text', width: 80, label: 'html2text 80 cols' },
];

/** html2text underlines links with "_" between words ("Dow_Jones_Newswires"); this turns that off. */
const HTML2TEXT_RC = 'A.attributes.internal_link = NONE\nA.attributes.external_link = NONE\n';

/**
 * The command line dumping the page; `pageFile` holds the page for the browsers that take a file
 * (links and elinks stop reading a piped stdin early). None fetches anything: the eval needs no network.
 */
function commandFor(rendering: TextRendering, cacheDir: string, pageFile: string): [string, string[]] {
  const width = String(rendering.width);
  switch (rendering.browser) {
    case 'lynx':
      return ['lynx', ['-dump', '-nolist', '-stdin', `-width=${width}`, '-assume_charset=utf-8', '-display_charset=utf-8', '-noreferer']];
    case 'w3m':
      return ['w3m', ['-dump', '-T', 'text/html', '-cols', width, '-I', 'UTF-8', '-O', 'UTF-8']];
    case 'links':
      return ['links', ['-dump', '-width', width, '-codepage', 'utf-8', '-html-assume-codepage', 'utf-8', pageFile]];
    case 'elinks':
      return ['elinks', ['-no-home', '-dump', '-dump-width', width, '-no-references', '-no-numbering', '-dump-charset', 'utf-8', '-force-html', pageFile]];
    case 'html2text': {
      const rcFile = path.join(cacheDir, 'html2text.rc');
      mkdirSync(cacheDir, { recursive: true });
      writeFileSync(rcFile, HTML2TEXT_RC);
      return ['html2text', ['-rcfile', rcFile, '-nobs', '-utf8', '-width', width]];
    }
  }
}

/** True when the browser is installed (Debian: apt-get install lynx w3m links elinks html2text). */
export function browserAvailable(browser: TextRendering['browser']): boolean {
  return spawnSync(browser, ['-version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Where the dumps of one collection of pages ("aeb-dev", "extra-postlight") are cached: under
 * .newsdrop/eval-renders (gitignored), one home for every tool that renders.
 */
export function renderCacheDir(repoRoot: string, collection: string): string {
  return path.join(repoRoot, '.newsdrop', 'eval-renders', collection);
}

/**
 * The page as the browser dumps it, cached in cacheDir by browser, width and page id, so a re-run
 * does not start a browser process per page and rendering again.
 */
export function renderAsText(html: string, pageId: string, rendering: TextRendering, cacheDir: string): string {
  const file = path.join(cacheDir, `${rendering.browser}-${rendering.width}`, `${pageId}.txt`);
  if (existsSync(file)) return readFileSync(file, 'utf8');
  const scratch = mkdtempSync(path.join(tmpdir(), 'newsdrop-render-'));
  const pageFile = path.join(scratch, 'page.html');
  writeFileSync(pageFile, html);
  const [command, args] = commandFor(rendering, cacheDir, pageFile);
  const takesFile = args.includes(pageFile);
  let result: SpawnSyncReturns<string>;
  try {
    result = spawnSync(command, args, { input: takesFile ? '' : html, encoding: 'utf8', timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (result.status !== 0) throw new Error(`${command} failed on ${pageId}: ${result.error?.message ?? result.stderr}`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, result.stdout);
  return result.stdout;
}
