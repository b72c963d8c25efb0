import { describe, expect, it } from 'vitest';
import type { DynamoDbSubscriberRepository } from '../../../lambda/store/dynamodb-subscriber-repository.js';
import { SubscriberPreferences } from '../../../lambda/store/subscriber-preferences.js';
import { useTestDynamoDb } from '../../support/dynamodb-emulator.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const LATER = new Date('2026-11-25T12:00:00Z');
const ADA = { email: 'ada@example.com', topics: ['*'], cadence: 'daily' as const, timezone: 'Europe/Berlin' };

const dynamo = useTestDynamoDb();

async function setUp(): Promise<{ subscribers: DynamoDbSubscriberRepository; preferences: SubscriberPreferences }> {
  const subscribers = await dynamo().freshSubscribers();
  await subscribers.add(ADA, NOW);
  return { subscribers, preferences: new SubscriberPreferences(dynamo().clientFor(), subscribers.tableName) };
}

describe('SubscriberPreferences', () => {
  it('changes topics, cadence and time zone, clearing stopped topics; the next run of the new cadence mails the reader', async () => {
    const { subscribers, preferences } = await setUp();
    await subscribers.stopTopic(ADA.email, 'sport', NOW);

    expect(await preferences.change(ADA.email, { topics: ['technology', 'sport'], cadence: 'weekly' }, LATER)).toBe('changed');

    const record = await subscribers.get(ADA.email);
    expect(record).toMatchObject({ status: 'active', topics: ['technology', 'sport'], cadence: 'weekly', updatedAt: LATER.toISOString() });
    expect(record?.stoppedTopics).toBeUndefined();
    expect(record?.timezone).toBeUndefined();
    expect(await subscribers.loadActive('daily')).toEqual([]);
    expect(await subscribers.loadActive('weekly')).toEqual([{ email: ADA.email, topics: ['technology', 'sport'], cadence: 'weekly' }]);
  });

  it('pauses (out of every run, an import does not resume) and resumes under the cadence chosen meanwhile', async () => {
    const { subscribers, preferences } = await setUp();

    expect(await preferences.pause(ADA.email, LATER)).toBe('changed');
    expect(await preferences.change(ADA.email, { topics: ['world'], cadence: 'weekly', timezone: 'Asia/Tokyo' }, LATER)).toBe('changed');
    await subscribers.import([{ email: ADA.email, topics: ['*'], cadence: 'weekly' }], { now: LATER });
    expect(await subscribers.get(ADA.email)).toMatchObject({ status: 'paused', timezone: 'Asia/Tokyo' });
    expect([...(await subscribers.loadActive('weekly')), ...(await subscribers.loadActive('daily'))]).toEqual([]);

    expect(await preferences.resume(ADA.email, 'weekly', LATER)).toBe('changed');
    expect(await subscribers.loadActive('weekly')).toEqual([{ email: ADA.email, topics: ['*'], cadence: 'weekly' }]);
    expect(await subscribers.unsubscribe(ADA.email, 'page', LATER)).toBe('changed');
  });

  it('never changes, pauses or resumes a reader who is not subscribed: unsubscribed, suppressed, pending or unknown', async () => {
    const { subscribers, preferences } = await setUp();
    await subscribers.unsubscribe(ADA.email, 'one-click', NOW);
    await subscribers.suppress('eve@example.com', 'complaint: abuse', NOW);

    for (const email of [ADA.email, 'eve@example.com', 'nobody@example.com']) {
      expect(await preferences.change(email, { topics: ['world'], cadence: 'daily' }, LATER)).toBe('not-subscribed');
      expect(await preferences.pause(email, LATER)).toBe('not-subscribed');
      expect(await preferences.resume(email, 'daily', LATER)).toBe('not-subscribed');
    }

    expect(await subscribers.get(ADA.email)).toMatchObject({ status: 'unsubscribed', topics: ['*'] });
    expect(await subscribers.get('nobody@example.com')).toBeNull();
    expect(await subscribers.loadActive('daily')).toEqual([]);
  });
});
