import type { Logger } from '../log.js';
import type { DynamoDbSubscriberRepository, ImportSummary } from '../store/dynamodb-subscriber-repository.js';
import type { ObjectStore } from '../store/object-store.js';
import type { RejectionRepository } from '../store/rejection-repository.js';
import { OperatorConfigError } from '../store/store-error.js';
import type { ArticleOrigin } from '../store/stored-article.js';
import { parseSubscriberFile } from '../store/subscriber-file.js';

export interface SubscriberFileImportDependencies {
  readonly store: ObjectStore;
  readonly subscribers: DynamoDbSubscriberRepository;
  readonly rejections: RejectionRepository;
  readonly logger: Logger;
  readonly now?: () => Date;
}

export type SubscriberFileImportResult =
  | { readonly status: 'imported'; readonly summary: ImportSummary }
  | { readonly status: 'rejected'; readonly rejectionKey: string; readonly message: string }
  | { readonly status: 'missing' };

/**
 * One upload of config/subscribers.json, imported as the whole list (readers left out of it stop
 * getting mail, as before the table existed). Every row is validated before anything is written:
 * a malformed file changes nothing, stays where it is, and rejected/<key>.error.json says why.
 * Store trouble is thrown, so the invocation is retried; the import is idempotent.
 */
export async function importSubscriberFile(origin: ArticleOrigin, deps: SubscriberFileImportDependencies): Promise<SubscriberFileImportResult> {
  const now = (deps.now ?? (() => new Date()))();
  // The version the event names: a newer upload has its own event.
  const object = await deps.store.get(origin.key, { versionId: origin.versionId });
  if (!object) {
    deps.logger.warn('subscriber file gone before its import, nothing changed', { key: origin.key, versionId: origin.versionId });
    return { status: 'missing' };
  }
  let rows: ReturnType<typeof parseSubscriberFile>;
  try {
    rows = parseSubscriberFile(new TextDecoder().decode(object.body), origin.key);
  } catch (error) {
    if (!(error instanceof OperatorConfigError)) throw error;
    const rejectionKey = await deps.rejections.record(origin, { code: error.code, message: error.message }, now);
    deps.logger.error('subscriber file rejected, nothing imported', { outcome: 'rejected', key: origin.key, rejectionKey, error });
    return { status: 'rejected', rejectionKey, message: error.message };
  }
  const summary = await deps.subscribers.import(rows, { now, replace: true });
  deps.logger.info('subscriber file imported', { outcome: 'imported', key: origin.key, versionId: origin.versionId, ...summary });
  return { status: 'imported', summary };
}
