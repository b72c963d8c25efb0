import { ArticleError } from '../article/article-error.js';
import { contentFingerprint, revisionFingerprint } from '../article/content-fingerprint.js';
import type { ArticleMetadata, ParsedArticle } from '../article/parsed-article.js';
import { parseArticleOnDemand } from '../article/parse-article-on-demand.js';
import { ParseDeadline } from '../article/parse-deadline.js';
import type { LogFields, Logger } from '../log.js';
import type { MetricRecorder } from '../metrics/metric-recorder.js';
import type { IndexedArticle } from '../store/article-index.js';
import type { ArticleRepository } from '../store/article-repository.js';
import { isSettled, type ArticleRevision, type DynamoDbArticleRevisions } from '../store/article-revisions.js';
import type { DynamoDbContentClaims } from '../store/content-claims.js';
import { articleIdForKey, PREFIX, uploadIdFor } from '../store/keys.js';
import type { ObjectHead, ObjectStore } from '../store/object-store.js';
import { TransientStoreError } from '../store/store-error.js';
import type { RejectionRepository } from '../store/rejection-repository.js';
import type { ArticleOrigin } from '../store/stored-article.js';
import type { CustomTopicMatcher } from '../topics/custom-topic.js';
import { topicModelReads } from '../topics/model-language.js';
import type { TopicPrediction } from '../topics/topic.js';
import { indexEntryOf } from './index-entry.js';

export interface IngestDependencies {
  readonly store: ObjectStore;
  readonly articles: ArticleRepository;
  /** The per-day article index digests read (DynamoDbArticleIndex): an entry per stored article. */
  readonly articleIndex: {
    /**
     * `indexedAt`: now, when the entry is written (readers' delivery watermarks count in it; an
     * entry keeps the first one). 'superseded': a later revision's entry is there.
     */
    put(article: IndexedArticle, indexedAt: Date, revision: number): Promise<'written' | 'superseded'>;
  };
  /** Each article's current revision: which upload to its key it is (DynamoDbArticleRevisions). */
  readonly revisions: Pick<DynamoDbArticleRevisions, 'current' | 'commit' | 'markPublished' | 'markDuplicate'>;
  /** Which article each normalised body belongs to (DynamoDbContentClaims). */
  readonly contentClaims: Pick<DynamoDbContentClaims, 'claim'>;
  readonly rejections: RejectionRepository;
  readonly classify: (article: Pick<ParsedArticle, 'headline' | 'body'>) => TopicPrediction;
  /** Operator-defined keyword topics (config/topics.json). */
  readonly customTopics: CustomTopicMatcher;
  /** Below this probability, or for an article in a language the model was not trained on, the label is kept but flagged lowConfidence. */
  readonly confidenceThreshold: number;
  readonly maxArticleBytes: number;
  readonly logger: Logger;
  /** Counts stored, updated, duplicate, rejected and failed articles. @default nothing recorded */
  readonly metrics?: MetricRecorder;
  readonly now?: () => Date;
  /**
   * A fresh time budget for parsing one file: past it the file is rejected as too-complex, so one
   * file cannot hold up the batch past the function's timeout. @default DEFAULT_PARSE_BUDGET_MS
   */
  readonly parseDeadline?: () => ParseDeadline;
}

/**
 * Why a file is not stored again: its own event came again (`redelivered`), another article holds
 * its body (`same-body`), or it is its key's article unchanged (`unchanged`).
 */
type DuplicateReason = 'redelivered' | 'same-body' | 'unchanged';

type IngestResult =
  | { readonly status: 'stored' | 'updated'; readonly articleId: string; readonly key: string; readonly revision: number; readonly topic: string }
  | { readonly status: 'duplicate'; readonly articleId: string; readonly reason: DuplicateReason }
  | { readonly status: 'rejected'; readonly articleId: string; readonly code: string; readonly message: string; readonly rejectionKey: string }
  | { readonly status: 'skipped'; readonly reason: string };

/** Rounds of the revision compare-and-swap before a key that keeps changing is left to the queue's retry. */
const MAX_COMMIT_ROUNDS = 4;

/** Reads x-amz-meta-source / -url / -published (the SDK lower-cases metadata names). */
function metadataOf(metadata: Readonly<Record<string, string>>): ArticleMetadata {
  const pick = (name: string) => {
    const value = metadata[name]?.trim();
    return value ? value : undefined;
  };
  return { source: pick('source'), url: pick('url'), published: pick('published') };
}

