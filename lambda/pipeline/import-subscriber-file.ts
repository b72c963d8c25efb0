import type { Logger } from '../log.js';
import type { DynamoDbSubscriberRepository, ImportSummary } from '../store/dynamodb-subscriber-repository.js';
import { type MarkerMigrationSummary, migrateLegacyMarkers } from '../store/marker-migration.js';
import type { ObjectStore } from '../store/object-store.js';
import type { RejectionRepository } from '../store/rejection-repository.js';
import { OperatorConfigError } from '../store/store-error.js';
import type { ArticleOrigin } from '../store/stored-article.js';
import { checkStoredSubscriberFile } from '../store/stored-subscriber-file.js';
import type { CheckedSubscriberFile } from '../store/subscriber-file.js';

export interface SubscriberFileImportDependencies {
  readonly store: ObjectStore;
  readonly subscribers: DynamoDbSubscriberRepository;
  readonly rejections: RejectionRepository;
  readonly logger: Logger;
  readonly now?: () => Date;
}

export type SubscriberFileImportResult =
  | { readonly status: 'imported'; readonly summary: ImportSummary; readonly legacyMarkers: Omit<MarkerMigrationSummary, 'import'> }
  | { readonly status: 'rejected'; readonly rejectionKey: string; readonly message: string }
  | { readonly status: 'missing' };

/**
 * One upload of config/subscribers.json, imported as the whole list (readers left out of it stop
 * getting mail, as before the table existed). Every row is validated before anything is written:
 * a malformed file (a topic neither the model nor config/topics.json knows included) changes
 * nothing, stays where it is, and rejected/<key>.error.json says why.
 * Legacy unsubscribe markers are applied first (migrateLegacyMarkers). Store trouble is thrown,
 * so the invocation is retried; the import is idempotent.
 */
export async function importSubscriberFile(origin: ArticleOrigin, deps: SubscriberFileImportDependencies): Promise<SubscriberFileImportResult> {
  const now = (deps.now ?? (() => new Date()))();
  // The version the event names: a newer upload has its own event. The file is read twice (every
  // row checked, then the rows written), never held whole: a million rows fit in the function's memory.
  if (!(await deps.store.head(origin.key, { versionId: origin.versionId }))) {
    deps.logger.warn('subscriber file gone before its import, nothing changed', { key: origin.key, versionId: origin.versionId });
    return { status: 'missing' };
  }
  let file: CheckedSubscriberFile;
  try {
    file = await checkStoredSubscriberFile(deps.store, origin.key, origin.versionId);
  } catch (error) {
    if (!(error instanceof OperatorConfigError)) throw error;
    const rejectionKey = await deps.rejections.record(origin, { code: error.code, message: error.message }, now);
    deps.logger.error('subscriber file rejected, nothing imported', { outcome: 'rejected', key: origin.key, rejectionKey, error });
    return { status: 'rejected', rejectionKey, message: error.message };
  }
  // The earlier version's unsubscribe markers become statuses before the rows are written, so an
  // upload made before the deploy-time migration ever ran cannot make a reader who left active.
  const { import: summary, ...markers } = await migrateLegacyMarkers(deps.store, deps.subscribers, now, { file, replace: true });
  const imported = summary ?? { rows: 0, created: 0, updated: 0, statusKept: 0, removed: 0 };
  deps.logger.info('subscriber file imported', { outcome: 'imported', key: origin.key, versionId: origin.versionId, ...imported, legacyMarkers: markers });
  return { status: 'imported', summary: imported, legacyMarkers: markers };
}
