import { httpUrlOrNull } from '../text/http-url.js';
import { detectLanguage } from '../text/language.js';
import { decodeArticleBytes, DEFAULT_MAX_ARTICLE_BYTES } from './decode.js';
import { NoArticleFoundError } from './article-error.js';
import { detectFormat, isDeclaredMarkdown } from './detect-format.js';
import type { ExtractedHtml } from './html-extraction.js';
import { truncateAtWord } from '../text/words.js';
import { lineFeatures } from './line-features.js';
import type { ParseDeadline } from './parse-deadline.js';
import type { ArticleFormat, ParseOptions, ParsedArticle } from './parsed-article.js';
import { normalisePublished } from './publication-date.js';
import { summarise } from './summary.js';
import { BODY_WEIGHTS } from './body-weights.js';
import { extractFromText } from './text-extraction.js';

/** A dropped file's decoded text and the format it was detected as. */
interface ArticleText {
  readonly text: string;
  readonly format: ArticleFormat;
  /**
   * Markdown by its look only (no .md name, no front matter): when it yields no article, it is
   * read again as plain text, which it may well be (a text browser's dump with bullet lists).
   */
  readonly plainTextIfNoArticle: boolean;
}

/** Finds headline, body and the other facts in the text of one format, within the deadline. */
export type ArticleExtractor = (text: string, deadline: ParseDeadline) => ExtractedHtml;

/**
 * A plain-text page's body lines are chosen by the model train-body.ts fits (body-weights.ts):
 * cross-validated on the development pages it beats the hand rules on text-browser dumps and on
 * GN1. HTML keeps the rules' choice over its own blocks, which the model was not fitted on.
 */
export const extractFromPlainText: ArticleExtractor = (text, deadline) => ({ ...extractFromText(text, deadline, BODY_WEIGHTS), url: null });

export function readArticleText(bytes: Uint8Array, options: ParseOptions, deadline: ParseDeadline): ArticleText {
  const text = decodeArticleBytes(bytes, options.maxBytes ?? DEFAULT_MAX_ARTICLE_BYTES, options.contentType);
  deadline.check('decoding');
  const format = detectFormat(text, options.fileName);
  return { text, format, plainTextIfNoArticle: format === 'markdown' && !isDeclaredMarkdown(text, options.fileName) };
}

/**
 * The longest headline, source and byline stored: longer than any real one, short enough that
 * an article's index entry always fits one DynamoDB item (a 5 MB <title> would not).
 */
const MAX_HEADLINE_CHARS = 400;
const MAX_NAME_CHARS = 200;

const capped = (value: string | null, maxLength: number) => (value === null ? null : truncateAtWord(value, maxLength));

/** Extracts with the format's extractor, then lets the object's metadata (set by the editor) override what was found. */
export function articleFromText(source: ArticleText, extract: ArticleExtractor, options: ParseOptions, deadline: ParseDeadline): ParsedArticle {
  let extracted: ExtractedHtml;
  try {
    extracted = extract(source.text, deadline);
  } catch (error) {
    if (!(source.plainTextIfNoArticle && error instanceof NoArticleFoundError)) throw error;
    return articleFromText({ text: source.text, format: 'text', plainTextIfNoArticle: false }, extractFromPlainText, options, deadline);
  }
  deadline.check('extracting the article');
  const metadata = options.metadata ?? {};
  const body = extracted.body;
  // The same count as countWords(body.join(' ')) (no word spans a paragraph break), from the
  // paragraphs' memoised measurements rather than by listing every word of the body again.
  const wordCount = body.reduce((sum, paragraph) => sum + lineFeatures(paragraph).words, 0);
  return {
    headline: truncateAtWord(extracted.headline, MAX_HEADLINE_CHARS),
    source: capped(metadata.source?.trim() || extracted.source, MAX_NAME_CHARS),
    published: normalisePublished(metadata.published) ?? extracted.published,
    byline: capped(extracted.byline, MAX_NAME_CHARS),
    url: httpUrlOrNull(metadata.url) ?? httpUrlOrNull(extracted.url),
    body,
    summary: summarise(body),
    wordCount,
    format: source.format,
    language: detectLanguage([extracted.headline, ...body]),
  };
}
