import { articleFromText, extractFromPlainText, readArticleText, type ArticleExtractor } from './article-from-text.js';
import { NO_DEADLINE } from './parse-deadline.js';
import type { ArticleFormat, ParseOptions, ParsedArticle } from './parsed-article.js';

/**
 * The HTML parser (linkedom, Readability) and the YAML front-matter parser are most of the ingest
 * function's cold start; plain-text articles need neither, so they are imported on first use.
 */
async function extractorFor(format: ArticleFormat): Promise<ArticleExtractor> {
  if (format === 'html') return (await import('./html-extraction.js')).extractFromHtml;
  if (format === 'markdown') return (await import('./markdown-extraction.js')).extractFromMarkdown;
  return extractFromPlainText;
}

/** parseArticle for the ingest function: same result, with the parser of each format loaded only when an article needs it. */
export async function parseArticleOnDemand(bytes: Uint8Array, options: ParseOptions): Promise<ParsedArticle> {
  const deadline = options.deadline ?? NO_DEADLINE;
  const source = readArticleText(bytes, options, deadline);
  return articleFromText(source, await extractorFor(source.format), options, deadline);
}
