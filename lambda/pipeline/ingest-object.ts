import { ArticleError } from '../article/article-error.js';
import type { ArticleMetadata, ParsedArticle } from '../article/parsed-article.js';
import { parseArticleOnDemand } from '../article/parse-article-on-demand.js';
import type { Logger } from '../log.js';
import type { ArticleRepository } from '../store/article-repository.js';
import { articleIdFor, claimKeyFor, PREFIX } from '../store/keys.js';
import type { ObjectStore } from '../store/object-store.js';
import type { RejectionRepository } from '../store/rejection-repository.js';
import type { ArticleOrigin } from '../store/stored-article.js';
import type { CustomTopicMatcher } from '../topics/custom-topic.js';
import type { TopicPrediction } from '../topics/topic.js';

export interface IngestDependencies {
  readonly store: ObjectStore;
  readonly articles: ArticleRepository;
  readonly rejections: RejectionRepository;
  readonly classify: (article: Pick<ParsedArticle, 'headline' | 'body'>) => TopicPrediction;
  /** Operator-defined keyword topics (config/topics.json). */
  readonly customTopics: CustomTopicMatcher;
  /** Below this probability the label is kept but flagged lowConfidence. */
  readonly confidenceThreshold: number;
  readonly maxArticleBytes: number;
  readonly logger: Logger;
  readonly now?: () => Date;
}

export type IngestResult =
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
 */
export async function ingestObject(origin: ArticleOrigin, deps: IngestDependencies): Promise<IngestResult> {
  const now = deps.now ?? (() => new Date());
  if (!origin.key.startsWith(PREFIX.incoming) || origin.key.endsWith('/')) {
    return { status: 'skipped', reason: `not an article under ${PREFIX.incoming}: ${origin.key}` };
  }
  const articleId = articleIdFor(claimKeyFor(origin));
  if (await deps.articles.isStored(articleId)) {
    return { status: 'duplicate', articleId, key: '' };
  }

  const reject = async (code: string, message: string): Promise<IngestResult> => {
    const rejectionKey = await deps.rejections.record(origin, { code, message }, now());
    deps.logger.warn('article rejected', { articleId, key: origin.key, code, reason: message, rejectionKey });
    return { status: 'rejected', articleId, code, message, rejectionKey };
  };

  const head = await deps.store.head(origin.key, { versionId: origin.versionId });
  if (!head) return { status: 'skipped', reason: `object ${origin.key} no longer exists` };
  if (head.size > deps.maxArticleBytes) {
    return reject('too-large', `the file is ${head.size} bytes; the limit is ${deps.maxArticleBytes} bytes`);
  }
  const object = await deps.store.get(origin.key, { versionId: origin.versionId });
  if (!object) return { status: 'skipped', reason: `object ${origin.key} no longer exists` };

  let parsed: ParsedArticle;
  let prediction: TopicPrediction;
  try {
    parsed = await parseArticleOnDemand(object.body, { fileName: origin.key, metadata: metadataOf(object.metadata), maxBytes: deps.maxArticleBytes });
    prediction = deps.classify(parsed);
  } catch (error) {
    if (error instanceof ArticleError) return reject(error.code, error.message);
    // A parser bug on odd input is still this file's problem: retrying the same bytes cannot help.
    return reject('parse-failed', `the article could not be parsed: ${(error as Error).message ?? String(error)}`);
  }

  const lowConfidence = prediction.confidence < deps.confidenceThreshold;
  const customTopics = deps.customTopics.match(parsed);
  const outcome = await deps.articles.put(
    { ...parsed, id: articleId, topic: { label: prediction.label, confidence: prediction.confidence, lowConfidence }, customTopics, origin },
    now(),
  );
  deps.logger.info(outcome.status === 'stored' ? 'article stored' : 'article already stored', {
    articleId,
    key: origin.key,
    articleKey: outcome.key,
    topic: prediction.label,
    confidence: Number(prediction.confidence.toFixed(3)),
    lowConfidence,
    customTopics,
    wordCount: parsed.wordCount,
  });
  return { status: outcome.status, articleId, key: outcome.key, topic: prediction.label };
}
