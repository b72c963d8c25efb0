import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ARTICLE_INDEX_PARTITION_KEY, ARTICLE_INDEX_SORT_KEY, ARTICLE_INDEX_TTL_ATTRIBUTE, INSTANT_RUN_PARTITION, INSTANT_RUN_SORT } from './article-index-table.js';
import { dynamoDbStoreError as toStoreError, isConditionalCheckFailure as isConditionFailure } from './dynamodb-store-error.js';
import { TransientStoreError } from './store-error.js';

/**
 * How long a pending marker is trusted. Past this the run it announced is presumed lost (its
 * invocation dropped after Lambda's retries) and the next batch triggers another. It must outlast
 * the longest a genuine run can take to start: queued behind a running digest (15-minute timeout)
 * plus the run's own wait for quiet (at most INSTANT_RUN_MAX_WAIT_MS).
 */
export const INSTANT_RUN_STALE_AFTER_MS = 20 * 60_000;
/** A run starts once no batch has asked for one for this long ... */
export const INSTANT_RUN_QUIET_MS = 10_000;
/** ... or once the first request is this old, whichever comes first (a long burst still gets digests). */
export const INSTANT_RUN_MAX_WAIT_MS = 60_000;

/** The marker as stored: when the first batch asked for a run and when the latest did. */
export interface PendingInstantRun {
  readonly token: string;
  readonly pendingSince: string;
  readonly lastRequestAt: string;
}

/** The batch that created the marker invokes the digest; every other batch finds it pending. */
export type InstantRunRequest = { readonly invoke: true; readonly token: string } | { readonly invoke: false };

/**
 * "An instant run is pending": one item in the article index table (reserved partition), so
 * however many ingest batches finish, at most one instant digest invocation is pending. A batch
 * creates it with a conditional PutItem (only the creator invokes the digest) or, finding it,
 * records that it asked too (the run waits for those requests to go quiet). The run deletes it
 * when it starts, so articles stored during the run trigger the next one.
 */
export class InstantRunMarker {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
    private readonly staleAfterMs: number = INSTANT_RUN_STALE_AFTER_MS,
  ) {}

  private readonly key = { [ARTICLE_INDEX_PARTITION_KEY]: INSTANT_RUN_PARTITION, [ARTICLE_INDEX_SORT_KEY]: INSTANT_RUN_SORT };

  /** Called after a batch stored articles: whether this batch must invoke the digest. */
  async request(now: Date): Promise<InstantRunRequest> {
    const staleBefore = new Date(now.getTime() - this.staleAfterMs).toISOString();
    // Two writes can interleave with a run deleting the marker; each lost race is retried, and
    // every round ends in one of the two decisions. Four rounds only go by under a storm of runs.
    for (let round = 0; round < 4; round++) {
      const token = randomUUID();
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...this.key,
              token,
              pendingSince: now.toISOString(),
              lastRequestAt: now.toISOString(),
              // Only cleanup: DynamoDB's TTL deletes within days. The staleness check below decides.
              [ARTICLE_INDEX_TTL_ATTRIBUTE]: Math.floor((now.getTime() + 2 * this.staleAfterMs) / 1000),
            },
            ConditionExpression: 'attribute_not_exists(#pk) OR #pendingSince < :staleBefore',
            ExpressionAttributeNames: { '#pk': ARTICLE_INDEX_PARTITION_KEY, '#pendingSince': 'pendingSince' },
            ExpressionAttributeValues: { ':staleBefore': staleBefore },
          }),
        );
        return { invoke: true, token };
      } catch (error) {
        if (!isConditionFailure(error)) throw toStoreError('request instant run', error);
      }
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: this.key,
            UpdateExpression: 'SET #lastRequestAt = :now',
            // Still there and still trusted; otherwise go round and create it.
            ConditionExpression: 'attribute_exists(#pk) AND #pendingSince >= :staleBefore',
            ExpressionAttributeNames: { '#pk': ARTICLE_INDEX_PARTITION_KEY, '#pendingSince': 'pendingSince', '#lastRequestAt': 'lastRequestAt' },
            ExpressionAttributeValues: { ':staleBefore': staleBefore, ':now': now.toISOString() },
          }),
        );
        return { invoke: false };
      } catch (error) {
        if (!isConditionFailure(error)) throw toStoreError('note instant run request', error);
      }
    }
    throw new TransientStoreError('the instant-run marker kept changing under this batch; the batch will be retried');
  }

  /** The invoke failed: remove our marker (only ours) so the next batch triggers again. */
  async withdraw(token: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: this.key,
          ConditionExpression: '#token = :token',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: { ':token': token },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw toStoreError('withdraw instant run', error);
    }
  }

  async read(): Promise<PendingInstantRun | null> {
    try {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: this.key, ConsistentRead: true }));
      if (!Item) return null;
      return { token: String(Item['token']), pendingSince: String(Item['pendingSince']), lastRequestAt: String(Item['lastRequestAt']) };
    } catch (error) {
      throw toStoreError('read instant run marker', error);
    }
  }

  /**
   * The run starts: delete the marker whatever it holds. Every batch that found it pending had
   * stored its articles before, so this run's (strongly consistent) read sees them; a batch after
   * this delete creates a new marker and invokes the next run.
   */
  async clear(): Promise<void> {
    try {
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: this.key }));
    } catch (error) {
      throw toStoreError('clear instant run marker', error);
    }
  }
}
