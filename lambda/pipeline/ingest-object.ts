import { ArticleError } from '../article/article-error.js';
import type { ArticleMetadata, ParsedArticle } from '../article/parsed-article.js';
import { parseArticleOnDemand } from '../article/parse-article-on-demand.js';
import { ParseDeadline } from '../article/parse-deadline.js';
import type { LogFields, Logger } from '../log.js';
import type { MetricRecorder } from '../metrics/metric-recorder.js';
import type { IndexedArticle } from '../store/article-index.js';
import type { ArticleRepository } from '../store/article-repository.js';
import { articleIdFor, claimKeyFor, PREFIX } from '../store/keys.js';
import type { ObjectStore } from '../store/object-store.js';
import type { RejectionRepository } from '../store/rejection-repository.js';
import type { ArticleOrigin } from '../store/stored-article.js';
import type { CustomTopicMatcher } from '../topics/custom-topic.js';
import type { TopicPrediction } from '../topics/topic.js';
import { indexEntryOf } from './index-entry.js';

export interface IngestDependencies {
  readonly store: ObjectStore;
  readonly articles: ArticleRepository;
  /** The per-day article index digests read (DynamoDbArticleIndex): an entry per stored article. */
  readonly articleIndex: {
    /** `indexedAt`: now, when the entry is written (readers' delivery watermarks count in it). */
    put(article: IndexedArticle, indexedAt: Date): Promise<void>;
    has(storedAt: string, articleId: string): Promise<boolean>;
  };
  readonly rejections: RejectionRepository;
  readonly classify: (article: Pick<ParsedArticle, 'headline' | 'body'>) => TopicPrediction;
  /** Operator-defined keyword topics (config/topics.json). */
  readonly customTopics: CustomTopicMatcher;
  /** Below this probability the label is kept but flagged lowConfidence. */
  readonly confidenceThreshold: number;
  readonly maxArticleBytes: number;
  readonly logger: Logger;
  /** Counts stored, duplicate, rejected and failed articles. @default nothing recorded */
  readonly metrics?: MetricRecorder;
  readonly now?: () => Date;
  /**
   * A fresh time budget for parsing one file: past it the file is rejected as too-complex, so one
   * file cannot hold up the batch past the function's timeout. @default DEFAULT_PARSE_BUDGET_MS
   */
  readonly parseDeadline?: () => ParseDeadline;
}

type IngestResult =
  | { readonly status: 'stored' | 'duplicate'; readonly articleId: string; readonly key: string; readonly topic?: string }
  | { readonly status: 'rejected'; readonly articleId: string; readonly code: string; readonly message: string; readonly rejectionKey: string }
  | { readonly status: 'skipped'; readonly reason: string };

/** Reads x-amz-meta-source / -url / -published (the SDK lower-cases metadata names). */
function metadataOf(metadata: Readonly<Record<string, string>>): ArticleMetadata {
  const pick = (name: string) => {
    const value = metadata[name]?.trim();
    return value ? value : undefined;
  };
  return { source: pick('source'), url: pick('url'), published: pick('published') };
}

/**
 * One dropped object → one stored article or one rejection. Idempotent: the article id comes
 * from the claim key, so redelivered events end as 'duplicate'. Permanent input problems become
 * rejections (acknowledged); store trouble is thrown so the queue retries the record.
 * Every call writes exactly one log line about the object (its outcome) and counts it.
 */
export async function ingestObject(origin: ArticleOrigin, deps: IngestDependencies): Promise<IngestResult> {
  try {
    return await ingestOnce(origin, deps);
  } catch (error) {
    deps.metrics?.add('ArticlesFailed', 1);
    deps.logger.error('article failed, will be retried', {
      outcome: 'failed',
      bucket: origin.bucket,
      key: origin.key,
      articleId: articleIdFor(claimKeyFor(origin)),
      error,
    });
    throw error;
  }
}

