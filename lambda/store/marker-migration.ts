import type { DynamoDbSubscriberRepository, ImportSummary } from './dynamodb-subscriber-repository.js';
import { readJson } from './json-object.js';
import { addressHash, legacyMarkerAddressHash, PREFIX, SUBSCRIBERS_CONFIG_KEY } from './keys.js';
import type { ObjectStore } from './object-store.js';
import { CorruptRecordError } from './store-error.js';
import { checkStoredSubscriberFile } from './stored-subscriber-file.js';
import type { CheckedSubscriberFile } from './subscriber-file.js';
import type { SubscriberRow } from './subscriber.js';

/** What a run of the migration of an earlier version's bucket did. */
export interface MarkerMigrationSummary {
  /** Unsubscribe markers now an unsubscribed (or, for bounces and complaints, suppressed) status. */
  readonly unsubscribed: number;
  readonly suppressed: number;
  /** Markers for readers whose item already said so (a second run of the migration). */
  readonly alreadyLeft: number;
  /** Readers whose stopped topics were written onto their item. */
  readonly stoppedTopicsApplied: number;
  /** Stopped-topic markers of addresses on no list: nobody to apply them to (see README). */
  readonly stoppedTopicsWithoutReader: number;
  /** The import of the list, or null when nothing was imported (see `listSkipped`). */
  readonly import: ImportSummary | null;
  /** Why no list was imported: there was no config/subscribers.json, or the table already holds a list. */
  readonly listSkipped: 'no-file' | 'table-already-listed' | null;
}

/**
 * Which subscriber list the migration imports together with the markers:
 * - 'bucket-file': the bucket's config/subscribers.json, whatever the table holds (the CLI's manual run);
 * - 'bucket-file-if-table-unlisted': that file only when no reader was ever imported or added to the
 *   table (the run on every deploy: a later deploy must never re-import an old file over newer edits);
 * - a file already checked (an upload, see subscriber-file.ts), `replace` as for any import.
 */
export type MigrationList = 'bucket-file' | 'bucket-file-if-table-unlisted' | { readonly file: CheckedSubscriberFile; readonly replace: boolean };

/** How earlier versions recorded an SES suppression: "hard-bounce: …" or "complaint: …" as the reason of an unsubscribe marker. */
const SUPPRESSION_REASON = /^(hard-bounce|complaint):/;

/**
 * Moves an earlier version's reader state from the bucket into the subscriber table. It runs on
 * every deploy, before every import of an uploaded list, and by hand (`subscribers migrate`). Order
 * matters, so that no import and no digest run in between mails someone who left:
 *   1. unsubscribe markers (state/unsubscribed/<hash>) become statuses first, whether or not the
 *      address is in the table yet (the marker's hash is the table's key), so the import that
 *      follows finds them and never makes those readers active;
 *   2. the list (see MigrationList) is imported, each reader's stopped topics
 *      (state/stopped-topics/<hash>.json) written in the same update;
 *   3. stopped topics of readers already in the table but not in that list are added to their items.
 * Idempotent: run twice, it changes nothing more. The markers are left in place (an operator may
 * want them until the upgrade is confirmed); while they exist they are applied again on every run.
 */
export async function migrateLegacyMarkers(
  store: ObjectStore,
  subscribers: DynamoDbSubscriberRepository,
  now = new Date(),
  list: MigrationList = 'bucket-file',
): Promise<MarkerMigrationSummary> {
  const counts = { unsubscribed: 0, suppressed: 0, alreadyLeft: 0, stoppedTopicsApplied: 0, stoppedTopicsWithoutReader: 0 };
  // Asked before the markers are applied: their items (a status, no list fields) never count as a list anyway.
  const tableListed = list === 'bucket-file-if-table-unlisted' ? await subscribers.holdsListedReaders() : false;
  for (const marker of await store.list(PREFIX.legacyUnsubscribed)) {
    const hash = legacyMarkerAddressHash(marker.key);
    if (!hash) continue;
    const record = await readMarker<{ reason?: unknown; at?: unknown }>(store, marker.key);
    const reason = typeof record?.reason === 'string' ? record.reason : 'unsubscribed (migrated marker)';
    const at = typeof record?.at === 'string' && !Number.isNaN(Date.parse(record.at)) ? record.at : (marker.lastModified ?? now).toISOString();
    const status = SUPPRESSION_REASON.test(reason) ? 'suppressed' : 'unsubscribed';
    if ((await subscribers.setStatusByHash(hash, status, reason, at, now)) === 'changed') counts[status]++;
    else counts.alreadyLeft++;
  }

  const stopped = new Map<string, readonly string[]>();
  for (const marker of await store.list(PREFIX.legacyStoppedTopics)) {
    const hash = legacyMarkerAddressHash(marker.key);
    const topics = hash ? (await readMarker<{ topics?: unknown }>(store, marker.key))?.topics : undefined;
    if (hash && Array.isArray(topics)) stopped.set(hash, topics.filter((topic): topic is string => typeof topic === 'string'));
  }

  let file: CheckedSubscriberFile | null = null;
  let replace = false;
  let listSkipped: MarkerMigrationSummary['listSkipped'] = null;
  if (typeof list === 'object') {
    ({ file, replace } = list);
  } else if (tableListed) {
    listSkipped = 'table-already-listed';
  } else if (await store.head(SUBSCRIBERS_CONFIG_KEY)) {
    file = await checkStoredSubscriberFile(store, SUBSCRIBERS_CONFIG_KEY);
  } else {
    listSkipped = 'no-file';
  }
  let imported: ImportSummary | null = null;
  const importedHashes = new Set<string>();
  if (file) {
    // Notes which readers with stopped topics the rows named, as they stream past.
    const rows = async function* (rows: AsyncIterable<SubscriberRow>) {
      for await (const row of rows) {
        const hash = addressHash(row.email);
        if (stopped.has(hash)) importedHashes.add(hash);
        yield row;
      }
    };
    imported = await subscribers.import(rows(file.rows()), { now, stoppedTopics: stopped, replace, addressHashes: file.addressHashes });
    counts.stoppedTopicsApplied += importedHashes.size;
  }
  for (const [hash, topics] of stopped) {
    if (importedHashes.has(hash)) continue;
    if (await subscribers.stopTopicsByHash(hash, topics, now)) counts.stoppedTopicsApplied++;
    else counts.stoppedTopicsWithoutReader++;
  }
  return { ...counts, import: imported, listSkipped };
}

/** A marker that no longer parses still counts as a marker (its name says who); its content is only detail. */
async function readMarker<T>(store: ObjectStore, key: string): Promise<T | null> {
  try {
    return await readJson<T>(store, key);
  } catch (error) {
    if (error instanceof CorruptRecordError) return null;
    throw error;
  }
}
