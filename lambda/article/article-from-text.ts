import { httpUrlOrNull } from '../text/http-url.js';
import { detectLanguage } from '../text/language.js';
import { decodeArticleBytes, DEFAULT_MAX_ARTICLE_BYTES } from './decode.js';
import { detectFormat } from './detect-format.js';
import type { ExtractedHtml } from './html-extraction.js';
import { countWords } from '../text/words.js';
import type { ArticleFormat, ParseOptions, ParsedArticle } from './parsed-article.js';
import { normalisePublished } from './publication-date.js';
import { summarise } from './summary.js';
import { extractFromText } from './text-extraction.js';

/** A dropped file's decoded text and the format it was detected as. */
interface ArticleText {
  readonly text: string;
  readonly format: ArticleFormat;
}

/** Finds headline, body and the other facts in the text of one format. */
export type ArticleExtractor = (text: string) => ExtractedHtml;

export const extractFromPlainText: ArticleExtractor = (text) => ({ ...extractFromText(text), url: null });

export function readArticleText(bytes: Uint8Array, options: ParseOptions): ArticleText {
  const text = decodeArticleBytes(bytes, options.maxBytes ?? DEFAULT_MAX_ARTICLE_BYTES, options.contentType);
  return { text, format: detectFormat(text, options.fileName) };
}

/** Extracts with the format's extractor, then lets the object's metadata (set by the editor) override what was found. */
export function articleFromText(source: ArticleText, extract: ArticleExtractor, options: ParseOptions): ParsedArticle {
  const extracted = extract(source.text);
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
    wordCount: countWords(body.join(' ')),
    format: source.format,
    language: detectLanguage([extracted.headline, ...body]),
  };
}
