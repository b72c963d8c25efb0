import { articleFromText, extractFromPlainText, readArticleText } from './article-from-text.js';
import { extractFromHtml } from './html-extraction.js';
import { extractFromMarkdown } from './markdown-extraction.js';
import { NO_DEADLINE } from './parse-deadline.js';
import type { ParseOptions, ParsedArticle } from './parsed-article.js';

const EXTRACTORS = { html: extractFromHtml, markdown: extractFromMarkdown, text: extractFromPlainText } as const;

/**
 * One dropped file → one article: decode, detect the format, extract, then let the object's
 * metadata (set by the editor) override what was found in the text. Stops with TooComplexError
 * when `options.deadline`, if given, passes.
 */
export function parseArticle(bytes: Uint8Array, options: ParseOptions): ParsedArticle {
  const deadline = options.deadline ?? NO_DEADLINE;
  const source = readArticleText(bytes, options, deadline);
  return articleFromText(source, EXTRACTORS[source.format], options, deadline);
}
