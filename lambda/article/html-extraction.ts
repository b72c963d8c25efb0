import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { NoArticleFoundError, UnsupportedContentError } from './article-error.js';
import { htmlNestsDeeperThan } from './html-nesting.js';
import { isBoilerplateLine, lineFeatures } from './line-features.js';
import { parseByLine } from './source-and-byline.js';
import { extractFromText, type ExtractedText } from './text-extraction.js';
import { normalisePublished } from './publication-date.js';
import { httpUrlOrNull } from '../text/http-url.js';
import { countWords } from '../text/words.js';

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
 * Text blocks of a DOM subtree in document order: every block element and <br> ends a paragraph,
 * so text directly inside <div>s is kept too. Iterative, so absurd nesting cannot overflow the stack.
 */
function textBlocks(root: Node): string[] {
  const blocks: string[] = [];
  let buffer = '';
  const flush = () => {
    const value = text(buffer);
    if (value) blocks.push(value);
    buffer = '';
  };
  // Entries are nodes to visit, or 'flush' markers for the end of a block element.
  const stack: (Node | 'flush')[] = [...Array.from(root.childNodes)].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === 'flush') {
      flush();
      continue;
    }
    if (node.nodeType === 3) {
      buffer += node.textContent ?? '';
      continue;
    }
    if (node.nodeType !== 1) continue;
    const tag = (node as Element).tagName.toUpperCase();
    if (tag === 'BR') flush();
    else if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'NOSCRIPT' || tag === 'TEMPLATE') continue;
    else {
      const block = BLOCK_ELEMENTS.has(tag);
      if (block) {
        flush();
        stack.push('flush');
      }
      const children = node.childNodes;
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }
  flush();
  return blocks;
}

/** Paragraphs of Readability's content, without the share bars and "Advertisement" lines that slip through. */
function paragraphsOf(html: string): string[] {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  // Repetition is no evidence here: table cells repeat legitimately.
  return textBlocks(document.body as unknown as Node).filter((block) => !isBoilerplateLine(block, 1));
}

/** Deepest element nesting, stopping early once past `limit`. */
function nestingExceeds(root: Node, limit: number): boolean {
  const stack: [Node, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > limit) return true;
    for (const child of Array.from(node.childNodes)) if (child.nodeType === 1) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Readability's cost grows steeply with nesting (2,000 nested divs: 45 s). Real pages stay far
 * below these bounds; beyond them the page is read as text blocks by the plain-text extractor.
 */
const MAX_NESTING_FOR_READABILITY = 200;
/** Past this even parsing is slow (100,000 nested divs: 4 s in linkedom); such input is refused. */
const MAX_HTML_NESTING = 2000;
const MAX_ELEMENTS_FOR_READABILITY = 30_000;

/** Pages Readability cannot take: their text blocks go through the plain-text extractor. */
function fallbackFromText(
  body: Node | null,
  rawTitle: string | null,
  site: string | null,
  published: string | null,
  url: string | null,
  author: string | null,
): ExtractedHtml {
  const blocks = body ? textBlocks(body) : [];
  const extracted = extractFromText(blocks.join('\n'));
  return {
    ...extracted,
    headline: rawTitle ? stripSiteSuffix(rawTitle, site) : extracted.headline,
    source: site ?? extracted.source,
    published: published ?? extracted.published,
    byline: author ?? extracted.byline,
    url,
  };
}

/**
 * HTML pages: a real DOM (linkedom) and Mozilla Readability for the main content; metadata from
 * <meta>, JSON-LD and <time>. Output is plain text only: scripts, styles and handlers never pass.
 */
export function extractFromHtml(html: string): ExtractedHtml {
  if (htmlNestsDeeperThan(html, MAX_HTML_NESTING)) {
    throw new UnsupportedContentError(`the HTML nests elements more than ${MAX_HTML_NESTING} levels deep; that is not an article page`);
  }
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
  const declaredUrl = meta(document as unknown as Document, 'og:url') ?? document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? null;
  const url = httpUrlOrNull(declaredUrl);
  const metaAuthor = meta(document as unknown as Document, 'author', 'article:author') ?? nameOf(ld['author']);

  const root = document.documentElement as unknown as Node;
  let readable: ReturnType<Readability['parse']> = null;
  if (!nestingExceeds(root, MAX_NESTING_FOR_READABILITY)) {
    try {
      readable = new Readability(document as unknown as Document, { charThreshold: 200, maxElemsToParse: MAX_ELEMENTS_FOR_READABILITY }).parse();
    } catch {
      // Over maxElemsToParse: fall back below.
    }
  }
  if (!readable) return fallbackFromText(document.body as unknown as Node, rawTitle, site, published, url, metaAuthor);
  const body = readable.content ? paragraphsOf(readable.content) : [];
  if (countWords(body.join(' ')) < 15) throw new NoArticleFoundError('no article text was found in the HTML page');
  const headline = rawTitle ? stripSiteSuffix(rawTitle, site) : text(readable.title);
  if (!headline) throw new NoArticleFoundError('the HTML page has no title or headline');
  const byline = (metaAuthor ?? text(readable.byline))?.replace(/^by\s+/i, '').split(/,\s*(?=\d|\w+ \d)/)[0] ?? null;
  return {
    headline,
    // The heading and a bare byline line repeat metadata; a paragraph that starts with "By the end…" stays.
    body: body.filter((paragraph) => paragraph !== headline && !(lineFeatures(paragraph).words <= 8 && parseByLine(paragraph) !== null)),
    byline: byline && byline.length <= 100 && httpUrlOrNull(byline) === null ? byline : null,
    source: site ?? text(readable.siteName),
    published,
    url,
  };
}
