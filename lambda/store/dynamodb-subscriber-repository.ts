import { DeleteCommand, GetCommand, QueryCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TOPIC_LABELS } from '../topics/topic.js';
import { dynamoDbStoreError, isConditionalCheckFailure } from './dynamodb-store-error.js';
import { addressHash } from './keys.js';
import type { AddressHashes } from './subscriber-file.js';
import { StoreError } from './store-error.js';
import { batchGetItems } from './dynamodb-batch-get.js';
import type { Cadence, Subscriber, SubscriberRecord, SubscriberRow, SubscriberStatus } from './subscriber.js';
import {
  ACTIVE_CADENCE_ATTRIBUTE,
  ACTIVE_CADENCE_INDEX,
  ACTIVE_CADENCE_SHARDS,
  activeCadenceKey,
  activeCadenceShardOf,
  SUBSCRIBER_PARTITION_KEY,
} from './subscriber-table.js';
import { inParallel } from '../in-parallel.js';
import { SIGNUP_MAIL_COUNT_ATTRIBUTE, SIGNUP_MAIL_DAY_ATTRIBUTE } from './subscriber-signups.js';

/** What an import did, row by row. */
export interface ImportSummary {
  readonly rows: number;
  /** Addresses new to the table: active from now on. */
  readonly created: number;
  /** Active readers whose name, topics, cadence (…) were rewritten. */
  readonly updated: number;
  /** Unsubscribed, suppressed, pending or paused readers: details rewritten, status left as it was. */
  readonly statusKept: number;
  /** Active readers not in the file, deleted (only with `replace`). */
  readonly removed: number;
}

export interface ImportOptions {
  readonly now?: Date;
  /**
   * The file is the whole list: active readers not in it are deleted, as leaving someone out of
   * config/subscribers.json stopped their mail before. Unsubscribed and suppressed items stay, so
   * the address stays unsubscribed if it is imported again later. @default false (add and update only)
   */
  readonly replace?: boolean;
  /** Topics to add to a row's stopped topics in the same write (the S3 marker migration). */
  readonly stoppedTopics?: ReadonlyMap<string, readonly string[]>;
  /** Writes in flight at once. @default IMPORT_CONCURRENCY */
  readonly concurrency?: number;
  /**
   * With `replace`: the address hashes of every row, when the caller already has them (a checked
   * file, see subscriber-file.ts), so the rows are not collected a second time. @default the rows' hashes
   */
  readonly addressHashes?: AddressHashes;
}

/**
 * Writes in flight during an import: a million rows at ~8 ms a write take ~3 minutes, within the
 * function's 15, and stay under the SDK's 50 sockets.
 */
const IMPORT_CONCURRENCY = 48;
/** Rows read ahead of the writes: enough to keep `concurrency` writes busy, never the whole list. */
const IMPORT_BATCH_ROWS = 512;

export interface SubscriberPage {
  readonly subscribers: SubscriberRecord[];
  /** Pass back for the next page; null after the last. Opaque. */
  readonly cursor: string | null;
}

/** One page of a shard of a cadence's active readers: their address hashes and timezones only. */
export interface ActiveShardPage {
  readonly addressHashes: string[];
  /** Each reader's timezone, in the order of addressHashes; undefined where they gave none (the operator's default applies). */
  readonly timeZones: (string | undefined)[];
  /** Pass back for the next page of the same shard; null after its last. Opaque. */
  readonly cursor: string | null;
}

/** The write that changed a reader's status, or why it did not. */
export type StatusChange = 'changed' | 'unchanged';

type Item = Record<string, unknown>;

function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeCursor<T>(cursor: string): T {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as T;
  } catch (error) {
    throw new StoreError('invalid-cursor', 'the page cursor is not one this repository handed out', { cause: error });
  }
}

