import type { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { storyHeadingOf } from './story-heading.js';
import { NoArticleFoundError, TooComplexError } from './article-error.js';
import { ReadabilityOverBudgetError, readabilityArticle } from './bounded-readability.js';
import { MAX_TEXT_CHARS } from './text-budget.js';
import { measureHtml } from './html-shape.js';
import { isBoilerplateLine, lineFeatures } from './line-features.js';
import { parseByLine } from './source-and-byline.js';
import { extractFromText, type ExtractedText } from './text-extraction.js';
import type { ParseDeadline } from './parse-deadline.js';
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

/** Real JSON-LD blocks are a few KB (a big @graph: ~100 KB). */
const MAX_JSON_LD_CHARS = 512 * 1024;

/**
 * schema.org NewsArticle-like objects from every JSON-LD block, @graph flattened (iteratively:
 * nesting cannot overflow the stack). A block larger than MAX_JSON_LD_CHARS is removed unread,
 * so Readability, which parses JSON-LD too, never reads it either (5 MB of "[[[…]]]": 365 MB).
 */
function jsonLdArticles(document: Document, deadline: ParseDeadline): Record<string, Json>[] {
  const found: Record<string, Json>[] = [];
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    const source = script.textContent ?? '';
    if (source.length > MAX_JSON_LD_CHARS) {
      script.remove();
      continue;
    }
    let parsed: Json;
    try {
      parsed = JSON.parse(source);
    } catch {
      // A broken JSON-LD block is common on real pages; the other sources still apply.
      continue;
    }
    const pending: Json[] = [parsed];
    while (pending.length > 0) {
      deadline.tick('reading JSON-LD');
      const node = pending.pop();
      if (Array.isArray(node)) pending.push(...[...node].reverse());
      else if (node && typeof node === 'object') {
        const record = node as Record<string, Json>;
        const type = ([] as Json[]).concat(record['@type'] ?? []).map(String);
        if (type.some((name) => /Article|Posting|Report/i.test(name))) found.push(record);
        if (record['@graph']) pending.push(record['@graph']);
      }
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

/**
 * The content of each <meta property|name>, the first in document order for each key: one walk of
 * the page (a querySelector per key walked a 30,000-node page ten times).
 */
function metaContents(document: Document): Map<string, string | null> {
  const contents = new Map<string, string | null>();
  for (const element of document.querySelectorAll('meta')) {
    for (const key of [element.getAttribute('property'), element.getAttribute('name')]) {
      if (key !== null && !contents.has(key)) contents.set(key, element.getAttribute('content'));
    }
  }
  return contents;
}

/** The first of `names` whose first <meta> has content. */
function meta(contents: ReadonlyMap<string, string | null>, ...names: string[]): string | null {
  for (const name of names) {
    const value = text(contents.get(name));
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
function textBlocks(root: Node, deadline: ParseDeadline): string[] {
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
    deadline.tick('reading the text of the HTML');
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
function paragraphsOf(html: string, deadline: ParseDeadline): string[] {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  // Repetition is no evidence here: table cells repeat legitimately.
  return textBlocks(document.body as unknown as Node, deadline).filter((block) => !isBoilerplateLine(block, 1));
}

/**
 * Readability's cost grows steeply with nesting (2,000 nested divs: 45 s) and with the size of
 * the DOM, which it parses again for each of its up to four passes; on hostile shapes (tables
 * nested 60 deep) 5,000 nodes take over a second. Real pages stay far below these bounds (95 AEB
 * pages: at most 51 levels, 6,831 nodes, 135 ms); beyond them, or past MAX_READABILITY_STEPS,
 * the page is read as text blocks by the plain-text extractor. Checked on the measured shape:
 * Readability's own maxElemsToParse counts nothing under linkedom, whose
 * getElementsByTagName('*') is empty.
 */
export const MAX_NESTING_FOR_READABILITY = 200;
export const MAX_NODES_FOR_READABILITY = 30_000;
/** Past this even parsing is slow (100,000 nested divs: 4 s in linkedom); such input is refused. */
const MAX_HTML_NESTING = 2000;
/**
 * DOM nodes a page may build. linkedom takes ~1 KB and ~4 µs per element with its text; 4.9 MB of
 * <b>x</b> (1.2 million nodes) took 17 s and 1.77 GB. Real pages build a few thousand (95 AEB
 * pages: at most 6,831).
 */
export const MAX_HTML_NODES = 100_000;

/**
 * Readability's reading of the page, or null when it finds no article, trips on the markup or
 * needs more than its steps (then the page it was working on may be half-stripped, so the text
 * blocks are read from `html` parsed anew). Past the file's deadline, the file is refused.
 */
function readabilityOrFallback(html: string, document: Document, deadline: ParseDeadline): { readable: ReturnType<Readability['parse']>; body: Node } {
  try {
    return { readable: readabilityArticle(document, deadline), body: bodyOf(document) };
  } catch (error) {
    if (error instanceof TooComplexError) throw error;
    if (error instanceof ReadabilityOverBudgetError) return { readable: null, body: bodyOf(parseHTML(html).document as unknown as Document) };
    return { readable: null, body: bodyOf(document) };
  }
}

/** Markup with no <html> root (a bare "<script>…") has no body to linkedom, whose getter then throws: the whole document is read. */
function bodyOf(document: Document): Node {
  return (document.documentElement ? document.body : document) as unknown as Node;
}

/** Pages Readability cannot take: their text blocks go through the plain-text extractor. */
function fallbackFromText(
  body: Node,
  rawTitle: string | null,
  site: string | null,
  published: string | null,
  url: string | null,
  author: string | null,
  deadline: ParseDeadline,
): ExtractedHtml {
  const blocks = textBlocks(body, deadline);
  const extracted = extractFromText(blocks.join('\n'), deadline);
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
export function extractFromHtml(html: string, deadline: ParseDeadline): ExtractedHtml {
  // Depth and size are measured before any DOM exists: over a limit, nothing is allocated.
  const shape = measureHtml(html, { maxDepth: MAX_HTML_NESTING, maxNodes: MAX_HTML_NODES, maxTextChars: MAX_TEXT_CHARS }, deadline);
  deadline.check('measuring the HTML');
  const { document } = parseHTML(html);
  deadline.check('building the DOM');
  const ld = jsonLdArticles(document as unknown as Document, deadline)[0] ?? {};
  const metas = metaContents(document as unknown as Document);
  const site = meta(metas, 'og:site_name', 'application-name') ?? nameOf(ld['publisher']);
  const rawTitle =
    text(String(ld['headline'] ?? '')) ??
    meta(metas, 'og:title', 'twitter:title') ??
    text(storyHeadingOf(document)?.textContent) ??
    text(document.querySelector('title')?.textContent);
  const published = normalisePublished(
    meta(metas, 'article:published_time', 'datePublished', 'pubdate', 'date', 'dc.date') ??
      (typeof ld['datePublished'] === 'string' ? ld['datePublished'] : null) ??
      document.querySelector('time[datetime]')?.getAttribute('datetime'),
  );
  const declaredUrl = meta(metas, 'og:url') ?? document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? null;
  const url = httpUrlOrNull(declaredUrl);
  const metaAuthor = meta(metas, 'author', 'article:author') ?? nameOf(ld['author']);

  deadline.check('reading the metadata');
  const { readable, body } =
    shape.depth <= MAX_NESTING_FOR_READABILITY && shape.nodes <= MAX_NODES_FOR_READABILITY
      ? readabilityOrFallback(html, document as unknown as Document, deadline)
      : { readable: null, body: bodyOf(document as unknown as Document) };
  if (!readable) return fallbackFromText(body, rawTitle, site, published, url, metaAuthor, deadline);
  const paragraphs = readable.content ? paragraphsOf(readable.content, deadline) : [];
  if (countWords(paragraphs.join(' ')) < 15) throw new NoArticleFoundError('no article text was found in the HTML page');
  const headline = rawTitle ? stripSiteSuffix(rawTitle, site) : text(readable.title);
  if (!headline) throw new NoArticleFoundError('the HTML page has no title or headline');
  const byline = (metaAuthor ?? text(readable.byline))?.replace(/^by\s+/i, '').split(/,\s*(?=\d|\w+ \d)/)[0] ?? null;
  return {
    headline,
    // The heading and a bare byline line repeat metadata; a paragraph that starts with "By the end…" stays.
    body: paragraphs.filter((paragraph) => paragraph !== headline && !(lineFeatures(paragraph).words <= 8 && parseByLine(paragraph) !== null)),
    byline: byline && byline.length <= 100 && httpUrlOrNull(byline) === null ? byline : null,
    source: site ?? text(readable.siteName),
    published,
    url,
  };
}
