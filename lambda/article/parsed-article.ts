import type { ParseDeadline } from './parse-deadline.js';

/** What the article pipeline extracts from one dropped file. Absent facts are null, never guessed. */
export type ArticleFormat = 'text' | 'html' | 'markdown';

/** Facts an editor may attach to the S3 object (x-amz-meta-source / -url / -published). */
export interface ArticleMetadata {
  readonly source?: string;
  readonly url?: string;
  readonly published?: string;
}

export interface ParsedArticle {
  readonly headline: string;
  /** Publisher or agency, e.g. "CCTV.com", "RIA Novosti". */
  readonly source: string | null;
  /** ISO 8601 date (YYYY-MM-DD) or date-time. */
  readonly published: string | null;
  readonly byline: string | null;
  readonly url: string | null;
  /** Body paragraphs in reading order, boilerplate removed. */
  readonly body: readonly string[];
  /** Short extractive summary (first sentences of the body). */
  readonly summary: string;
  readonly wordCount: number;
  readonly format: ArticleFormat;
  /** ISO 639-1 code of the language of headline and body ("en", "ru"); null when not clear. */
  readonly language: string | null;
}

/** Options for parseArticle. */
export interface ParseOptions {
  /** File or object name, used for format hints (.html, .md, .txt). */
  readonly fileName: string;
  readonly metadata?: ArticleMetadata;
  /** The object's Content-Type; its charset parameter names the file's encoding (a BOM still wins). */
  readonly contentType?: string | null;
  /** Upper bound on input size in bytes. @default 5 MiB */
  readonly maxBytes?: number;
  /** When parsing must stop with TooComplexError (ingest gives each file DEFAULT_PARSE_BUDGET_MS). @default no time budget */
  readonly deadline?: ParseDeadline;
}