/** The stored item as the rest of newsdrop knows it: no index attribute, stopped topics as a sorted array. */
function toRecord(item: Item): SubscriberRecord {
  // The signup mail count is the endpoint's bookkeeping, not part of the reader.
  const { [ACTIVE_CADENCE_ATTRIBUTE]: _indexKey, [SIGNUP_MAIL_DAY_ATTRIBUTE]: _mailDay, [SIGNUP_MAIL_COUNT_ATTRIBUTE]: _mailCount, stoppedTopics, ...rest } = item;
  const stopped = stoppedTopics instanceof Set ? [...(stoppedTopics as Set<string>)].sort() : undefined;
  return { ...(rest as unknown as SubscriberRecord), ...(stopped ? { stoppedTopics: stopped } : {}) };
}

/**
 * The topics a digest sends a reader: theirs minus the ones they stopped. "*" means every built-in
 * topic, so stopping one of them turns "*" into the rest. Null when nothing is left.
 */
export function effectiveTopics(topics: readonly string[], stoppedTopics: readonly string[] = []): string[] | null {
  const stopped = new Set(stoppedTopics);
  const chosen = topics.includes('*') && stopped.size > 0 ? [...TOPIC_LABELS, ...topics.filter((topic) => topic !== '*')] : [...topics];
  const left = chosen.filter((topic) => !stopped.has(topic));
  return left.length > 0 ? left : null;
}

/**
 * The reader as a run of `cadence` mails them, or null when it must not: not active (any more),
 * another cadence now, or every topic stopped.
 */
export function mailableAs(record: SubscriberRecord, cadence: Cadence): Subscriber | null {
  if (record.status !== 'active' || !record.email || !record.topics || record.cadence !== cadence) return null;
  const topics = effectiveTopics(record.topics, record.stoppedTopics);
  return topics ? { email: record.email, ...(record.name ? { name: record.name } : {}), topics, cadence } : null;
}

/**
 * Readers in the subscriber table (layout in subscriber-table.ts), one item per address hash.
 *
 * Status rules, which every write keeps:
 * - an import or `add` makes a new address active and rewrites an existing reader's details, but
 *   never changes the status of one who is unsubscribed, suppressed, pending or paused: re-importing last
 *   month's file does not mail people who left since;
 * - unsubscribe and suppress are single conditional UpdateItems, idempotent (the first reason and
 *   time stay) and never demote a suppression to an unsubscribe;
 * - only active items carry the index attribute, so a digest run reads active readers only.
 *
 * Each row is its own conditional UpdateItem rather than part of a BatchWriteItem: a batch write
 * cannot carry a condition, and the condition is what keeps an unsubscribe that lands while an
 * import runs from being overwritten with "active".
 */
