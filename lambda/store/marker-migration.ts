import type { DynamoDbSubscriberRepository, ImportSummary } from './dynamodb-subscriber-repository.js';
import { readJson } from './json-object.js';
import { addressHash, legacyMarkerAddressHash, PREFIX, SUBSCRIBERS_CONFIG_KEY } from './keys.js';
import type { ObjectStore } from './object-store.js';
import { CorruptRecordError } from './store-error.js';
import { parseSubscribersJson } from './subscriber-file.js';

/** What the one-time migration of an earlier version's bucket did. */
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
  /** The import of the bucket's config/subscribers.json, or null when there is none. */
  readonly import: ImportSummary | null;
}

/** How earlier versions recorded an SES suppression: "hard-bounce: …" or "complaint: …" as the reason of an unsubscribe marker. */
const SUPPRESSION_REASON = /^(hard-bounce|complaint):/;

/**
 * Moves an earlier version's reader state from the bucket into the subscriber table, for an
 * operator upgrading a deployed stack. Order matters, so that no digest run in between mails
 * someone who left:
 *   1. unsubscribe markers (state/unsubscribed/<hash>) become statuses first, whether or not the
 *      address is in the table yet (the marker's hash is the table's key);
 *   2. config/subscribers.json from the bucket is imported (an import never re-activates anyone),
 *      each reader's stopped topics (state/stopped-topics/<hash>.json) written in the same update;
 *   3. stopped topics of readers already in the table but not in that file are added to their items.
 * Idempotent: run twice, it changes nothing more. The markers are left in place (they are small,
 * and an operator may want them until the upgrade is confirmed).
 */
export async function migrateLegacyMarkers(store: ObjectStore, subscribers: DynamoDbSubscriberRepository, now = new Date()): Promise<MarkerMigrationSummary> {
  const counts = { unsubscribed: 0, suppressed: 0, alreadyLeft: 0, stoppedTopicsApplied: 0, stoppedTopicsWithoutReader: 0 };
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

  const file = await store.get(SUBSCRIBERS_CONFIG_KEY);
  let imported: ImportSummary | null = null;
  const importedHashes = new Set<string>();
  if (file) {
    const rows = parseSubscribersJson(new TextDecoder().decode(file.body), SUBSCRIBERS_CONFIG_KEY);
    imported = await subscribers.import(rows, { now, stoppedTopics: stopped });
    for (const row of rows) if (stopped.has(addressHash(row.email))) importedHashes.add(addressHash(row.email));
    counts.stoppedTopicsApplied += importedHashes.size;
  }
  for (const [hash, topics] of stopped) {
    if (importedHashes.has(hash)) continue;
    if (await subscribers.stopTopicsByHash(hash, topics, now)) counts.stoppedTopicsApplied++;
    else counts.stoppedTopicsWithoutReader++;
  }
  return { ...counts, import: imported };
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
