import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DAY_MS } from '../time.js';
import type { DeliveryState } from './delivery-state.js';
import { DELIVERY_PARTITION_KEY, DELIVERY_RETENTION_DAYS, DELIVERY_SORT_KEY, DELIVERY_STATE_SORT_KEY, DELIVERY_TTL_ATTRIBUTE } from './delivery-table.js';
import { batchGetItems } from './dynamodb-batch-get.js';
import { dynamoDbStoreError, isConditionalCheckFailure } from './dynamodb-store-error.js';

/**
 * Readers' delivery states, one item per reader in the delivery ledger's table (sort key
 * DELIVERY_STATE_SORT_KEY). An item expires DELIVERY_RETENTION_DAYS after its last write, like
 * the ledger's entries: a reader who got nothing for that long has nothing in any look-back window
 * (10 days at most) that they received, so starting again from no state mails nothing twice.
 */
export class DynamoDbDeliveryStates {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  private key(subscriberKey: string) {
    return { [DELIVERY_PARTITION_KEY]: subscriberKey, [DELIVERY_SORT_KEY]: DELIVERY_STATE_SORT_KEY };
  }

  /**
   * The states of the given readers (by subscriberKey), strongly consistent: a state a sender
   * recorded a moment ago must be seen, or a second run could select what it sent. Readers
   * without one are not in the map.
   */
  async loadMany(subscriberKeys: readonly string[]): Promise<Map<string, DeliveryState>> {
    const items = await batchGetItems(this.client, this.tableName, subscriberKeys.map((key) => this.key(key)), 'batch get delivery states');
    return new Map(
      items.map((item) => [
        String(item[DELIVERY_PARTITION_KEY]),
        {
          deliveredThrough: typeof item['deliveredThrough'] === 'string' ? item['deliveredThrough'] : null,
          recentArticleIds: Array.isArray(item['recentArticleIds']) ? (item['recentArticleIds'] as string[]) : [],
        },
      ]),
    );
  }

  /**
   * Records what a digest gave the reader. Conditional: a newer run's state (a later watermark) is
   * never overwritten. Answers 'superseded' when the condition refused the write.
   */
  async record(subscriberKey: string, state: DeliveryState, now = new Date()): Promise<'recorded' | 'superseded'> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(subscriberKey),
          UpdateExpression: 'SET deliveredThrough = :through, recentArticleIds = :recent, #ttl = :expires',
          ConditionExpression: 'attribute_not_exists(deliveredThrough) OR deliveredThrough <= :through',
          ExpressionAttributeNames: { '#ttl': DELIVERY_TTL_ATTRIBUTE },
          ExpressionAttributeValues: {
            ':through': state.deliveredThrough,
            ':recent': state.recentArticleIds,
            ':expires': Math.floor((now.getTime() + DELIVERY_RETENTION_DAYS * DAY_MS) / 1000),
          },
        }),
      );
      return 'recorded';
    } catch (error) {
      if (isConditionalCheckFailure(error)) return 'superseded';
      throw dynamoDbStoreError('record delivery state', error);
    }
  }
}