export class DynamoDbSubscriberRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  private key(hash: string) {
    return { [SUBSCRIBER_PARTITION_KEY]: hash };
  }

  /**
   * Writes already validated rows (see subscriber-file.ts), read as they come: a list of a million
   * rows streams through in batches. Re-running the same import changes nothing more.
   */
  async import(rows: Iterable<SubscriberRow> | AsyncIterable<SubscriberRow>, options: ImportOptions = {}): Promise<ImportSummary> {
    const now = options.now ?? new Date();
    const counts = { created: 0, updated: 0, statusKept: 0, removed: 0 };
    const seen = options.replace && !options.addressHashes ? new Set<string>() : null;
    let rowCount = 0;
    let batch: SubscriberRow[] = [];
    const write = async () => {
      await inParallel(batch, options.concurrency ?? IMPORT_CONCURRENCY, async (row) => {
        const hash = addressHash(row.email);
        seen?.add(hash);
        const outcome = await this.writeRow(row, hash, now, options.stoppedTopics?.get(hash));
        counts[outcome]++;
      });
      rowCount += batch.length;
      batch = [];
    };
    for await (const row of rows) {
      batch.push(row);
      if (batch.length >= IMPORT_BATCH_ROWS) await write();
    }
    await write();
    if (options.replace) counts.removed = await this.removeActiveExcept(options.addressHashes ?? seen ?? new Set());
    return { rows: rowCount, ...counts };
  }

  /** One reader, by the operator: the same rules as one row of an import. */
  async add(row: SubscriberRow, now = new Date()): Promise<'created' | 'updated' | 'statusKept'> {
    return this.writeRow(row, addressHash(row.email), now, undefined);
  }

  private async writeRow(row: SubscriberRow, hash: string, now: Date, stoppedTopics: readonly string[] | undefined): Promise<'created' | 'updated' | 'statusKept'> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ':email': row.email, ':topics': row.topics, ':cadence': row.cadence, ':now': now.toISOString() };
    const sets = ['email = :email', 'topics = :topics', 'cadence = :cadence', 'updatedAt = :now', 'createdAt = if_not_exists(createdAt, :now)'];
    // Fields a row leaves out stay as they are (a timezone the reader chose, consent recorded at signup).
    const optional = { name: row.name, timezone: row.timezone, consentAt: row.consentAt, consentSource: row.consentSource };
    for (const [field, value] of Object.entries(optional)) {
      if (value === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    const add = stoppedTopics && stoppedTopics.length > 0 ? ' ADD stoppedTopics :stopped' : '';
    if (add) values[':stopped'] = new Set(stoppedTopics);
    const update = (extraSets: string[], extraValues: Record<string, unknown>, condition: string) =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(hash),
          UpdateExpression: `SET ${[...sets, ...extraSets].join(', ')}${add}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ...values, ...extraValues },
          ReturnValues: 'ALL_OLD',
        }),
      );
    // New or active (or an item holding only migrated preferences, without a status): active, indexed under its cadence.
    // Otherwise: details only. A status that changes between the two attempts sends us round again.
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const { Attributes: previous } = await update(
          ['#status = :active', `${ACTIVE_CADENCE_ATTRIBUTE} = :activeCadence`, 'statusAt = if_not_exists(statusAt, :now)'],
          { ':active': 'active', ':activeCadence': activeCadenceKey(row.cadence, activeCadenceShardOf(hash)) },
          'attribute_not_exists(#status) OR #status = :active',
        );
        return previous?.['status'] ? 'updated' : 'created';
      } catch (error) {
        if (!isConditionalCheckFailure(error)) throw dynamoDbStoreError(`import ${hash}`, error);
      }
      try {
        await update([], { ':active': 'active' }, 'attribute_exists(#status) AND #status <> :active');
        return 'statusKept';
      } catch (error) {
        if (!isConditionalCheckFailure(error)) throw dynamoDbStoreError(`import ${hash}`, error);
      }
    }
    throw new StoreError('contended', `the status of subscriber ${hash} kept changing during the import; import again`);
  }

  /** Deletes active readers whose hash is not in `keep`; answers how many. */
  private async removeActiveExcept(keep: AddressHashes): Promise<number> {
    let removed = 0;
    let cursor: string | null = null;
    do {
      const page: SubscriberPage = await this.page(cursor);
      const gone = page.subscribers.filter((record) => record.status === 'active' && !keep.has(record.addressHash));
      await inParallel(gone, 16, async (record) => {
        try {
          await this.client.send(
            new DeleteCommand({
              TableName: this.tableName,
              Key: this.key(record.addressHash),
              // Unsubscribed meanwhile: keep the item, it records that.
              ConditionExpression: '#status = :active',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':active': 'active' },
            }),
          );
          removed++;
        } catch (error) {
          if (!isConditionalCheckFailure(error)) throw dynamoDbStoreError(`remove ${record.addressHash}`, error);
        }
      });
      cursor = page.cursor;
    } while (cursor);
    return removed;
  }

  /**
   * Whether any reader was ever imported or added (an item with a cadence, whatever its status).
   * Items written only by an unsubscribe, a suppression or a migrated marker carry no cadence and
   * do not count: the deploy-time migration imports the bucket's list only while this is false.
   * A filtered Scan that stops at the first match: one short page on a populated table.
   */
  async holdsListedReaders(): Promise<boolean> {
    let start: Item | undefined;
    try {
      do {
        const page = await this.client.send(
          new ScanCommand({
            TableName: this.tableName,
            FilterExpression: 'attribute_exists(cadence)',
            ProjectionExpression: '#pk',
            ExpressionAttributeNames: { '#pk': SUBSCRIBER_PARTITION_KEY },
            ConsistentRead: true,
            Limit: 100,
            ExclusiveStartKey: start,
          }),
        );
        if ((page.Items ?? []).length > 0) return true;
        start = page.LastEvaluatedKey;
      } while (start);
      return false;
    } catch (error) {
      throw dynamoDbStoreError('scan for listed readers', error);
    }
  }

  /** Deletes the reader's item, status included (an erasure request); answers whether there was one. */
  async remove(email: string): Promise<boolean> {
    try {
      const { Attributes } = await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: this.key(addressHash(email)), ReturnValues: 'ALL_OLD' }));
      return Attributes !== undefined;
    } catch (error) {
      throw dynamoDbStoreError('remove', error);
    }
  }

  async get(email: string): Promise<SubscriberRecord | null> {
    try {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: this.key(addressHash(email)), ConsistentRead: true }));
      return Item ? toRecord(Item) : null;
    } catch (error) {
      throw dynamoDbStoreError('get', error);
    }
  }

  /** Every item, any status, page by page (a Scan: for export and listing, not for digest runs). */
  async page(cursor: string | null = null, limit?: number): Promise<SubscriberPage> {
    try {
      const page = await this.client.send(
        new ScanCommand({ TableName: this.tableName, Limit: limit, ExclusiveStartKey: cursor ? decodeCursor<Item>(cursor) : undefined }),
      );
      return { subscribers: (page.Items ?? []).map(toRecord), cursor: page.LastEvaluatedKey ? encodeCursor(page.LastEvaluatedKey) : null };
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw dynamoDbStoreError('scan', error);
    }
  }

  /**
   * One page of one index shard of a cadence's active readers, address hashes and timezones only:
   * what the digest planner hands to senders, and whose local delivery hour it checks. The index
   * projects whole items, so the timezone costs no read units more. Shards are independent, so a
   * planner can start anywhere.
   */
  async pageActiveShard(cadence: Cadence, shard: number, cursor: string | null = null, limit?: number): Promise<ActiveShardPage> {
    try {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: ACTIVE_CADENCE_INDEX,
          KeyConditionExpression: '#shard = :shard',
          ProjectionExpression: '#pk, #tz',
          ExpressionAttributeNames: { '#shard': ACTIVE_CADENCE_ATTRIBUTE, '#pk': SUBSCRIBER_PARTITION_KEY, '#tz': 'timezone' },
          ExpressionAttributeValues: { ':shard': activeCadenceKey(cadence, shard) },
          ExclusiveStartKey: cursor ? decodeCursor<Item>(cursor) : undefined,
          Limit: limit,
        }),
      );
      const items = page.Items ?? [];
      return {
        addressHashes: items.map((item) => String(item[SUBSCRIBER_PARTITION_KEY])),
        timeZones: items.map((item) => (typeof item['timezone'] === 'string' ? item['timezone'] : undefined)),
        cursor: page.LastEvaluatedKey ? encodeCursor(page.LastEvaluatedKey) : null,
      };
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw dynamoDbStoreError(`query active ${cadence} shard ${shard}`, error);
    }
  }

  /**
   * The items of the given readers as they are now (a sender reads its chunk just before mailing:
   * an unsubscribe or a change of cadence since planning is honoured). Absent items are simply
   * not in the answer.
   */
  async loadForDelivery(addressHashes: readonly string[]): Promise<SubscriberRecord[]> {
    const items = await batchGetItems(this.client, this.tableName, addressHashes.map((hash) => this.key(hash)), 'batch get subscribers');
    return items.map(toRecord);
  }

  /**
   * A cadence's active readers as a sender mails them (stopped topics taken out, readers left with
   * none skipped), all at once, by the path a sender reads them: for checks on small lists (tests), never for a digest run.
   */
  async loadActive(cadence: Cadence): Promise<Subscriber[]> {
    const subscribers: Subscriber[] = [];
    for (let shard = 0; shard < ACTIVE_CADENCE_SHARDS; shard++) {
      let cursor: string | null = null;
      do {
        const page: ActiveShardPage = await this.pageActiveShard(cadence, shard, cursor);
        for (const record of await this.loadForDelivery(page.addressHashes)) {
          const subscriber = mailableAs(record, cadence);
          if (subscriber) subscribers.push(subscriber);
        }
        cursor = page.cursor;
      } while (cursor);
    }
    return subscribers;
  }

  /** The reader asked to stop everything (an unsubscribe link). An address not on the list is recorded too, so a later import keeps it out. */
  async unsubscribe(email: string, reason: string, now = new Date()): Promise<StatusChange> {
    return this.setStatus(addressHash(email), 'unsubscribed', reason, now.toISOString(), email, now);
  }

  /** SES reported a hard bounce or a complaint: never mail the address again. */
  async suppress(email: string, reason: string, now = new Date()): Promise<StatusChange> {
    return this.setStatus(addressHash(email), 'suppressed', reason, now.toISOString(), email, now);
  }

  /**
   * Sets a status by address hash, for the S3 marker migration (markers are named by the hash and
   * do not hold the address). `at` is when the reader left, kept from the marker.
   */
  async setStatusByHash(hash: string, status: 'unsubscribed' | 'suppressed', reason: string, at: string, now = new Date()): Promise<StatusChange> {
    return this.setStatus(hash, status, reason, at, undefined, now);
  }

  private async setStatus(hash: string, status: 'unsubscribed' | 'suppressed', reason: string, at: string, email: string | undefined, now: Date): Promise<StatusChange> {
    // Statuses this write does not replace: itself (the first reason and time stay) and, for an unsubscribe, a suppression.
    const keep: SubscriberStatus[] = status === 'suppressed' ? ['suppressed'] : ['unsubscribed', 'suppressed'];
    const values: Record<string, unknown> = { ':status': status, ':reason': reason, ':at': at, ':now': now.toISOString() };
    keep.forEach((kept, index) => {
      values[`:keep${index}`] = kept;
    });
    const sets = ['#status = :status', 'statusReason = :reason', 'statusAt = :at', 'updatedAt = :now', 'createdAt = if_not_exists(createdAt, :at)'];
    if (email) {
      sets.push('email = if_not_exists(email, :email)');
      values[':email'] = email;
    }
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(hash),
          UpdateExpression: `SET ${sets.join(', ')} REMOVE ${ACTIVE_CADENCE_ATTRIBUTE}`,
          ConditionExpression: `attribute_not_exists(#status) OR NOT (#status IN (${keep.map((_, index) => `:keep${index}`).join(', ')}))`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: values,
        }),
      );
      return 'changed';
    } catch (error) {
      if (isConditionalCheckFailure(error)) return 'unchanged';
      throw dynamoDbStoreError(`set status ${status}`, error);
    }
  }

  /** The reader stopped one topic (a topic link). False when the address is not on the list: there is nothing to stop. */
  async stopTopic(email: string, topic: string, now = new Date()): Promise<boolean> {
    return this.stopTopicsByHash(addressHash(email), [topic], now);
  }

  /** Adds stopped topics to an existing item by hash (also the migration's, for readers imported before it ran). */
  async stopTopicsByHash(hash: string, topics: readonly string[], now = new Date()): Promise<boolean> {
    if (topics.length === 0) return true;
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(hash),
          UpdateExpression: 'ADD stoppedTopics :topics SET updatedAt = :now',
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#pk': SUBSCRIBER_PARTITION_KEY },
          ExpressionAttributeValues: { ':topics': new Set(topics), ':now': now.toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw dynamoDbStoreError('stop topic', error);
    }
  }
}