/**
 * One dropped object → one stored or updated article, a duplicate, or one rejection. An article is
 * the latest text of its key (articleIdForKey): a changed upload to the key updates it; one body is
 * one article, whatever key it comes under (a content claim per normalised body). Idempotent: a
 * redelivered event ends as 'duplicate', and a retry after a failure completes what the first
 * attempt claimed. Permanent input problems become rejections (acknowledged); store trouble is
 * thrown so the queue retries the record. Every call writes exactly one log line about the object
 * (its outcome) and counts it.
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
      articleId: articleIdForKey(origin),
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
    case 'updated':
      deps.metrics?.add('ArticlesUpdated', 1);
      deps.logger.info('article updated', { outcome: 'updated', ...where, articleId: result.articleId, ...fields });
      break;
    case 'duplicate':
      deps.metrics?.add('ArticlesDuplicate', 1);
      deps.logger.info('article already stored', { outcome: 'duplicate', ...where, articleId: result.articleId, reason: result.reason, ...fields });
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

/** uploadIdFor the object version `found` describes (a HEAD or GET of the dropped key). */
function uploadOf(origin: ArticleOrigin, found: Pick<ObjectHead, 'versionId' | 'etag'>): string {
  return uploadIdFor({ bucket: origin.bucket, key: origin.key, versionId: found.versionId, etag: found.etag });
}

/**
 * The revision an upload is written as; `unchanged`: it says what the revision it replaced said (the
 * same file again), so it is written like any revision and reported as a duplicate.
 */
type RevisionClaim = { readonly kind: 'revision'; readonly revision: ArticleRevision; readonly unchanged: boolean } | { readonly kind: 'superseded' };

/**
 * The revision this upload is written as: its own (committed by an earlier attempt); an unsettled
 * current revision with the same text (its upload's attempt failed; writing it again writes the
 * same); or a new one, committed with a compare-and-swap on the number only while this upload is
 * the key's current object, checked after reading the revision it replaces. So whatever order events
 * come in, the last commit is the newest upload; an older upload gets 'superseded' (its successor's
 * own event brings the successor).
 */
async function claimRevision(
  articleId: string,
  upload: string,
  parsed: ParsedArticle,
  origin: ArticleOrigin,
  deps: IngestDependencies,
  now: Date,
  /** The revision read before the object was: the first round starts from it (a stale one only fails the commit). */
  readBefore: ArticleRevision | null,
): Promise<RevisionClaim> {
  const fingerprints = { contentFingerprint: contentFingerprint(parsed), revisionFingerprint: revisionFingerprint(parsed) };
  for (let round = 0; round < MAX_COMMIT_ROUNDS; round++) {
    const current = round === 0 ? readBefore : await deps.revisions.current(articleId);
    if (current?.upload === upload) return { kind: 'revision', revision: current, unchanged: false };
    const sameText = current !== null && current.revisionFingerprint === fingerprints.revisionFingerprint;
    if (current && sameText && !isSettled(current)) return { kind: 'revision', revision: current, unchanged: false };
    const latest = await deps.store.head(origin.key);
    if (!latest || uploadOf(origin, latest) !== upload) return { kind: 'superseded' };
    // No revision yet: normally a new article; an object already in the bucket means the table was created anew.
    const stored = current ? null : await deps.articles.storedRevision(articleId);
    const committed = await deps.revisions.commit(articleId, current, { upload, ...fingerprints }, now, stored);
    if (committed) return { kind: 'revision', revision: committed, unchanged: sameText && current?.published === current?.number };
  }
  throw new TransientStoreError(`uploads to ${origin.key} kept racing for article ${articleId}; retried later`);
}

