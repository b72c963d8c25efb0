import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { realClock } from '../time.js';
import { dynamoDbStoreError } from './dynamodb-store-error.js';
import { StoreError } from './store-error.js';

type Item = Record<string, unknown>;

/** DynamoDB's cap on keys per BatchGetItem. */
const BATCH_GET_KEYS = 100;
/** Rounds of retrying keys a BatchGetItem left unprocessed (throttling) before giving up. */
const BATCH_GET_ROUNDS = 8;

/**
 * The items at `keys`, strongly consistent, 100 keys a BatchGetItem; keys DynamoDB leaves
 * unprocessed are retried with backoff. Absent items are simply not in the answer; order is not kept.
 */
export async function batchGetItems(client: DynamoDBDocumentClient, tableName: string, keys: readonly Item[], operation: string): Promise<Item[]> {
  const items: Item[] = [];
  for (let offset = 0; offset < keys.length; offset += BATCH_GET_KEYS) {
    let pending: Item[] = keys.slice(offset, offset + BATCH_GET_KEYS);
    for (let round = 0; pending.length > 0; round++) {
      if (round >= BATCH_GET_ROUNDS) throw new StoreError('throttled', `${operation}: DynamoDB left ${pending.length} read(s) unprocessed ${BATCH_GET_ROUNDS} times`);
      if (round > 0) await realClock.sleep(Math.random() * 50 * 2 ** round);
      try {
        const answer = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }));
        items.push(...(answer.Responses?.[tableName] ?? []));
        pending = (answer.UnprocessedKeys?.[tableName]?.Keys as Item[] | undefined) ?? [];
      } catch (error) {
        throw dynamoDbStoreError(operation, error);
      }
    }
  }
  return items;
}
