import { attributeDefinitions, keySchema, type KeyAttribute } from './table-keys.js';
/**
 * The article index table, in one place: the CDK construct, the test emulator and local mode all
 * create it from these names, so they cannot drift apart. Pure data, no SDK.
 *
 * It holds two kinds of item:
 * - one index entry per stored article: partition = the UTC day it was stored ("2026-11-24"),
 *   sort = "<storedAt>#<articleId>", so a digest reads one day with one paged Query, in storedAt order;
 * - the "instant run pending" marker, under the reserved partition INSTANT_RUN_PARTITION, which no
 *   day can collide with (days start with a digit);
 * - ingest's claims, one partition each under a reserved prefix, without expiry (a body dropped
 *   again months later is still the same article): a content claim per normalised body
 *   (content-claims.ts) and an article's current revision per article id (article-revisions.ts).
 */
export const ARTICLE_INDEX_PARTITION_KEY = 'day';
export const ARTICLE_INDEX_SORT_KEY = 'entry';
/** Epoch seconds after which DynamoDB's TTL deletes the item (within days, not exactly: readers filter by time themselves). */
export const ARTICLE_INDEX_TTL_ATTRIBUTE = 'expiresAt';

/**
 * How long an index entry is kept after the article was stored. The longest look-back of a run is
 * 10 days (weekly); 30 leaves room for a late or re-run digest. The article JSON in S3 stays the
 * record of truth and is not touched by this expiry.
 */
export const ARTICLE_INDEX_RETENTION_DAYS = 30;

/** Partition and sort key of the one "instant run pending" marker. */
export const INSTANT_RUN_PARTITION = '#instant-run';
export const INSTANT_RUN_SORT = 'pending';

/** "#content#<fingerprint>" / CONTENT_CLAIM_SORT: which article a normalised body belongs to. */
export const CONTENT_CLAIM_PARTITION_PREFIX = '#content#';
export const CONTENT_CLAIM_SORT = 'claim';
/** "#article#<articleId>" / ARTICLE_REVISION_SORT: the article's current revision and where it came from. */
export const ARTICLE_REVISION_PARTITION_PREFIX = '#article#';
export const ARTICLE_REVISION_SORT = 'revision';

export const ARTICLE_INDEX_KEY_ATTRIBUTES = [
  { name: ARTICLE_INDEX_PARTITION_KEY, type: 'S', keyType: 'HASH' },
  { name: ARTICLE_INDEX_SORT_KEY, type: 'S', keyType: 'RANGE' },
] as const satisfies readonly KeyAttribute[];

/** CreateTable input for emulators (dynalite) in tests and local mode; on-demand like the deployed table. */
export function articleIndexTableCreateInput(tableName: string) {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributeDefinitions(ARTICLE_INDEX_KEY_ATTRIBUTES),
    KeySchema: keySchema(ARTICLE_INDEX_KEY_ATTRIBUTES),
  } as const;
}