async function ingestOnce(origin: ArticleOrigin, deps: IngestDependencies): Promise<IngestResult> {
  const now = deps.now ?? (() => new Date());
  if (!origin.key.startsWith(PREFIX.incoming) || origin.key.endsWith('/')) {
    return report({ status: 'skipped', reason: `not an article under ${PREFIX.incoming}: ${origin.key}` }, origin, deps);
  }
  const articleId = articleIdForKey(origin);
  const duplicate = (of: string, reason: DuplicateReason): IngestResult => report({ status: 'duplicate', articleId: of, reason }, origin, deps);
  const reject = async (code: string, message: string): Promise<IngestResult> => {
    const rejectionKey = await deps.rejections.record(origin, { code, message }, now());
    return report({ status: 'rejected', articleId, code, message, rejectionKey }, origin, deps);
  };
  const skip = (reason: string): IngestResult => report({ status: 'skipped', reason }, origin, deps, { articleId });
  const gone = () => skip(`object ${origin.key} no longer exists`);
  const superseded = () => skip(`a later upload of ${origin.key} replaced this one; its own event brings it`);

  const head = await deps.store.head(origin.key, { versionId: origin.versionId });
  if (!head) return gone();
  // A redelivered event whose upload is settled: nothing to read or parse.
  const settled = await deps.revisions.current(articleId);
  if (settled?.upload === uploadOf(origin, head) && isSettled(settled)) {
    return settled.duplicateOf ? duplicate(settled.duplicateOf, 'same-body') : duplicate(articleId, 'redelivered');
  }
  if (head.size > deps.maxArticleBytes) {
    return reject('too-large', `the file is ${head.size} bytes; the limit is ${deps.maxArticleBytes} bytes`);
  }
  const object = await deps.store.get(origin.key, { versionId: origin.versionId });
  if (!object) return gone();

  let parsed: ParsedArticle;
  let prediction: TopicPrediction;
  try {
    const deadline = deps.parseDeadline?.() ?? new ParseDeadline();
    parsed = await parseArticleOnDemand(object.body, {
      fileName: origin.key,
      metadata: metadataOf(object.metadata),
      contentType: object.contentType,
      maxBytes: deps.maxArticleBytes,
      deadline,
    });
    prediction = deps.classify(parsed);
  } catch (error) {
    if (error instanceof ArticleError) return reject(error.code, error.message);
    // A parser bug on odd input is still this file's problem: retrying the same bytes cannot help.
    return reject('parse-failed', `the article could not be parsed: ${(error as Error).message ?? String(error)}`);
  }

  // The upload is the version actually read (on a bucket without versioning, a put since the HEAD wins).
  const claim = await claimRevision(articleId, uploadOf(origin, object), parsed, origin, deps, now(), settled);
  if (claim.kind === 'superseded') return superseded();
  const { revision, unchanged } = claim;
  if (revision.duplicateOf) return duplicate(revision.duplicateOf, 'same-body');
  if (revision.published === revision.number) return duplicate(articleId, 'redelivered');
  // The body is claimed after the revision is committed, so a claim always names an article whose
  // revision with that body is committed and will be completed (by this attempt or its retry).
  const owner = await deps.contentClaims.claim(revision.contentFingerprint, articleId, now());
  if (owner !== articleId) {
    await deps.revisions.markDuplicate(articleId, revision.number, owner);
    return duplicate(owner, 'same-body');
  }

  // In a language the model was not trained on, its best label is a guess however probable it looks.
  const lowConfidence = prediction.confidence < deps.confidenceThreshold || !topicModelReads(parsed.language);
  const customTopics = deps.customTopics.match(parsed);
  const topic = { label: prediction.label, confidence: prediction.confidence, lowConfidence };
  const outcome = await deps.articles.put({ ...parsed, id: articleId, revision: revision.number, topic, customTopics, origin }, now());
  if (outcome.status === 'superseded') return superseded();
  // After the object (the record of truth): an entry never points at an article that is not there.
  // The story features are computed here, once, so no digest run processes the text again.
  const indexed = await deps.articleIndex.put(indexEntryOf({ ...parsed, id: articleId, topic, customTopics, storedAt: outcome.storedAt }), now(), revision.number);
  if (indexed === 'superseded') return superseded();
  await deps.revisions.markPublished(articleId, revision.number);
  if (unchanged) return duplicate(articleId, 'unchanged');
  const status = revision.published === null ? 'stored' : 'updated';
  return report({ status, articleId, key: outcome.key, revision: revision.number, topic: prediction.label }, origin, deps, {
    articleKey: outcome.key,
    revision: revision.number,
    topic: prediction.label,
    confidence: Number(prediction.confidence.toFixed(3)),
    lowConfidence,
    customTopics,
    language: parsed.language,
    wordCount: parsed.wordCount,
  });
}
