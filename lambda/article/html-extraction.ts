import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { NoArticleFoundError } from './article-error.js';
import type { ExtractedText } from './text-extraction.js';
import { normalisePublished } from './publication-date.js';

export interface ExtractedHtml extends ExtractedText {
  readonly url: string | null;
}

type Json = unknown;

function text(value: string | null | undefined): string | null {
  const cleaned = value?.replace(/\s+/g, ' ').trim();
  return cleaned ? cleaned : null;
}

/** schema.org NewsArticle-like objects from every JSON-LD block, @graph flattened. */
function jsonLdArticles(document: Document): Record<string, Json>[] {
  const found: Record<string, Json>[] = [];
  const visit = (node: Json) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, Json>;
      const type = ([] as Json[]).concat(record['@type'] ?? []).map(String);
      if (type.some((name) => /Article|Posting|Report/i.test(name))) found.push(record);
      if (record['@graph']) visit(record['@graph']);
    }
  };
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      visit(JSON.parse(script.textContent ?? ''));
    } catch {
      // A broken JSON-LD block is common on real pages; the other sources still apply.
    }
  }
  return found;
}

function nameOf(value: Json): string | null {
  if (typeof value === 'string') return text(value);
  if (Array.isArray(value)) return value.map(nameOf).filter(Boolean).join(', ') || null;
  if (value && typeof value === 'object') return text(String((value as Record<string, Json>)['name'] ?? ''));
  return null;
}

function meta(document: Document, ...names: string[]): string | null {
  for (const name of names) {
    const element = document.querySelector(`meta[property="${name}"], meta[name="${name}"]`);
    const value = text(element?.getAttribute('content'));
    if (value) return value;
  }
  return null;
}

/** "Headline | Site" / "Headline - Site" → "Headline" when the suffix is the site name. */
function stripSiteSuffix(title: string, site: string | null): string {
  const parts = title.split(/\s+[|–—-]\s+/);
  if (parts.length < 2) return title;
  const last = parts.at(-1)!;
  if (site && last.toLowerCase() === site.toLowerCase()) return parts.slice(0, -1).join(' - ');
  return parts[0]!.length >= 20 ? parts[0]! : title;
}

/** Block-level text of Readability's content: paragraphs, list items, quotes, subheads. */
function paragraphsOf(html: string): string[] {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const blocks = [...document.querySelectorAll('p, li, blockquote, h2, h3, h4, pre')]
    .filter((element) => !element.querySelector('p, li, blockquote'))
    .map((element) => text(element.textContent))
    .filter((value): value is string => value !== null);
  if (blocks.length > 0) return blocks;
  return (document.body?.textContent ?? '').split(/\n{2,}/).map((value) => text(value)).filter((value): value is string => value !== null);
}

/**
 * HTML pages: a real DOM (linkedom) and Mozilla Readability for the main content; metadata from
 * <meta>, JSON-LD and <time>. Output is plain text only: scripts, styles and handlers never pass.
 */
export function extractFromHtml(html: string): ExtractedHtml {
  const { document } = parseHTML(html);
  const ld = jsonLdArticles(document as unknown as Document)[0] ?? {};
  const site = meta(document as unknown as Document, 'og:site_name', 'application-name') ?? nameOf(ld['publisher']);
  const rawTitle =
    text(String(ld['headline'] ?? '')) ??
    meta(document as unknown as Document, 'og:title', 'twitter:title') ??
    text(document.querySelector('h1')?.textContent) ??
    text(document.querySelector('title')?.textContent);
  const published = normalisePublished(
    meta(document as unknown as Document, 'article:published_time', 'datePublished', 'pubdate', 'date', 'dc.date') ??
      (typeof ld['datePublished'] === 'string' ? ld['datePublished'] : null) ??
      document.querySelector('time[datetime]')?.getAttribute('datetime'),
  );
  const url = meta(document as unknown as Document, 'og:url') ?? document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? null;
  const metaAuthor = meta(document as unknown as Document, 'author', 'article:author') ?? nameOf(ld['author']);

  const readable = new Readability(document as unknown as Document, { charThreshold: 200 }).parse();
  const body = readable?.content ? paragraphsOf(readable.content) : [];
  if (body.join(' ').split(/\s+/).length < 15) throw new NoArticleFoundError('no article text was found in the HTML page');
  const headline = rawTitle ? stripSiteSuffix(rawTitle, site) : text(readable?.title);
  if (!headline) throw new NoArticleFoundError('the HTML page has no title or headline');
  const byline = (metaAuthor ?? text(readable?.byline))?.replace(/^by\s+/i, '').split(/,\s*(?=\d|\w+ \d)/)[0] ?? null;
  return {
    headline,
    body: body.filter((paragraph) => paragraph !== headline && !/^by\s/i.test(paragraph)),
    byline: byline && byline.length <= 100 && !/^https?:/i.test(byline) ? byline : null,
    source: site ?? text(readable?.siteName),
    published,
    url: url && /^https?:\/\//i.test(url) ? url : null,
  };
}
