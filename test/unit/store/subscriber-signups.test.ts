import { describe, expect, it } from 'vitest';
import type { DynamoDbSubscriberRepository } from '../../../lambda/store/dynamodb-subscriber-repository.js';
import { SubscriberPreferences } from '../../../lambda/store/subscriber-preferences.js';
import { SubscriberSignups } from '../../../lambda/store/subscriber-signups.js';
import { useTestDynamoDb } from '../../support/dynamodb-emulator.js';

const SIGNED_UP = new Date('2026-11-24T12:00:00Z');
const CONFIRMED = new Date('2026-11-24T12:30:00Z');
const ADA = { email: 'ada@example.com', name: 'Ada', topics: ['world'], cadence: 'daily' as const, timezone: 'Europe/Berlin' };
const CONSENT = { consentAt: CONFIRMED.toISOString(), consentSource: 'signup form https://news.example.org, confirmed' };

const dynamo = useTestDynamoDb();

async function setUp(): Promise<{ subscribers: DynamoDbSubscriberRepository; signups: SubscriberSignups }> {
  const subscribers = await dynamo().freshSubscribers();
  return { subscribers, signups: new SubscriberSignups(dynamo().clientFor(), subscribers.tableName) };
}

describe('SubscriberSignups', () => {
  it('records a new address as pending, outside the digest index, and confirming makes it active with consent recorded', async () => {
    const { subscribers, signups } = await setUp();

    expect(await signups.recordPending(ADA, SIGNED_UP)).toBe(true);
    expect(await subscribers.get(ADA.email)).toMatchObject({ status: 'pending', topics: ['world'], timezone: 'Europe/Berlin' });
    expect(await subscribers.loadActive('daily')).toEqual([]);

    expect(await signups.confirm({ ...ADA, ...CONSENT }, SIGNED_UP, CONFIRMED)).toBe('activated');
    expect(await subscribers.get(ADA.email)).toMatchObject({ status: 'active', statusAt: CONFIRMED.toISOString(), ...CONSENT });
    expect(await subscribers.loadActive('daily')).toEqual([{ email: ADA.email, name: 'Ada', topics: ['world'], cadence: 'daily' }]);
  });

  it('leaves an active reader as they are until they confirm: no pending, no new topics', async () => {
    const { subscribers, signups } = await setUp();
    await subscribers.add({ email: ADA.email, topics: ['sport'], cadence: 'weekly' }, SIGNED_UP);

    expect(await signups.recordPending(ADA, CONFIRMED)).toBe(false);

    expect(await subscribers.get(ADA.email)).toMatchObject({ status: 'active', topics: ['sport'], cadence: 'weekly' });
    expect(await subscribers.loadActive('weekly')).toHaveLength(1);
  });

  it('never confirms a suppressed address, an unknown one, or one unsubscribed after the link was issued', async () => {
    const { subscribers, signups } = await setUp();
    await subscribers.add({ email: 'eve@example.com', topics: ['*'], cadence: 'daily' }, SIGNED_UP);
    await subscribers.suppress('eve@example.com', 'complaint: abuse', SIGNED_UP);
    await signups.recordPending(ADA, SIGNED_UP);
    await subscribers.unsubscribe(ADA.email, 'one-click', CONFIRMED);

    expect(await signups.confirm({ ...ADA, email: 'eve@example.com', ...CONSENT }, SIGNED_UP, CONFIRMED)).toBe('refused');
    expect(await signups.confirm({ ...ADA, email: 'nobody@example.com', ...CONSENT }, SIGNED_UP, CONFIRMED)).toBe('refused');
    expect(await signups.confirm({ ...ADA, ...CONSENT }, SIGNED_UP, CONFIRMED)).toBe('refused');

    expect(await subscribers.loadActive('daily')).toEqual([]);
    expect(await subscribers.get('nobody@example.com')).toBeNull();
  });

  it('lets back in a reader who left before signing up again (a new opt-in), clearing their stopped topics', async () => {
    const { subscribers, signups } = await setUp();
    await subscribers.add({ email: ADA.email, topics: ['*'], cadence: 'daily' }, SIGNED_UP);
    await subscribers.stopTopic(ADA.email, 'sport', SIGNED_UP);
    await subscribers.unsubscribe(ADA.email, 'one-click', SIGNED_UP);

    expect(await signups.confirm({ ...ADA, ...CONSENT }, CONFIRMED, CONFIRMED)).toBe('activated');

    const record = await subscribers.get(ADA.email);
    expect(record).toMatchObject({ status: 'active', topics: ['world'] });
    expect(record?.stoppedTopics).toBeUndefined();
    expect(record?.statusReason).toBeUndefined();
  });

  it('resumes a paused reader who confirms a new signup', async () => {
    const { subscribers, signups } = await setUp();
    await subscribers.add({ email: ADA.email, topics: ['*'], cadence: 'weekly' }, SIGNED_UP);
    await new SubscriberPreferences(dynamo().clientFor(), subscribers.tableName).pause(ADA.email, SIGNED_UP);

    expect(await signups.confirm({ ...ADA, ...CONSENT }, CONFIRMED, CONFIRMED)).toBe('activated');

    expect(await subscribers.loadActive('daily')).toEqual([{ email: ADA.email, name: 'Ada', topics: ['world'], cadence: 'daily' }]);
  });

  it('counts at most the cap of confirmation mails per address and day, and starts again the next day', async () => {
    const { subscribers, signups } = await setUp();

    const first = [];
    for (let i = 0; i < 5; i++) first.push(await signups.takeConfirmationMail(ADA.email, '2026-11-24', 3));
    const other = await signups.takeConfirmationMail('bob@example.com', '2026-11-24', 3);
    const nextDay = await signups.takeConfirmationMail(ADA.email, '2026-11-25', 3);

    expect(first).toEqual([true, true, true, false, false]);
    expect(other).toBe(true);
    expect(nextDay).toBe(true);
    // The count is bookkeeping: a reader read from the table does not show it.
    expect(await subscribers.get(ADA.email)).toEqual({ addressHash: expect.any(String) });
  });

  it('holds the cap under concurrent requests', async () => {
    const { signups } = await setUp();
    const answers = await Promise.all(Array.from({ length: 12 }, () => signups.takeConfirmationMail(ADA.email, '2026-11-24', 3)));
    expect(answers.filter(Boolean)).toHaveLength(3);
  });
});
