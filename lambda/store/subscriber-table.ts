import { attributeDefinitions, keySchema, type KeyAttribute } from './table-keys.js';
/**
 * The subscriber table's DynamoDB layout, in one place: the CDK construct, the repository, the test
 * emulator and local mode all use these names, so they cannot drift apart. Pure data, no SDK.
 *
 * One item per reader, keyed by addressHash (keys.ts): the same hash the S3 markers of earlier
 * versions were named by, so migrating them needs no address.
 */
import type { Cadence } from './subscriber.js';

export const SUBSCRIBER_PARTITION_KEY = 'addressHash';

/**
 * The index a digest run reads one cadence's active readers from, page by page. It is sparse: only
 * active items carry ACTIVE_CADENCE_ATTRIBUTE, so unsubscribing removes a reader from it and a run
 * never reads (or pays for) anyone it will not mail.
 */
export const ACTIVE_CADENCE_INDEX = 'activeByCadence';
export const ACTIVE_CADENCE_ATTRIBUTE = 'activeCadence';

/**
 * Each cadence's active readers are spread over this many index partitions ("daily#00" … "daily#15",
 * by the first hex digit of their address hash, which never changes). With one partition per
 * cadence a bulk import of a million daily readers would write every index entry to one key, which
 * DynamoDB caps near 1,000 writes/s (and throttles the table's own writes when its index lags);
 * 16 shards lift that to ~16,000/s and let a planner read the shards in parallel. Reading costs one
 * Query per shard more per run, which is nothing beside a run's sends.
 */
export const ACTIVE_CADENCE_SHARDS = 16;

export function activeCadenceShardOf(addressHash: string): number {
  return Number.parseInt(addressHash.charAt(0), 16) % ACTIVE_CADENCE_SHARDS;
}

/** The index partition of one shard of a cadence: "daily#07". */
export function activeCadenceKey(cadence: Cadence, shard: number): string {
  return `${cadence}#${String(shard).padStart(2, '0')}`;
}

/** The partition key is a string (64 hex digits). */
export const SUBSCRIBER_KEY_ATTRIBUTES = [{ name: SUBSCRIBER_PARTITION_KEY, type: 'S', keyType: 'HASH' }] as const satisfies readonly KeyAttribute[];
/** The index: shard key as partition, address hash as sort key (a stable order to page through). */
export const ACTIVE_CADENCE_INDEX_KEYS = [
  { name: ACTIVE_CADENCE_ATTRIBUTE, type: 'S', keyType: 'HASH' },
  { name: SUBSCRIBER_PARTITION_KEY, type: 'S', keyType: 'RANGE' },
] as const satisfies readonly KeyAttribute[];

/** CreateTable input for emulators (dynalite) in tests and local mode; on-demand like the deployed table. */
export function subscriberTableCreateInput(tableName: string) {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: attributeDefinitions([...SUBSCRIBER_KEY_ATTRIBUTES, ...ACTIVE_CADENCE_INDEX_KEYS]),
    KeySchema: keySchema(SUBSCRIBER_KEY_ATTRIBUTES),
    GlobalSecondaryIndexes: [
      {
        IndexName: ACTIVE_CADENCE_INDEX,
        KeySchema: keySchema(ACTIVE_CADENCE_INDEX_KEYS),
        // The digest reads everything it needs from the index, with no GetItem per reader.
        Projection: { ProjectionType: 'ALL' as const },
      },
    ],
  };
}
