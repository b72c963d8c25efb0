import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ARTICLE_INDEX_PARTITION_KEY, ARTICLE_INDEX_SORT_KEY, CONTENT_CLAIM_PARTITION_PREFIX, CONTENT_CLAIM_SORT } from './article-index-table.js';
import { dynamoDbStoreError as toStoreError, isConditionalCheckFailure } from './dynamodb-store-error.js';
import { CorruptRecordError, TransientStoreError } from './store-error.js';

/**
 * Which article each normalised body (its content fingerprint) belongs to: one item per body in
 * the article index table, written once with a conditional PutItem, so of two drops of one text,
 * however close together, exactly one article holds it. Claims do not expire and are never moved:
 * an article keeps the bodies of its earlier revisions too, so an old version dropped again under
 * another key is still a copy of it.
 */
export class DynamoDbContentClaims {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  private key(fingerprint: string) {
    return { [ARTICLE_INDEX_PARTITION_KEY]: `${CONTENT_CLAIM_PARTITION_PREFIX}${fingerprint}`, [ARTICLE_INDEX_SORT_KEY]: CONTENT_CLAIM_SORT };
  }

  /**
   * Claims the body for `articleId` unless an article holds it already; answers the id of the
   * article that holds it (`articleId` itself when this claim won or an earlier attempt made it).
   */
  async claim(fingerprint: string, articleId: string, now: Date): Promise<string> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...this.key(fingerprint), articleId, claimedAt: now.toISOString() },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': ARTICLE_INDEX_PARTITION_KEY },
        }),
      );
      return articleId;
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw toStoreError(`claim content ${fingerprint}`, error);
    }
    let owner: unknown;
    try {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: this.key(fingerprint), ConsistentRead: true }));
      if (!Item) throw new TransientStoreError(`content claim ${fingerprint} refused the write but is not there: try again`);
      owner = Item['articleId'];
    } catch (error) {
      if (error instanceof TransientStoreError) throw error;
      throw toStoreError(`read content claim ${fingerprint}`, error);
    }
    if (typeof owner !== 'string' || owner.length === 0) throw new CorruptRecordError(`content claim ${fingerprint}`);
    return owner;
  }
}
