import { parseHTML } from 'linkedom';

/** Separators sites put between a headline and their own name in og:title or <title>. */
const SITE_SUFFIX = /\s+(?:[|–—·•»]|-{1,2})\s+[^|–—·•»]{1,60}$/u;

/**
 * Strips trailing site names ("Headline | Site", "Headline - Site - Section"), keeping a part
 * that is most of the text: a dash inside a headline ("Brexit - what next") leaves it whole.
 */
export function withoutSiteSuffix(title: string, siteNames: readonly string[] = []): string {
  let text = title.replace(/\s+/g, ' ').trim();
  const names = siteNames.map((name) => name.trim().toLowerCase()).filter(Boolean);
  for (;;) {
    const match = SITE_SUFFIX.exec(text);
    if (!match) break;
    const suffix = match[0].replace(/^\s+\S+\s+/, '').toLowerCase();
    const head = text.slice(0, match.index);
    // A known site name always goes; otherwise only a suffix short next to what stays.
    if (!names.includes(suffix) && suffix.split(' ').length * 2 > head.split(' ').length) break;
    text = head.trim();
  }
  return text;
}

/**
 * The headlines a page states about itself, cleaned of site suffixes: og:title (or
 * twitter:title) and the first <h1>; <title> only when neither exists. Sites often give the share
 * title other wording than the on-page headline, and either is the page's own headline.
 */
export function goldHeadlinesOfHtml(html: string): string[] {
  const { document } = parseHTML(html);
  const meta = (selector: string) => document.querySelector(selector)?.getAttribute('content')?.trim() || '';
  const siteNames = [meta('meta[property="og:site_name"]'), meta('meta[name="application-name"]')];
  const clean = (texts: string[]) => [...new Set(texts.map((text) => withoutSiteSuffix(text, siteNames)).filter((text) => /[\p{L}\p{N}]/u.test(text)))];
  const stated = clean([meta('meta[property="og:title"]') || meta('meta[name="twitter:title"]'), document.querySelector('h1')?.textContent ?? '']);
  return stated.length ? stated : clean([document.querySelector('title')?.textContent ?? '']);
}
