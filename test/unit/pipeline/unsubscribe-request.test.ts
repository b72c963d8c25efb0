import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../lambda/log.js';
import { parseSigningKeys } from '../../../lambda/mail/signing-keys.js';
import { createUnsubscribeQuery } from '../../../lambda/mail/unsubscribe-token.js';
import { handleUnsubscribe } from '../../../lambda/pipeline/unsubscribe-request.js';
import { MemoryObjectStore } from '../../../lambda/store/memory-object-store.js';
import { UsedLinkRepository } from '../../../lambda/store/used-link-repository.js';
import { startTestDynamoDb, type TestDynamoDb } from '../../support/dynamodb-emulator.js';

const signing = parseSigningKeys(JSON.stringify({ current: '1', key1: 'k'.repeat(48) }));
const NOW = new Date('2026-11-24T12:00:00Z');

/** The subscriber table is dynalite, in memory; each setUp gets a table of its own. */
let dynamo: TestDynamoDb;
beforeAll(async () => {
  dynamo = await startTestDynamoDb();
});
afterAll(async () => {
  await dynamo?.close();
});

const READER = { email: 'reader@example.com', topics: ['*'], cadence: 'daily' as const };

async function setUp() {
  const store = new MemoryObjectStore();
  const subscribers = await dynamo.freshSubscribers();
  await subscribers.import([READER], { now: NOW });
  const deps = { subscribers, usedLinks: new UsedLinkRepository(store), signing, logger: silentLogger, now: () => NOW };
  const active = () => subscribers.loadActive('daily');
  /** The operator lets the reader back in: deletes the item and adds the reader anew. */
  const readmit = async () => {
    await subscribers.remove(READER.email);
    await subscribers.add(READER, NOW);
  };
  const query = (scope: string) => Object.fromEntries(new URLSearchParams(createUnsubscribeQuery({ email: 'reader@example.com', scope, issuedAt: NOW.getTime() / 1000 }, signing)));
  return { store, deps, active, query, readmit };
}

describe('unsubscribe endpoint', () => {
  it('unsubscribes at once on an RFC 8058 one-click POST, answering 200 without a redirect', async () => {
    const { deps, active, query } = await setUp();

    const response = await handleUnsubscribe({ method: 'POST', query: query('*'), body: 'List-Unsubscribe=One-Click' }, deps);

    expect(response.status).toBe(200);
    expect(response.body).toMatch(/unsubscribed/);
    expect(await active()).toEqual([]);
  });

  it('only shows a confirmation page on GET (link scanners prefetch), with a button that posts', async () => {
    const { deps, active, query } = await setUp();

    const response = await handleUnsubscribe({ method: 'GET', query: query('*'), body: '' }, deps);

    expect(response.status).toBe(200);
    expect(response.body).toContain('<form method="post"');
    expect(response.body).toContain('reader@example.com');
    expect(await active()).toHaveLength(1);
  });

  it('refuses a forged token with 403 and changes nothing', async () => {
    const { deps, active, query } = await setUp();
    const forged = { ...query('*'), s: 'A'.repeat(43) };

    const response = await handleUnsubscribe({ method: 'POST', query: forged, body: 'List-Unsubscribe=One-Click' }, deps);

    expect(response.status).toBe(403);
    expect(await active()).toHaveLength(1);
  });

  it('treats a replayed link as already done', async () => {
    const { deps, active, query } = await setUp();
    const q = query('*');
    await handleUnsubscribe({ method: 'POST', query: q, body: 'List-Unsubscribe=One-Click' }, deps);

    const again = await handleUnsubscribe({ method: 'POST', query: q, body: 'List-Unsubscribe=One-Click' }, deps);

    expect(again.status).toBe(200);
    expect(again.body).toMatch(/already used/);
    expect(await active()).toEqual([]);
  });

  it('refuses a replay after the operator let the reader back in: nothing changes', async () => {
    // Prepare: the reader unsubscribed with a link, then the operator removed and re-added them.
    const { deps, active, query, readmit } = await setUp();
    const q = query('*');
    await handleUnsubscribe({ method: 'POST', query: q, body: 'List-Unsubscribe=One-Click' }, deps);
    await readmit();
    expect(await active()).toHaveLength(1);

    // Act: the old link is used again (a kept or forwarded mail).
    const replay = await handleUnsubscribe({ method: 'POST', query: q, body: 'List-Unsubscribe=One-Click' }, deps);
    const viaPage = await handleUnsubscribe({ method: 'POST', query: q, body: 'action=all' }, deps);

    // Assess: neither the one-click replay nor the same action from the page changed anything.
    expect(replay.body).toMatch(/already used/);
    expect(viaPage.body).toMatch(/already used/);
    expect(await active()).toHaveLength(1);
  });

  it('cannot be replayed by re-encoding the link or asking a link for every mail to stop a topic', async () => {
    // Prepare: used once, then the operator let the reader back in.
    const { deps, active, query, readmit } = await setUp();
    const q = query('*');
    await handleUnsubscribe({ method: 'POST', query: q, body: 'List-Unsubscribe=One-Click' }, deps);
    await readmit();

    // Act: the same signature spelled with base64 padding, and the page's other button.
    const padded = await handleUnsubscribe({ method: 'POST', query: { ...q, s: `${q['s']}=` }, body: 'List-Unsubscribe=One-Click' }, deps);
    const asTopic = await handleUnsubscribe({ method: 'POST', query: q, body: 'action=topic' }, deps);

    // Assess
    expect(padded.body).toMatch(/already used/);
    expect(asTopic.body).toMatch(/already used/);
    expect(await active()).toHaveLength(1);
  });

  it('keeps a link usable when its change failed, so a retry still unsubscribes', async () => {
    // Prepare: the first attempt fails writing the preference.
    const { deps, active, query } = await setUp();
    const q = query('*');
    const failing = { ...deps, subscribers: Object.assign(Object.create(deps.subscribers), { unsubscribe: () => Promise.reject(new Error('DynamoDB down')) }) };
    await expect(handleUnsubscribe({ method: 'POST', query: q, body: 'List-Unsubscribe=One-Click' }, failing)).rejects.toThrow('DynamoDB down');

    // Act
    const retry = await handleUnsubscribe({ method: 'POST', query: q, body: 'List-Unsubscribe=One-Click' }, deps);

    // Assess
    expect(retry.body).toMatch(/unsubscribed/);
    expect(await active()).toEqual([]);
  });

  it('stops one topic from a topic link and keeps the others', async () => {
    const { deps, active, query } = await setUp();

    const page = await handleUnsubscribe({ method: 'GET', query: query('sport'), body: '' }, deps);
    const done = await handleUnsubscribe({ method: 'POST', query: query('sport'), body: 'action=topic' }, deps);

    expect(page.body).toContain('Stop only Sport');
    expect(done.status).toBe(200);
    const [subscriber] = await active();
    expect(subscriber?.topics).toEqual(['world', 'politics', 'business', 'technology', 'entertainment']);
  });

  it('offers "unsubscribe from all" on a topic link too', async () => {
    const { deps, active, query } = await setUp();
    await handleUnsubscribe({ method: 'POST', query: query('sport'), body: 'action=all' }, deps);
    expect(await active()).toEqual([]);
  });
});