/** The outcome line and metric of one object; `fields` adds what only the outcome's path knows. */
function report(result: IngestResult, origin: ArticleOrigin, deps: IngestDependencies, fields: LogFields = {}): IngestResult {
  const where = { bucket: origin.bucket, key: origin.key };
  switch (result.status) {
    case 'stored':
      deps.metrics?.add('ArticlesParsed', 1);
      deps.logger.info('article stored', { outcome: 'stored', ...where, articleId: result.articleId, ...fields });
      break;
    case 'duplicate':
      deps.metrics?.add('ArticlesDuplicate', 1);
      deps.logger.info('article already stored', { outcome: 'duplicate', ...where, articleId: result.articleId, ...fields });
      break;
    case 'rejected':
      deps.metrics?.add('ArticlesRejected', 1, { code: result.code });
      deps.logger.warn('article rejected', { outcome: 'rejected', ...where, articleId: result.articleId, code: result.code, reason: result.message, rejectionKey: result.rejectionKey });
      break;
    case 'skipped':
      deps.logger.info('article skipped', { outcome: 'skipped', ...where, reason: result.reason, ...fields });
      break;
  }
  return result;
}

async function ingestOnce(origin: ArticleOrigin, deps: IngestDependencies): Promise<IngestResult> {
  const now = deps.now ?? (() => new Date());
  if (!origin.key.startsWith(PREFIX.incoming) || origin.key.endsWith('/')) {
    return report({ status: 'skipped', reason: `not an article under ${PREFIX.incoming}: ${origin.key}` }, origin, deps);
  }
  const articleId = articleIdFor(claimKeyFor(origin));
  // Complete = the object and its index entry. A retry after a crash between the two writes
  // parses again and writes the entry (same key), so no stored article is missing from digests.
  const stored = await deps.articles.storedRecord(articleId);
  if (stored && (await deps.articleIndex.has(stored.storedAt, articleId))) {
    return report({ status: 'duplicate', articleId, key: stored.articleKey }, origin, deps);
  }

  const reject = async (code: string, message: string): Promise<IngestResult> => {
    const rejectionKey = await deps.rejections.record(origin, { code, message }, now());
    return report({ status: 'rejected', articleId, code, message, rejectionKey }, origin, deps);
  };
  const gone = (): IngestResult => report({ status: 'skipped', reason: `object ${origin.key} no longer exists` }, origin, deps, { articleId });

  const head = await deps.store.head(origin.key, { versionId: origin.versionId });
  if (!head) return gone();
  if (head.size > deps.maxArticleBytes) {
    return reject('too-large', `the file is ${head.size} bytes; the limit is ${deps.maxArticleBytes} bytes`);
  }
  const object = await deps.store.get(origin.key, { versionId: origin.versionId });
  if (!object) return gone();

  let parsed: ParsedArticle;
  let prediction: TopicPrediction;
  try {
    const deadline = deps.parseDeadline?.() ?? new ParseDeadline();
    parsed = await parseArticleOnDemand(object.body, { fileName: origin.key, metadata: metadataOf(object.metadata), maxBytes: deps.maxArticleBytes, deadline });
    prediction = deps.classify(parsed);
  } catch (error) {
    if (error instanceof ArticleError) return reject(error.code, error.message);
    // A parser bug on odd input is still this file's problem: retrying the same bytes cannot help.
    return reject('parse-failed', `the article could not be parsed: ${(error as Error).message ?? String(error)}`);
  }

  const lowConfidence = prediction.confidence < deps.confidenceThreshold;
  const customTopics = deps.customTopics.match(parsed);
  const topic = { label: prediction.label, confidence: prediction.confidence, lowConfidence };
  const outcome = await deps.articles.put({ ...parsed, id: articleId, topic, customTopics, origin }, now());
  // After the object (the record of truth): an entry never points at an article that is not there.
  // The story features are computed here, once, so no digest run processes the text again.
  await deps.articleIndex.put(indexEntryOf({ ...parsed, id: articleId, topic, customTopics, storedAt: outcome.storedAt }), now());
  return report({ status: outcome.status, articleId, key: outcome.key, topic: prediction.label }, origin, deps, {
    articleKey: outcome.key,
    topic: prediction.label,
    confidence: Number(prediction.confidence.toFixed(3)),
    lowConfidence,
    customTopics,
    wordCount: parsed.wordCount,
  });
}
