import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../lambda/log.js';
import { SigningKeyring } from '../../../lambda/mail/signing-keyring.js';
import { parseSigningKeys } from '../../../lambda/mail/signing-keys.js';
import { createUnsubscribeQuery } from '../../../lambda/mail/unsubscribe-token.js';
import { handleUnsubscribe } from '../../../lambda/pipeline/unsubscribe-request.js';
import { MemoryObjectStore } from '../../../lambda/store/memory-object-store.js';
import { SubscriberPreferences } from '../../../lambda/store/subscriber-preferences.js';
import { UsedLinkRepository } from '../../../lambda/store/used-link-repository.js';
import { useTestDynamoDb } from '../../support/dynamodb-emulator.js';

const signing = parseSigningKeys(JSON.stringify({ current: '1', key1: 'k'.repeat(48) }));
const NOW = new Date('2026-11-24T12:00:00Z');
const READER = { email: 'reader@example.com', topics: ['world', 'russia-us'], cadence: 'daily' as const, timezone: 'Europe/Berlin' };

const dynamo = useTestDynamoDb();

/** A reader with a digest's "Unsubscribe or change your topics" link (scope "*"), and the operator's topic "russia-us". */
async function setUp() {
  const subscribers = await dynamo().freshSubscribers();
  await subscribers.add(READER, NOW);
  const deps = {
    subscribers,
    preferences: new SubscriberPreferences(dynamo().clientFor(), subscribers.tableName),
    customTopicNames: async () => ['russia-us'],
    usedLinks: new UsedLinkRepository(new MemoryObjectStore()),
    signing: new SigningKeyring(signing),
    logger: silentLogger,
    now: () => NOW,
  };
  const query = Object.fromEntries(new URLSearchParams(createUnsubscribeQuery({ email: READER.email, scope: '*', issuedAt: NOW.getTime() / 1000 }, signing)));
  const open = () => handleUnsubscribe({ method: 'GET', query, body: '' }, deps);
  const press = (fields: Record<string, string | string[]>, q: Record<string, string> = query) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const one of [value].flat()) body.append(name, one);
    return handleUnsubscribe({ method: 'POST', query: q, contentType: 'application/x-www-form-urlencoded', body: body.toString() }, deps);
  };
  return { subscribers, query, open, press };
}

describe('preference centre (a digest\'s "change your topics" link)', () => {
  it('shows the reader\'s topics, cadence and time zone with buttons to save, pause and unsubscribe; opening it changes nothing', async () => {
    const { subscribers, open } = await setUp();

    const response = await open();

    expect(response.status).toBe(200);
    expect(response.body).toContain('name="topics" value="world" checked');
    expect(response.body).toContain('name="topics" value="russia-us" checked');
    expect(response.body).toContain('name="topics" value="sport">');
    expect(response.body).toMatch(/value="daily" selected/);
    expect(response.body).toContain('value="Europe/Berlin"');
    for (const action of ['preferences', 'pause', 'all']) expect(response.body).toContain(`name="action" value="${action}"`);
    expect(await subscribers.get(READER.email)).toMatchObject({ status: 'active', topics: READER.topics, cadence: 'daily' });
  });

  it('saves new topics, cadence and time zone; the next run of the new cadence mails them', async () => {
    const { subscribers, press } = await setUp();

    const response = await press({ action: 'preferences', topics: ['technology', 'sport'], cadence: 'weekly', timezone: 'America/New_York' });

    expect(response.status).toBe(200);
    expect(response.body).toContain('Saved');
    expect(response.body).toContain('name="topics" value="technology" checked');
    expect(await subscribers.get(READER.email)).toMatchObject({ topics: ['technology', 'sport'], cadence: 'weekly', timezone: 'America/New_York' });
    expect(await subscribers.loadActive('daily')).toEqual([]);
    expect(await subscribers.loadActive('weekly')).toEqual([{ email: READER.email, topics: ['technology', 'sport'], cadence: 'weekly' }]);
  });

  it('answers a choice it does not offer with 400 and the centre again, changing nothing', async () => {
    const { subscribers, press } = await setUp();

    const noTopic = await press({ action: 'preferences', cadence: 'weekly' });
    const badZone = await press({ action: 'preferences', topics: 'world', cadence: 'daily', timezone: '<script>' });

    expect(noTopic.status).toBe(400);
    expect(noTopic.body).toContain('choose at least one topic');
    expect(badZone.status).toBe(400);
    expect(badZone.body).not.toContain('<script>');
    expect(await subscribers.get(READER.email)).toMatchObject({ topics: READER.topics, cadence: 'daily', timezone: 'Europe/Berlin' });
  });

  it('pauses the digests (no run mails the reader) and resumes them from the same link', async () => {
    const { subscribers, open, press } = await setUp();

    const paused = await press({ action: 'pause' });
    expect(paused.body).toContain('paused');
    expect(await subscribers.loadActive('daily')).toEqual([]);
    expect((await open()).body).toContain('name="action" value="resume"');

    await press({ action: 'resume' });
    expect(await subscribers.loadActive('daily')).toHaveLength(1);
  });

  it('unsubscribes from the centre; afterwards the link changes nothing and shows no choices (it never re-subscribes)', async () => {
    const { subscribers, open, press } = await setUp();

    expect((await press({ action: 'all' })).body).toContain('You are unsubscribed');
    const reopened = await open();
    const change = await press({ action: 'preferences', topics: 'world', cadence: 'daily' });
    const resume = await press({ action: 'resume' });

    expect(reopened.body).not.toContain('Europe/Berlin');
    expect(change.body).toContain('Not subscribed');
    expect(resume.body).toContain('Not subscribed');
    expect(await subscribers.get(READER.email)).toMatchObject({ status: 'unsubscribed' });
    expect(await subscribers.loadActive('daily')).toEqual([]);
  });

  it('refuses a forged link with 403 before reading or changing anything', async () => {
    const { subscribers, query, press } = await setUp();

    const response = await press({ action: 'preferences', topics: 'sport', cadence: 'weekly' }, { ...query, s: 'A'.repeat(43) });

    expect(response.status).toBe(403);
    expect(await subscribers.get(READER.email)).toMatchObject({ topics: READER.topics, cadence: 'daily' });
  });
});
