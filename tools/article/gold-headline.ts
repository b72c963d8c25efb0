import { parseHTML } from 'linkedom';
import { storyHeadingOf } from '../../lambda/article/story-heading.js';
import { wordsOf } from '../../lambda/text/words.js';

/**
 * Separators sites put between a headline and their own name in og:title or <title>, and the
 * last part after the last of them: "A — B - Digg" ends in " - Digg", not in " — B - Digg".
 */
const SITE_SUFFIX = /\s+(?:[|–—·•»]|-{1,2})\s+(?:(?!\s+(?:[|–—·•»]|-{1,2})\s).){1,60}$/u;

/** Words of a site suffix that og:site_name does not name: "The Washington Post", "Science | News". */
const MAX_UNNAMED_SUFFIX_WORDS = 3;

/**
 * Strips trailing site names ("Headline | Site", "Headline - Site - Section"), keeping a part
 * that is most of the text: a dash inside a headline ("Brexit - what next") leaves it whole.
 * `namedSitesOnly` strips the given site names alone: an <h1> is shown whole, whatever its dashes.
 */
export function withoutSiteSuffix(title: string, siteNames: readonly string[] = [], { namedSitesOnly = false } = {}): string {
  let text = title.replace(/\s+/g, ' ').trim();
  const names = siteNames.map((name) => name.trim().toLowerCase()).filter(Boolean);
  for (;;) {
    const match = SITE_SUFFIX.exec(text);
    if (!match) break;
    const suffix = match[0].replace(/^\s+\S+\s+/, '').toLowerCase();
    const head = text.slice(0, match.index);
    // A known site name always goes; otherwise only a short suffix, short next to what stays
    // ("- CNN - Business"; not "— And They're Not Great", the second half of a headline).
    const suffixWords = suffix.split(' ').length;
    if (!names.includes(suffix) && (namedSitesOnly || suffixWords > MAX_UNNAMED_SUFFIX_WORDS || suffixWords * 2 > head.split(' ').length)) break;
    text = head.trim();
  }
  return text;
}

/**
 * The headlines a page states about itself: og:title (or twitter:title) cleaned of site
 * suffixes, and the first <h1> as shown, less a named site only; <title> only when neither
 * exists. Sites often give the share title other wording than the on-page headline, and either
 * is the page's own headline. An <h1> that is the site's logo (a link home) is skipped. The <h1> is not cut at its dashes: the page shows it whole.
 */
export function goldHeadlinesOfHtml(html: string): string[] {
  const { document } = parseHTML(html);
  const meta = (selector: string) => document.querySelector(selector)?.getAttribute('content')?.trim() || '';
  const siteNames = [meta('meta[property="og:site_name"]'), meta('meta[name="application-name"]')];
  const distinct = (texts: string[]) => [...new Set(texts.filter((text) => /[\p{L}\p{N}]/u.test(text)))];
  const stated = distinct([
    withoutSiteSuffix(meta('meta[property="og:title"]') || meta('meta[name="twitter:title"]'), siteNames),
    withoutSiteSuffix(storyHeadingOf(document)?.textContent ?? '', siteNames, { namedSitesOnly: true }),
  ]);
  return stated.length ? stated : distinct([withoutSiteSuffix(document.querySelector('title')?.textContent ?? '', siteNames)]);
}

/** How close a line's words must be to the page's title to be taken as the headline it shows. */
const DISPLAYED_TITLE_F1 = 0.75;
/** Lines longer than this are prose that quotes the title, not the headline. */
const MAX_DISPLAYED_TITLE_WORDS = 30;

/**
 * The line of a plain-text page that shows its <title> in other words ("Apple's Vision Pro is
 * the Retina display moment for headsets" under the title "Apple's Vision Pro hands-on: the
 * Retina display moment for headsets"): the line whose words are closest to the title's, if
 * close enough. Pages kept only as text have no <h1> to take the shown headline from.
 */
export function displayedTitleLine(text: string, title: string): string | null {
  const titleWords = wordCounts(title);
  const titleSize = [...titleWords.values()].reduce((a, b) => a + b, 0);
  if (titleSize === 0) return null;
  let best: { line: string; f1: number } | null = null;
  for (const line of text.split('\n')) {
    const lineWords = wordCounts(line);
    const lineSize = [...lineWords.values()].reduce((a, b) => a + b, 0);
    if (lineSize === 0 || lineSize > MAX_DISPLAYED_TITLE_WORDS) continue;
    let shared = 0;
    for (const [word, count] of lineWords) shared += Math.min(count, titleWords.get(word) ?? 0);
    const f1 = (2 * shared) / (lineSize + titleSize);
    if (f1 >= DISPLAYED_TITLE_F1 && (!best || f1 > best.f1)) best = { line: line.trim(), f1 };
  }
  return best?.line ?? null;
}

function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  // wordsOf reads Chinese and Japanese a character at a time, so their titles match too.
  for (const word of wordsOf(text.toLowerCase())) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/** Separators between a title's parts, spaced on both sides: "Headline - Site", "Page @ Blog :: Host". */
const TITLE_PART_SEPARATOR = /\s+(?:[|–—·•»@]|-{1,2}|::)\s+/u;

/**
 * The first part of a title, when the text (its lines as normalWords) shows it as a line of its own and the title has more
 * parts: "Mozilla - Wikipedia" shows "Mozilla". withoutSiteSuffix keeps a long suffix next to a
 * short head, as it cannot tell a site name from the second half of a headline; the text can.
 */
function shownFirstPart(shownLines: readonly string[], title: string): string | null {
  const parts = title.split(TITLE_PART_SEPARATOR).map((part) => part.trim());
  if (parts.length < 2 || !/[\p{L}\p{N}]/u.test(parts[0]!)) return null;
  const first = normalWords(parts[0]!);
  return shownLines.includes(first) ? parts[0]! : null;
}

function normalWords(text: string): string {
  return wordsOf(text.toLowerCase()).join(' ');
}

/**
 * The headlines of a page kept only as text, with its <title> as metadata: the title less its
 * site suffix, the line showing it in other words, and its first part when a line shows that.
 * None when the text shows none of them, not even inside a line: a title the page never shows
 * (a test page titled "RTL Test" over a heading "Lorem", a site's generic title) is no headline
 * any reader of the text could name, so such a page has no gold headline.
 */
export function goldHeadlinesOfTextPage(text: string, title: string | null): string[] {
  if (!title) return [];
  const shown = displayedTitleLine(text, title);
  // The text's lines as words, read once for both checks below.
  const shownLines = text.split('\n').map(normalWords);
  const firstPart = shownFirstPart(shownLines, title);
  const headlines = [...new Set([withoutSiteSuffix(title), ...(shown ? [shown] : []), ...(firstPart ? [firstPart] : [])])].filter((headline) =>
    /[\p{L}\p{N}]/u.test(headline),
  );
  const shownText = ` ${shownLines.join(' \n ')} `;
  return headlines.some((headline) => shownText.includes(` ${normalWords(headline)} `)) ? headlines : [];
}
