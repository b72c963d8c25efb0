import { randomUUID } from 'node:crypto';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ARTICLE_INDEX_PARTITION_KEY, ARTICLE_INDEX_SORT_KEY, ARTICLE_INDEX_TTL_ATTRIBUTE, INSTANT_RUN_PARTITION, INSTANT_RUN_SORT } from './article-index-table.js';
import { dynamoDbStoreError as toStoreError, isConditionalCheckFailure as isConditionFailure } from './dynamodb-store-error.js';
import { TransientStoreError } from './store-error.js';

/**
 * How long a pending marker is trusted. Past this the run it announced is presumed lost (its
 * invocation dropped after Lambda's retries) and the next batch triggers another. It must outlast
 * the longest a genuine run can take to take the marker after the first request. A run's wait is
 * counted from that first request (pendingSince), not from when the run got to execute, so that
 * is the longer of the two, not their sum: the run queued behind a running digest (15-minute
 * timeout), or its own wait for quiet (at most INSTANT_RUN_MAX_WAIT_CAP_MS, 8 minutes).
 */
export const INSTANT_RUN_STALE_AFTER_MS = 20 * 60_000;
/** A run starts once no batch has asked for one for this long ... */
export const INSTANT_RUN_QUIET_MS = 10_000;
/** ... or once the first request is this old, for the first run of a burst (a long burst still gets digests) ... */
export const INSTANT_RUN_FIRST_MAX_WAIT_MS = 60_000;
/**
 * ... doubling for each further run while the burst goes on, up to this. Invariant (checked in
 * test/unit/store/instant-run-marker.test.ts): at most half of INSTANT_RUN_STALE_AFTER_MS, so a
 * run still waiting is never taken for a lost one and triggered twice; and well inside the digest
 * function's 15-minute timeout, which leaves the run 7 minutes to plan after the longest wait.
 */
export const INSTANT_RUN_MAX_WAIT_CAP_MS = 8 * 60_000;

/** What the last run that took the marker left behind: when it started and how long it could have waited. */
export interface PreviousInstantRun {
  readonly startedAt: string;
  readonly maxWaitMs: number;
}

/** The marker as stored: when the first batch asked for a run, when the latest did, and the run before. */
export interface PendingInstantRun {
  readonly token: string;
  readonly pendingSince: string;
  readonly lastRequestAt: string;
  readonly previousRun: PreviousInstantRun | null;
}

/** The batch that created the marker invokes the digest; every other batch finds it pending. */
export type InstantRunRequest = { readonly invoke: true; readonly token: string } | { readonly invoke: false };

/**
 * "An instant run is pending": one item in the article index table (reserved partition), so
 * however many ingest batches finish, at most one instant digest invocation is pending. A batch
 * sets its pending attributes with a conditional UpdateItem when none are set (only that batch
 * invokes the digest) or, finding them, records that it asked too (the run waits for those
 * requests to go quiet). The run removes the pending attributes when it starts, so articles stored
 * during the run trigger the next one, and leaves when it started and how long it could wait: the
 * next run's longest wait depends on them (instant-run-max-wait.ts). One item, so the history
 * costs no extra request.
 */
