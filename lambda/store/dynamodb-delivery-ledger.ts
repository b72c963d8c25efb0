import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  CLAIM_CLOCK_SKEW_MS,
  CLAIM_LEASE_MS,
  type ClaimedDelivery,
  type ClaimResult,
  type DeliveryLedger,
  type LedgerEntry,
} from './delivery-ledger.js';
import { DELIVERY_PARTITION_KEY, DELIVERY_RETENTION_DAYS, DELIVERY_SORT_KEY, DELIVERY_TTL_ATTRIBUTE } from './delivery-table.js';
import { dynamoDbStoreError as toStoreError } from './dynamodb-store-error.js';
import { DAY_MS } from '../time.js';


/** A ledger item: the entry plus its expiry for DynamoDB's TTL. */
type LedgerItem = LedgerEntry & { readonly [DELIVERY_TTL_ATTRIBUTE]: number };

/** The stored item without its TTL attribute: the entry as the pipeline knows it. */
function toEntry(item: Record<string, unknown>): LedgerEntry {
  const { [DELIVERY_TTL_ATTRIBUTE]: _expiresAt, ...entry } = item;
  return entry as unknown as LedgerEntry;
}

/**
 * The delivery ledger in a DynamoDB table (keys and TTL in delivery-table.ts). A claim is one
 * conditional PutItem: it succeeds when there is no entry or the entry is a claim whose lease has
 * run out, so two runs can never both hold a (digest, subscriber) pair. Entries expire
 * DELIVERY_RETENTION_DAYS after their claim.
 */
export class DynamoDbDeliveryLedger implements DeliveryLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  private key(digestId: string, subscriberKey: string) {
    return { [DELIVERY_PARTITION_KEY]: subscriberKey, [DELIVERY_SORT_KEY]: digestId };
  }

  private item(entry: LedgerEntry): LedgerItem {
    return { ...entry, [DELIVERY_TTL_ATTRIBUTE]: Math.floor((Date.parse(entry.claimedAt) + DELIVERY_RETENTION_DAYS * DAY_MS) / 1000) };
  }

  async claim(
    digestId: string,
    subscriberKey: string,
    articleIds: readonly string[],
    now = new Date(),
    leaseUntil = new Date(now.getTime() + CLAIM_LEASE_MS),
  ): Promise<ClaimResult> {
    const entry: LedgerEntry = {
      digestId,
      subscriberKey,
      articleIds,
      status: 'claimed',
      claimedAt: now.toISOString(),
      leaseUntil: leaseUntil.toISOString(),
      claimId: randomUUID(),
    };
    try {
      const { Attributes: previous } = await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(entry),
          // ISO 8601 instants in UTC compare as strings; "lease ran out" is leaseUntil + skew < now.
          ConditionExpression: 'attribute_not_exists(#pk) OR (#status = :claimed AND #leaseUntil < :staleBefore)',
          ExpressionAttributeNames: { '#pk': DELIVERY_PARTITION_KEY, '#status': 'status', '#leaseUntil': 'leaseUntil' },
          ExpressionAttributeValues: { ':claimed': 'claimed', ':staleBefore': new Date(now.getTime() - CLAIM_CLOCK_SKEW_MS).toISOString() },
          // The replaced item, if any: a stale claim was taken over.
          ReturnValues: 'ALL_OLD',
        }),
      );
      return previous ? { claimed: true, recovered: true } : { claimed: true };
    } catch (error) {
      if ((error as { name?: string } | null)?.name !== 'ConditionalCheckFailedException') throw toStoreError(`claim ${digestId}/${subscriberKey}`, error);
    }
    // Refused. The write decided; this read only fetches what refused it, for the caller's report.
    // (ReturnValuesOnConditionCheckFailure would save the read on AWS, but dynalite ignores it and
    // refusals are rare: a re-run meets them only where recording the reader's state failed.)
    const existing = await this.get(digestId, subscriberKey);
    // Our own write, applied before its answer was lost: the SDK's retry met it. Whether it had
    // replaced a stale claim is not knowable any more, so it is reported as a plain claim.
    if (existing?.claimId === entry.claimId) return { claimed: true };
    // Released by its holder between our write and the read: the pair is free again.
    if (!existing) return this.claim(digestId, subscriberKey, articleIds, now, leaseUntil);
    return { claimed: false, existing };
  }

  async get(digestId: string, subscriberKey: string): Promise<LedgerEntry | null> {
    try {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: this.key(digestId, subscriberKey), ConsistentRead: true }));
      return Item ? toEntry(Item) : null;
    } catch (error) {
      throw toStoreError(`get ${digestId}/${subscriberKey}`, error);
    }
  }

  async markSent(entry: ClaimedDelivery, messageId: string, now = new Date()): Promise<void> {
    await this.put({ ...entry, status: 'sent', sentAt: now.toISOString(), messageId }, 'markSent');
  }

  async markFailed(entry: ClaimedDelivery, error: { code: string; message: string }): Promise<void> {
    await this.put({ ...entry, status: 'failed', error }, 'markFailed');
  }

  async release(digestId: string, subscriberKey: string): Promise<void> {
    try {
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: this.key(digestId, subscriberKey) }));
    } catch (error) {
      throw toStoreError(`release ${digestId}/${subscriberKey}`, error);
    }
  }

  /** Replaces the entry whole: the claim's lease and id no longer apply once the outcome is known. */
  private async put(entry: LedgerEntry, operation: string): Promise<void> {
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: this.item(entry) }));
    } catch (error) {
      throw toStoreError(`${operation} ${entry.digestId}/${entry.subscriberKey}`, error);
    }
  }
}
