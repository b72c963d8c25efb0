import { z } from 'zod';
import type { Logger } from '../log.js';
import type { DynamoDbSubscriberRepository } from '../store/dynamodb-subscriber-repository.js';
import { type MarkerMigrationSummary, migrateLegacyMarkers } from '../store/marker-migration.js';
import type { ObjectStore } from '../store/object-store.js';
import { OperatorConfigError } from '../store/store-error.js';
import { type ArticleIndexBackfillDependencies, type ArticleIndexBackfillSummary, backfillArticleIndex } from './backfill-article-index.js';
import { LONGEST_LOOKBACK_DAYS } from './lookback.js';

/** The `Action` property of the stack's Custom::SubscriberMigration resource (lib/subscriber-migration.ts). */
export const MIGRATE_ACTION = 'migrate-legacy-subscribers';
/** One physical id for the life of the resource: an id that changed would make CloudFormation delete and replace it. */
export const MIGRATION_PHYSICAL_ID = 'newsdrop-subscriber-migration';

/**
 * The CloudFormation custom-resource event the provider framework passes on (lib/subscriber-migration.ts).
 * Only what the migration relies on is checked; the framework's other fields pass through.
 */
const migrateEventSchema = z.looseObject({
  RequestType: z.enum(['Create', 'Update', 'Delete']),
  ResourceProperties: z.looseObject({ Action: z.literal(MIGRATE_ACTION) }),
});

export type MigrateEvent = z.infer<typeof migrateEventSchema>;

/** The invocation was not a migration request: nothing was read or written. */
export class MigrateEventError extends Error {
  override readonly name = 'MigrateEventError';
}

/** The migration could not finish; the message says what to do, and CloudFormation shows it and rolls the deploy back. */
export class SubscriberMigrationError extends Error {
  override readonly name = 'SubscriberMigrationError';
}

export interface MigrateOnDeployResponse {
  readonly PhysicalResourceId: string;
  /** Flat counts, readable with Fn::GetAtt and shown in the provider's log. */
  readonly Data: Record<string, number | string>;
}

export interface MigrateOnDeployDependencies {
  readonly store: ObjectStore;
  readonly subscribers: DynamoDbSubscriberRepository;
  /** The article index (DynamoDbArticleIndex) the entries of articles stored before it existed are written to. */
  readonly articleIndex: ArticleIndexBackfillDependencies['articleIndex'];
  readonly logger: Logger;
  readonly now?: () => Date;
}

export function parseMigrateEvent(event: unknown): MigrateEvent {
  const parsed = migrateEventSchema.safeParse(event);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`).join('; ');
  throw new MigrateEventError(
    `subscriber-migration: not a migration request (a CloudFormation Create/Update/Delete event with ResourceProperties.Action "${MIGRATE_ACTION}"): ${problems}`,
  );
}

/**
 * Runs the legacy-marker migration as part of a deploy (Create and Update of the resource). Markers
 * are always applied; the bucket's config/subscribers.json is imported only while the table holds no
 * list, so the upgrade from an earlier version fills the table, and a later deploy never brings an
 * old file back over the operator's newer edits. Then the article index gets the entries of the
 * articles of the longest look-back (LONGEST_LOOKBACK_DAYS) that it lacks, so the digests of an
 * upgraded stack still see the articles stored before the index existed; a later deploy finds
 * them there and writes nothing. Delete changes nothing: the table is retained.
 * Any failure is thrown with a message for the operator, which fails (and rolls back) the deploy.
 */
export async function migrateSubscribersOnDeploy(event: unknown, deps: MigrateOnDeployDependencies): Promise<MigrateOnDeployResponse> {
  const request = parseMigrateEvent(event);
  if (request.RequestType === 'Delete') {
    deps.logger.info('subscriber migration: nothing to do on delete', { outcome: 'skipped', requestType: request.RequestType });
    return { PhysicalResourceId: MIGRATION_PHYSICAL_ID, Data: {} };
  }
  const now = (deps.now ?? (() => new Date()))();
  let summary: MarkerMigrationSummary;
  try {
    summary = await migrateLegacyMarkers(deps.store, deps.subscribers, now, 'bucket-file-if-table-unlisted');
  } catch (error) {
    deps.logger.error('subscriber migration failed', { outcome: 'failed', error });
    const cause = error instanceof Error ? error.message : String(error);
    const advice =
      error instanceof OperatorConfigError
        ? 'fix the file named above (config/subscribers.json, or config/topics.json for its topics) in the bucket and deploy again'
        : 'deploy again once the cause is fixed; the migration is idempotent (or run `npx newsdrop subscribers migrate --stack <name>`)';
    throw new SubscriberMigrationError(`newsdrop subscriber migration failed, so the deploy is rolled back rather than leave a stack that mails the wrong readers: ${cause}. To go on: ${advice}.`, {
      cause: error,
    });
  }
  let backfill: ArticleIndexBackfillSummary;
  try {
    backfill = await backfillArticleIndex({ store: deps.store, articleIndex: deps.articleIndex, now, days: LONGEST_LOOKBACK_DAYS });
  } catch (error) {
    deps.logger.error('article index backfill failed', { outcome: 'failed', error });
    const cause = error instanceof Error ? error.message : String(error);
    throw new SubscriberMigrationError(
      `newsdrop article index backfill failed, so the deploy is rolled back rather than leave digests that miss the articles of the last ${LONGEST_LOOKBACK_DAYS} days: ${cause}. To go on: fix or remove that object (an article JSON under articles/) or the cause named, and deploy again; the backfill is idempotent.`,
      { cause: error },
    );
  }
  const { import: imported, listSkipped, ...markers } = summary;
  deps.logger.info('subscriber migration done', { outcome: 'migrated', requestType: request.RequestType, ...markers, import: imported, listSkipped, articleIndex: backfill });
  return {
    PhysicalResourceId: MIGRATION_PHYSICAL_ID,
    Data: {
      ...markers,
      importedRows: imported?.rows ?? 0,
      createdReaders: imported?.created ?? 0,
      listSkipped: listSkipped ?? 'imported',
      articlesIndexed: backfill.articlesIndexed,
      articlesAlreadyIndexed: backfill.articlesAlreadyIndexed,
    },
  };
}
