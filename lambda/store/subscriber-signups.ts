import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDbStoreError, isConditionalCheckFailure } from './dynamodb-store-error.js';
import { addressHash } from './keys.js';
import type { SubscriberRow } from './subscriber.js';
import { ACTIVE_CADENCE_ATTRIBUTE, activeCadenceKey, activeCadenceShardOf, SUBSCRIBER_PARTITION_KEY } from './subscriber-table.js';

/**
 * The day (UTC, yyyy-mm-dd) and count of confirmation mails sent to an address, kept on its item
 * in the subscriber table; toRecord leaves them out of what the rest of newsdrop reads.
 */
export const SIGNUP_MAIL_DAY_ATTRIBUTE = 'signupMailDay';
export const SIGNUP_MAIL_COUNT_ATTRIBUTE = 'signupMails';

/** What confirming did: the reader is active now, or the link may no longer act (see confirm). */
export type ConfirmOutcome = 'activated' | 'refused';

/**
 * The writes of self-service signup on the subscriber table (layout in subscriber-table.ts):
 * a pending reader, the cap on confirmation mails, and the confirmation that makes a reader
 * active. Each is one conditional UpdateItem, so concurrent signups, unsubscribes and imports
 * cannot undo each other.
 */
/** Adds the SET clauses of the optional choices a signup made (name, time zone) to an update. */
function setOptionalChoices(row: SubscriberRow, names: Record<string, string>, values: Record<string, unknown>, sets: string[]): void {
  for (const [field, value] of Object.entries({ name: row.name, timezone: row.timezone })) {
    if (value === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  }
}

export class SubscriberSignups {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  private key(email: string) {
    return { [SUBSCRIBER_PARTITION_KEY]: addressHash(email) };
  }

  /**
   * Records a signup not yet confirmed: only for an address the table does not know (or knows
   * only as pending). An active, unsubscribed or suppressed reader is left exactly as it is;
   * their choices travel in the confirmation link instead. False when the item was left alone.
   */
  async recordPending(row: SubscriberRow, now: Date): Promise<boolean> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ':email': row.email, ':topics': row.topics, ':cadence': row.cadence, ':pending': 'pending', ':now': now.toISOString() };
    const sets = ['email = :email', 'topics = :topics', 'cadence = :cadence', '#status = :pending', 'statusAt = :now', 'updatedAt = :now', 'createdAt = if_not_exists(createdAt, :now)'];
    setOptionalChoices(row, names, values, sets);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(row.email),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_not_exists(#status) OR #status = :pending',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw dynamoDbStoreError('record pending signup', error);
    }
  }

  /**
   * Counts one confirmation mail to `email` on `day`; false (and nothing counted) once `cap` were
   * counted that day. The count lives on the address's item, so it holds across every instance
   * of the endpoint: a form posted in a loop mails an address at most `cap` times a day.
   */
  async takeConfirmationMail(email: string, day: string, cap: number): Promise<boolean> {
    const names = { '#day': SIGNUP_MAIL_DAY_ATTRIBUTE, '#count': SIGNUP_MAIL_COUNT_ATTRIBUTE };
    const update = (expression: string, condition: string, values: Record<string, unknown>) =>
      this.client.send(
        new UpdateCommand({ TableName: this.tableName, Key: this.key(email), UpdateExpression: expression, ConditionExpression: condition, ExpressionAttributeNames: names, ExpressionAttributeValues: values }),
      );
    // Another request may start the day between the two writes; going round again settles it.
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await update('SET #count = #count + :one', '#day = :day AND #count < :cap', { ':one': 1, ':day': day, ':cap': cap });
        return true;
      } catch (error) {
        if (!isConditionalCheckFailure(error)) throw dynamoDbStoreError('count confirmation mail', error);
      }
      try {
        await update('SET #day = :day, #count = :one', 'attribute_not_exists(#day) OR #day <> :day', { ':one': 1, ':day': day });
        return true;
      } catch (error) {
        if (!isConditionalCheckFailure(error)) throw dynamoDbStoreError('count confirmation mail', error);
      }
    }
    return false;
  }

  /**
   * The owner of the address confirmed: the reader becomes active with the choices of the link,
   * consent recorded. Refused for a suppressed address, an item the operator removed since, and
   * a reader who unsubscribed after the link was issued (`issuedAt`): an old link must not undo a
   * later "no". Someone who had left before signing up again is let back in: that is a new opt-in.
   * Stopped topics are cleared, since the reader has just chosen their topics anew.
   */
  async confirm(row: SubscriberRow & { consentAt: string; consentSource: string }, issuedAt: Date, now: Date): Promise<ConfirmOutcome> {
    const hash = addressHash(row.email);
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = {
      ':email': row.email,
      ':topics': row.topics,
      ':cadence': row.cadence,
      ':active': 'active',
      ':pending': 'pending',
      ':paused': 'paused',
      ':unsubscribed': 'unsubscribed',
      ':issued': issuedAt.toISOString(),
      ':activeCadence': activeCadenceKey(row.cadence, activeCadenceShardOf(hash)),
      ':consentAt': row.consentAt,
      ':consentSource': row.consentSource,
      ':now': now.toISOString(),
    };
    const sets = [
      'email = :email',
      'topics = :topics',
      'cadence = :cadence',
      '#status = :active',
      `${ACTIVE_CADENCE_ATTRIBUTE} = :activeCadence`,
      'consentAt = :consentAt',
      'consentSource = :consentSource',
      'statusAt = :now',
      'updatedAt = :now',
    ];
    setOptionalChoices(row, names, values, sets);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [SUBSCRIBER_PARTITION_KEY]: hash },
          UpdateExpression: `SET ${sets.join(', ')} REMOVE statusReason, stoppedTopics`,
          ConditionExpression: '#status IN (:pending, :active, :paused) OR (#status = :unsubscribed AND statusAt < :issued)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return 'activated';
    } catch (error) {
      if (isConditionalCheckFailure(error)) return 'refused';
      throw dynamoDbStoreError('confirm signup', error);
    }
  }
}
