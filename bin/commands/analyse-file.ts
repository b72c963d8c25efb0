import { readFile } from 'node:fs/promises';
import { ArticleError } from '../../lambda/article/article-error.js';
import type { ParsedArticle } from '../../lambda/article/parsed-article.js';
import { parseArticleOnDemand } from '../../lambda/article/parse-article-on-demand.js';
import { articleIdFor } from '../../lambda/store/keys.js';
import { sha256Hex } from '../../lambda/text/sha256-hex.js';
import { classifyArticle } from '../../lambda/topics/classify.js';
import type { TopicPrediction } from '../../lambda/topics/topic.js';

export type FileAnalysis =
  | { readonly file: string; readonly ok: true; readonly id: string; readonly article: ParsedArticle; readonly prediction: TopicPrediction }
  | { readonly file: string; readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

/** Parses and classifies one local file the same way the ingest Lambda does. */
export async function analyseFile(file: string): Promise<FileAnalysis> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return { file, ok: false, error: { code: 'unreadable', message: (error as Error).message } };
  }
  try {
    // As the ingest function does: a plain-text file never loads the HTML parser (linkedom is ~40 ms of a start).
    const article = await parseArticleOnDemand(bytes, { fileName: file });
    const prediction = classifyArticle(article);
    // Local files have no claim key; the content hash plays that role.
    return { file, ok: true, id: articleIdFor(`file\n${sha256Hex(Buffer.from(bytes).toString('base64'))}`), article, prediction };
  } catch (error) {
    if (error instanceof ArticleError) return { file, ok: false, error: { code: error.code, message: error.message } };
    return { file, ok: false, error: { code: 'parse-failed', message: (error as Error).message ?? String(error) } };
  }
}

/** The article object of the CLI contract (`newsdrop parse`). */
export function articleJson(analysis: Extract<FileAnalysis, { ok: true }>) {
  const { article, prediction } = analysis;
  return {
    id: analysis.id,
    headline: article.headline,
    source: article.source,
    published: article.published,
    byline: article.byline,
    body: article.body,
    summary: article.summary,
    wordCount: article.wordCount,
    topic: { label: prediction.label, confidence: Number(prediction.confidence.toFixed(4)) },
  };
}
