import type { Line } from './text-lines.js';

/**
 * How much a plain-text page looks like a text-mode browser's dump (lynx, w3m) rather than text
 * taken out of HTML one block per line (GN1's scraper, a copy-paste). The headline ranker reads
 * the two kinds of page with partly different weights (feature augmentation, headline-ranker.ts):
 * in a dump, indentation, bullet lines and bracketed labels are the browser's marks, not the page's.
 */

/** "* Home", "+ Sport", "o Opinion" (lynx's three bullet levels), "• News" (w3m's), "[ ] Remember me", "( ) Yes". */
const BULLET_MARK = /^([*+•◦▪·]|o(?=\s)|\[[ xX*]\]|\( ?\))\s/u;
/**
 * What a text browser writes where the HTML had no text: "[IMG]", "[BUTTON]", "[INLINE]",
 * "[photo-1024x723.jpg]", "IFRAME: https://…", a text field drawn as "[____________]" or "_______".
 */
const BRACKET_LABEL = /\[(IMG|BUTTON|INLINE|LINK|EMBED|image|[^[\]\s]{1,200}\.(jpe?g|png|gif|svg|webp))\]|^\[[^\]]{0,80}\]$|^(IFRAME|Image|EMBED):|_{8,}|\[\s{6,}\]/i;
/**
 * A browser's mark stands at a line's start or close to it; reading only that much keeps the test
 * linear on a hostile line (200,000 "[" took 45 s when every "[" started a scan to the line's end).
 */
const MARK_SPAN = 300;

/** Lines read: the page's start shows its style; a megabyte of body would only cost time. */
const MAX_LINES_READ = 1_500;

/**
 * Share of lines at which each signal is taken as certain. lynx sets every paragraph in by three
 * columns (GN1 and copy-pasted text: no line is); a dump's menus are bullet lists (a few lines in a
 * hundred of a scraped page start with "* " or "o "); bracket labels are rarer still.
 */
const INDENT_SATURATION = 0.5;
const BULLET_SATURATION = 0.15;
const LABEL_SATURATION = 0.04;

/** The signals, each a share of the page's first non-empty lines. */
export interface TextBrowserDumpSignals {
  /** Lines set in by two columns or more. */
  readonly indented: number;
  /** Lines starting with a bullet or a check box. */
  readonly bullets: number;
  /** Lines holding a bracketed label or a drawn form field. */
  readonly labels: number;
}

export function textBrowserDumpSignals(lines: readonly Line[]): TextBrowserDumpSignals {
  let read = 0;
  let indented = 0;
  let bullets = 0;
  let labels = 0;
  for (const line of lines) {
    if (read >= MAX_LINES_READ) break;
    if (line.text === '') continue;
    read++;
    if (line.indent >= 2) indented++;
    if (BULLET_MARK.test(line.text)) bullets++;
    if (BRACKET_LABEL.test(line.text.length > MARK_SPAN ? line.text.slice(0, MARK_SPAN) : line.text)) labels++;
  }
  if (read === 0) return { indented: 0, bullets: 0, labels: 0 };
  return { indented: indented / read, bullets: bullets / read, labels: labels / read };
}

/**
 * A score in [0, 1]: 1 for a page that surely is a text browser's dump, 0 for one with none of its
 * marks. Each signal counts up to its saturation; the score is the chance that at least one of them
 * is real, read as independent (1 − Π(1 − signal)), so a w3m dump without indentation still scores
 * high on its bullets.
 */
export function textBrowserDumpScore(lines: readonly Line[]): number {
  const { indented, bullets, labels } = textBrowserDumpSignals(lines);
  const saturated = [indented / INDENT_SATURATION, bullets / BULLET_SATURATION, labels / LABEL_SATURATION].map((value) => Math.min(1, value));
  return 1 - saturated.reduce((none, value) => none * (1 - value), 1);
}
