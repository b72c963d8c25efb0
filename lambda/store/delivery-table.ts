import { attributeDefinitions, keySchema, type KeyAttribute } from './table-keys.js';
/**
 * The delivery ledger's DynamoDB table, in one place: the CDK construct, the test emulator and
 * local mode all create it from these names, so they cannot drift apart. Pure data, no SDK.
 */

/**
 * Partition key: the hashed subscriber. Keyed by reader rather than by digest because one digest
 * goes to up to every reader at once; with the digest as partition key all those writes would
 * land on one partition (DynamoDB's ~1,000 writes/s per partition limit).
 */
export const DELIVERY_PARTITION_KEY = 'subscriberKey';
/** Sort key: the digest (cadence + the articles it holds), so one reader's deliveries sit together. */
export const DELIVERY_SORT_KEY = 'digestId';
/**
 * The sort key of a reader's delivery state (delivery-state.ts) beside their ledger entries:
 * digest ids are hex, so it never meets one. In this table rather than on the subscriber item,
 * whose index copies the whole item: there every state write would cost a second write unit.
 */
export const DELIVERY_STATE_SORT_KEY = '#state';
/** Epoch seconds after which DynamoDB's TTL deletes the item (it does so within a few days, not exactly). */
export const DELIVERY_TTL_ATTRIBUTE = 'expiresAt';

/**
 * How long an entry is kept after its claim. It only has to outlive the chance that the same
 * digest (same articles) is selected again for the reader: the longest look-back is 10 days
 * (weekly) and a failed run is retried within hours, so 30 days leaves ample margin.
 */
export const DELIVERY_RETENTION_DAYS = 30;

/** Both keys are strings (hex hashes). */
export const DELIVERY_KEY_ATTRIBUTES = [
  { name: DELIVERY_PARTITION_KEY, type: 'S', keyType: 'HASH' },
  { name: DELIVERY_SORT_KEY, type: 'S', keyType: 'RANGE' },
] as const satisfies readonly KeyAttribute[];

/** CreateTable input for emulators (dynalite) in tests and local mode; on-demand like the deployed table. */
export function deliveryTableCreateInput(tableName: string) {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributeDefinitions(DELIVERY_KEY_ATTRIBUTES),
    KeySchema: keySchema(DELIVERY_KEY_ATTRIBUTES),
  } as const;
}
