import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { NoArticleFoundError } from './article-error.js';
import { isBoilerplateLine, lineFeatures } from './line-features.js';
import { parseByLine } from './source-and-byline.js';
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

const BLOCK_ELEMENTS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4',
  'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TD', 'TH', 'TR', 'UL',
]);

/**
 * Text blocks of Readability's content in document order: every block element and <br> ends a
 * paragraph, so text directly inside <div>s is kept too.
 */
function paragraphsOf(html: string): string[] {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const blocks: string[] = [];
  let buffer = '';
  const flush = () => {
    const value = text(buffer);
    if (value) blocks.push(value);
    buffer = '';
  };
  const walk = (node: Node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === 3) buffer += child.textContent ?? '';
      else if (child.nodeType === 1) {
        const tag = (child as Element).tagName.toUpperCase();
        if (tag === 'BR') flush();
        else if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'NOSCRIPT') continue;
        else if (BLOCK_ELEMENTS.has(tag)) {
          flush();
          walk(child);
          flush();
        } else walk(child);
      }
    }
  };
  walk(document.body as unknown as Node);
  flush();
  // Share bars, "Advertisement" and similar lines survive Readability now and then. Repetition is
  // no evidence here: table cells repeat legitimately.
  return blocks.filter((block) => !isBoilerplateLine(block, 1));
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
    // The heading and a bare byline line repeat metadata; a paragraph that starts with "By the end…" stays.
    body: body.filter((paragraph) => paragraph !== headline && !(lineFeatures(paragraph).words <= 8 && parseByLine(paragraph) !== null)),
    byline: byline && byline.length <= 100 && !/^https?:/i.test(byline) ? byline : null,
    source: site ?? text(readable?.siteName),
    published,
    url: url && /^https?:\/\//i.test(url) ? url : null,
  };
}
