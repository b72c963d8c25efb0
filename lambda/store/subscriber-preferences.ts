import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDbStoreError, isConditionalCheckFailure } from './dynamodb-store-error.js';
import { addressHash } from './keys.js';
import type { Cadence } from './subscriber.js';
import { ACTIVE_CADENCE_ATTRIBUTE, activeCadenceKey, activeCadenceShardOf, SUBSCRIBER_PARTITION_KEY } from './subscriber-table.js';

/** What a reader changes in the preference centre; no time zone means the newsletter's default. */
export interface Preferences {
  readonly topics: readonly string[];
  readonly cadence: Cadence;
  readonly timezone?: string;
}

/** The write happened, or the reader is not subscribed (any more): unsubscribed, suppressed, pending, unknown. */
export type PreferenceChange = 'changed' | 'not-subscribed';

/**
 * The preference centre's writes on the subscriber table, each one conditional UpdateItem that only
 * acts on a reader who is still subscribed (active or paused): a link from an old digest can
 * change a subscriber's choices but never bring back someone who left. A change is read by the
 * next run: the planner reads the index, and a sender reads the item just before mailing.
 */
export class SubscriberPreferences {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  private async update(email: string, expression: string, condition: string, values: Record<string, unknown>): Promise<PreferenceChange> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [SUBSCRIBER_PARTITION_KEY]: addressHash(email) },
          UpdateExpression: expression,
          ConditionExpression: condition,
          // Both are DynamoDB reserved words; a name left unused is refused, so only those the expression has.
          ExpressionAttributeNames: { '#status': 'status', ...(expression.includes('#timezone') ? { '#timezone': 'timezone' } : {}) },
          ExpressionAttributeValues: values,
        }),
      );
      return 'changed';
    } catch (error) {
      if (isConditionalCheckFailure(error)) return 'not-subscribed';
      throw dynamoDbStoreError('change preferences', error);
    }
  }

  /**
   * New topics, cadence and time zone. Stopped topics are cleared (the reader has just chosen
   * their topics); an active reader moves to the new cadence's index partition, a paused one stays
   * out of the index.
   */
  async change(email: string, preferences: Preferences, now: Date): Promise<PreferenceChange> {
    const hash = addressHash(email);
    const values: Record<string, unknown> = { ':topics': preferences.topics, ':cadence': preferences.cadence, ':now': now.toISOString() };
    const sets = ['topics = :topics', 'cadence = :cadence', 'updatedAt = :now'];
    const removes = ['stoppedTopics'];
    if (preferences.timezone) {
      sets.push('#timezone = :timezone');
      values[':timezone'] = preferences.timezone;
    } else {
      removes.push('#timezone');
    }
    const asActive = () =>
      this.update(email, `SET ${[...sets, `${ACTIVE_CADENCE_ATTRIBUTE} = :activeCadence`].join(', ')} REMOVE ${removes.join(', ')}`, '#status = :active', {
        ...values,
        ':active': 'active',
        ':activeCadence': activeCadenceKey(preferences.cadence, activeCadenceShardOf(hash)),
      });
    const asPaused = () => this.update(email, `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}`, '#status = :paused', { ...values, ':paused': 'paused' });
    // Active, else paused, else active once more: a resume may land between the first two.
    if ((await asActive()) === 'changed' || (await asPaused()) === 'changed') return 'changed';
    return asActive();
  }

  /** No digests until resumed: out of the index, status `paused`. Only an active reader can pause. */
  async pause(email: string, now: Date): Promise<PreferenceChange> {
    return this.update(email, `SET #status = :paused, statusAt = :now, updatedAt = :now REMOVE ${ACTIVE_CADENCE_ATTRIBUTE}`, '#status = :active', {
      ':active': 'active',
      ':paused': 'paused',
      ':now': now.toISOString(),
    });
  }

  /** Digests again from the next run: active, back in the index under the reader's cadence. */
  async resume(email: string, cadence: Cadence, now: Date): Promise<PreferenceChange> {
    const hash = addressHash(email);
    return this.update(email, `SET #status = :active, ${ACTIVE_CADENCE_ATTRIBUTE} = :activeCadence, statusAt = :now, updatedAt = :now`, '#status = :paused AND cadence = :cadence', {
      ':active': 'active',
      ':paused': 'paused',
      ':cadence': cadence,
      ':activeCadence': activeCadenceKey(cadence, activeCadenceShardOf(hash)),
      ':now': now.toISOString(),
    });
  }
}