export class InstantRunMarker {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
    private readonly staleAfterMs: number = INSTANT_RUN_STALE_AFTER_MS,
  ) {}

  private readonly key = { [ARTICLE_INDEX_PARTITION_KEY]: INSTANT_RUN_PARTITION, [ARTICLE_INDEX_SORT_KEY]: INSTANT_RUN_SORT };

  /** Only cleanup: DynamoDB's TTL deletes within days. The staleness check decides; a run's history outlives its use. */
  private expiresAt(now: Date): number {
    return Math.floor((now.getTime() + 2 * this.staleAfterMs) / 1000);
  }

  /** Called after a batch stored articles: whether this batch must invoke the digest. */
  async request(now: Date): Promise<InstantRunRequest> {
    const staleBefore = new Date(now.getTime() - this.staleAfterMs).toISOString();
    // Two writes can interleave with a run taking the marker; each lost race is retried, and
    // every round ends in one of the two decisions. Four rounds only go by under a storm of runs.
    for (let round = 0; round < 4; round++) {
      const token = randomUUID();
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: this.key,
            // SET leaves the last run's history (lastRunAt, lastMaxWaitMs) as it is.
            UpdateExpression: 'SET #token = :token, #pendingSince = :now, #lastRequestAt = :now, #expiresAt = :expiresAt',
            ConditionExpression: 'attribute_not_exists(#token) OR #pendingSince < :staleBefore',
            ExpressionAttributeNames: { '#token': 'token', '#pendingSince': 'pendingSince', '#lastRequestAt': 'lastRequestAt', '#expiresAt': ARTICLE_INDEX_TTL_ATTRIBUTE },
            ExpressionAttributeValues: { ':token': token, ':now': now.toISOString(), ':expiresAt': this.expiresAt(now), ':staleBefore': staleBefore },
          }),
        );
        return { invoke: true, token };
      } catch (error) {
        if (!isConditionFailure(error)) throw toStoreError('request instant run', error);
      }
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: this.key,
            UpdateExpression: 'SET #lastRequestAt = :now',
            // Still pending and still trusted; otherwise go round and create it.
            ConditionExpression: 'attribute_exists(#token) AND #pendingSince >= :staleBefore',
            ExpressionAttributeNames: { '#token': 'token', '#pendingSince': 'pendingSince', '#lastRequestAt': 'lastRequestAt' },
            ExpressionAttributeValues: { ':staleBefore': staleBefore, ':now': now.toISOString() },
          }),
        );
        return { invoke: false };
      } catch (error) {
        if (!isConditionFailure(error)) throw toStoreError('note instant run request', error);
      }
    }
    throw new TransientStoreError('the instant-run marker kept changing under this batch; the batch will be retried');
  }

  /** The invoke failed: remove our pending attributes (only ours) so the next batch triggers again. */
  async withdraw(token: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key,
          UpdateExpression: 'REMOVE #token, #pendingSince, #lastRequestAt',
          ConditionExpression: '#token = :token',
          ExpressionAttributeNames: { '#token': 'token', '#pendingSince': 'pendingSince', '#lastRequestAt': 'lastRequestAt' },
          ExpressionAttributeValues: { ':token': token },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw toStoreError('withdraw instant run', error);
    }
  }

  /** The pending run, or null when none is pending. */
  async read(): Promise<PendingInstantRun | null> {
    let item: Record<string, unknown> | undefined;
    try {
      ({ Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: this.key, ConsistentRead: true })));
    } catch (error) {
      throw toStoreError('read instant run marker', error);
    }
    if (typeof item?.['token'] !== 'string') return null;
    const lastRunAt = item['lastRunAt'];
    const lastMaxWaitMs = item['lastMaxWaitMs'];
    return {
      token: item['token'],
      pendingSince: String(item['pendingSince']),
      lastRequestAt: String(item['lastRequestAt']),
      // An item written before runs kept a history has none: its run counts as a burst's first.
      previousRun: typeof lastRunAt === 'string' && typeof lastMaxWaitMs === 'number' ? { startedAt: lastRunAt, maxWaitMs: lastMaxWaitMs } : null,
    };
  }

  /**
   * The run starts: remove the pending attributes of the marker it read (token), and record when
   * it started and how long it could have waited. Every batch that found the marker pending had
   * stored its articles before, so this run's (strongly consistent) read sees them; a batch after
   * this creates a new pending marker and invokes the next run. False when the marker was no
   * longer that one (withdrawn and created anew by another batch, whose own run takes it).
   */
  async clear(token: string, run: { readonly startedAt: Date; readonly maxWaitMs: number }): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key,
          UpdateExpression: 'REMOVE #token, #pendingSince, #lastRequestAt SET #lastRunAt = :startedAt, #lastMaxWaitMs = :maxWaitMs, #expiresAt = :expiresAt',
          ConditionExpression: '#token = :token',
          ExpressionAttributeNames: {
            '#token': 'token',
            '#pendingSince': 'pendingSince',
            '#lastRequestAt': 'lastRequestAt',
            '#lastRunAt': 'lastRunAt',
            '#lastMaxWaitMs': 'lastMaxWaitMs',
            '#expiresAt': ARTICLE_INDEX_TTL_ATTRIBUTE,
          },
          ExpressionAttributeValues: { ':token': token, ':startedAt': run.startedAt.toISOString(), ':maxWaitMs': run.maxWaitMs, ':expiresAt': this.expiresAt(run.startedAt) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw toStoreError('clear instant run marker', error);
    }
  }
}
