import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ARTICLE_INDEX_PARTITION_KEY, ARTICLE_INDEX_SORT_KEY, ARTICLE_REVISION_PARTITION_PREFIX, ARTICLE_REVISION_SORT } from './article-index-table.js';
import { dynamoDbStoreError as toStoreError, isConditionalCheckFailure } from './dynamodb-store-error.js';
import { CorruptRecordError } from './store-error.js';

/**
 * An article's current revision: the upload to its key that ingest accepted last. Numbers count
 * up from 1; the article object and its index entry carry the number they were written from, so a
 * slow attempt at an older revision can never overwrite a newer one.
 */
export interface ArticleRevision {
  readonly number: number;
  /** uploadIdFor(the object version this revision was read from). */
  readonly upload: string;
  readonly contentFingerprint: string;
  readonly revisionFingerprint: string;
  /** The latest revision whose text was written for readers; null before the first. */
  readonly published: number | null;
  /** Set when this revision's body turned out to belong to another article: nothing of it is written. */
  readonly duplicateOf: string | null;
}

/** The revision is dealt with: written for readers, or found to be a copy of another article. */
export function isSettled(revision: ArticleRevision): boolean {
  return revision.duplicateOf !== null || revision.published === revision.number;
}

function revisionFrom(articleId: string, item: Record<string, unknown>): ArticleRevision {
  const { number, upload, contentFingerprint, revisionFingerprint, published, duplicateOf } = item;
  if (
    typeof number !== 'number' ||
    typeof upload !== 'string' ||
    typeof contentFingerprint !== 'string' ||
    typeof revisionFingerprint !== 'string' ||
    (published !== null && typeof published !== 'number') ||
    (duplicateOf !== null && typeof duplicateOf !== 'string')
  ) {
    throw new CorruptRecordError(`article revision ${articleId}`);
  }
  return { number, upload, contentFingerprint, revisionFingerprint, published, duplicateOf };
}

/**
 * Articles' current revisions, one item per article id in the article index table. A revision is
 * committed with a compare-and-swap on the number (conditional PutItem), so of two uploads racing
 * for one key exactly one commits each number; it is settled by markPublished or markDuplicate,
 * each conditional on the number still being current. Items do not expire: a re-upload of the key
 * months later is still a revision of the same article.
 */
export class DynamoDbArticleRevisions {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  private key(articleId: string) {
    return { [ARTICLE_INDEX_PARTITION_KEY]: `${ARTICLE_REVISION_PARTITION_PREFIX}${articleId}`, [ARTICLE_INDEX_SORT_KEY]: ARTICLE_REVISION_SORT };
  }

  /** The current revision, strongly consistent (a commit a moment ago must be seen); null before the first. */
  async current(articleId: string): Promise<ArticleRevision | null> {
    let item: Record<string, unknown> | undefined;
    try {
      ({ Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: this.key(articleId), ConsistentRead: true })));
    } catch (error) {
      throw toStoreError(`read revision of ${articleId}`, error);
    }
    return item ? revisionFrom(articleId, item) : null;
  }

  /**
   * Commits the next revision after `previous` (null: the first). Answers it, or null when another
   * upload committed first: the caller reads the current revision again and decides anew.
   * `stored`: with no previous revision, the revision of an article object already in the bucket
   * (a table created anew beside the retained bucket); numbering goes on from it.
   */
  async commit(
    articleId: string,
    previous: ArticleRevision | null,
    next: Pick<ArticleRevision, 'upload' | 'contentFingerprint' | 'revisionFingerprint'>,
    now: Date,
    stored: number | null = null,
  ): Promise<ArticleRevision | null> {
    const after = previous ? { number: previous.number, published: previous.published } : { number: stored ?? 0, published: stored };
    const revision: ArticleRevision = { ...next, number: after.number + 1, published: after.published, duplicateOf: null };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...this.key(articleId), ...revision, committedAt: now.toISOString() },
          ConditionExpression: previous ? '#number = :previous' : 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: previous ? { '#number': 'number' } : { '#pk': ARTICLE_INDEX_PARTITION_KEY },
          ...(previous ? { ExpressionAttributeValues: { ':previous': previous.number } } : {}),
        }),
      );
      return revision;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return null;
      throw toStoreError(`commit revision ${revision.number} of ${articleId}`, error);
    }
  }

  /** Revision `number` was written for readers. No effect once a later revision is current. */
  async markPublished(articleId: string, number: number): Promise<void> {
    await this.settle(articleId, number, '#published = :number', { '#published': 'published' }, {});
  }

  /** Revision `number`'s body belongs to `originalId`. No effect once a later revision is current. */
  async markDuplicate(articleId: string, number: number, originalId: string): Promise<void> {
    await this.settle(articleId, number, '#duplicateOf = :original', { '#duplicateOf': 'duplicateOf' }, { ':original': originalId });
  }

  private async settle(articleId: string, number: number, update: string, names: Record<string, string>, values: Record<string, unknown>): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(articleId),
          UpdateExpression: `SET ${update}`,
          ConditionExpression: '#number = :number',
          ExpressionAttributeNames: { ...names, '#number': 'number' },
          ExpressionAttributeValues: { ...values, ':number': number },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw toStoreError(`settle revision ${number} of ${articleId}`, error);
    }
  }
}
