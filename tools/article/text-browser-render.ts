import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A text-mode browser and page width: how a scraper that keeps no HTML hands a page over.
 * "wide" keeps each paragraph on one line; "wrapped" breaks lines at a terminal width.
 */
export interface TextRendering {
  readonly browser: 'lynx' | 'w3m';
  readonly width: number;
  readonly label: string;
}

export const TEXT_RENDERINGS: readonly TextRendering[] = [
  { browser: 'lynx', width: 1000, label: 'lynx wide' },
  { browser: 'lynx', width: 80, label: 'lynx 80 cols' },
  { browser: 'w3m', width: 1000, label: 'w3m wide' },
  { browser: 'w3m', width: 80, label: 'w3m 80 cols' },
];

function commandFor(rendering: TextRendering): [string, string[]] {
  // Both read the page from stdin, so neither fetches anything: the eval needs no network.
  return rendering.browser === 'lynx'
    ? ['lynx', ['-dump', '-nolist', '-stdin', `-width=${rendering.width}`, '-assume_charset=utf-8', '-display_charset=utf-8', '-noreferer']]
    : ['w3m', ['-dump', '-T', 'text/html', '-cols', String(rendering.width), '-I', 'UTF-8', '-O', 'UTF-8']];
}

/** True when the browser is installed (Debian: apt-get install lynx w3m). */
export function browserAvailable(browser: TextRendering['browser']): boolean {
  return spawnSync(browser, ['-version'], { stdio: 'ignore' }).status === 0;
}

/**
 * The page as the browser dumps it, cached in cacheDir by browser, width and page id, so a re-run
 * does not start 4 × 95 browser processes again.
 */
export function renderAsText(html: string, pageId: string, rendering: TextRendering, cacheDir: string): string {
  const file = path.join(cacheDir, `${rendering.browser}-${rendering.width}`, `${pageId}.txt`);
  if (existsSync(file)) return readFileSync(file, 'utf8');
  const [command, args] = commandFor(rendering);
  const result = spawnSync(command, args, { input: html, encoding: 'utf8', timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} failed on ${pageId}: ${result.error?.message ?? result.stderr}`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, result.stdout);
  return result.stdout;
}
