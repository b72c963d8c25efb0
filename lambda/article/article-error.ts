/**
 * Permanent input errors: the file itself is unusable, so retrying cannot help.
 * The ingest handler acknowledges these and writes rejected/<name>.error.json.
 */
type ArticleErrorCode = 'empty' | 'unsupported-content' | 'too-large' | 'no-article' | 'too-complex';

export class ArticleError extends Error {
  constructor(
    readonly code: ArticleErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ArticleError';
  }
}

export class EmptyArticleError extends ArticleError {
  constructor(message = 'the file is empty or holds only whitespace') {
    super('empty', message);
    this.name = 'EmptyArticleError';
  }
}

export class UnsupportedContentError extends ArticleError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('unsupported-content', message, options);
    this.name = 'UnsupportedContentError';
  }
}

export class ArticleTooLargeError extends ArticleError {
  constructor(
    readonly sizeBytes: number,
    readonly maxBytes: number,
  ) {
    super('too-large', `the file is ${sizeBytes} bytes; the limit is ${maxBytes} bytes`);
    this.name = 'ArticleTooLargeError';
  }
}

export class NoArticleFoundError extends ArticleError {
  constructor(message = 'no headline and body could be found in the file') {
    super('no-article', message);
    this.name = 'NoArticleFoundError';
  }
}

/**
 * The file would take more time or memory to parse than one file may: more DOM nodes than the
 * budget allows, or past the per-file time budget. Refused so that its batch-mates are stored.
 */
export class TooComplexError extends ArticleError {
  constructor(message: string) {
    super('too-complex', message);
    this.name = 'TooComplexError';
  }
}
