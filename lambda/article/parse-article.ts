import { httpUrlOrNull } from './article-url.js';
import { decodeArticleBytes, DEFAULT_MAX_ARTICLE_BYTES } from './decode.js';
import { detectFormat } from './detect-format.js';
import { extractFromHtml } from './html-extraction.js';
import { wordsOf } from './line-features.js';
import { extractFromMarkdown } from './markdown-extraction.js';
import type { ParseOptions, ParsedArticle } from './parsed-article.js';
import { normalisePublished } from './publication-date.js';
import { summarise } from './summary.js';
import { extractFromText } from './text-extraction.js';

/**
 * One dropped file → one article: decode, detect the format, extract, then let the object's
 * metadata (set by the editor) override what was found in the text.
 */
export function parseArticle(bytes: Uint8Array, options: ParseOptions): ParsedArticle {
  const text = decodeArticleBytes(bytes, options.maxBytes ?? DEFAULT_MAX_ARTICLE_BYTES);
  const format = detectFormat(text, options.fileName);
  const extracted =
    format === 'html' ? extractFromHtml(text) : format === 'markdown' ? extractFromMarkdown(text) : { ...extractFromText(text), url: null };
  const metadata = options.metadata ?? {};
  const body = extracted.body;
  return {
    headline: extracted.headline,
    source: metadata.source?.trim() || extracted.source,
    published: normalisePublished(metadata.published) ?? extracted.published,
    byline: extracted.byline,
    url: httpUrlOrNull(metadata.url) ?? httpUrlOrNull(extracted.url),
    body,
    summary: summarise(body),
    wordCount: wordsOf(body.join(' ')).length,
    format,
  };
}
