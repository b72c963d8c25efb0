import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../lambda/log.js';
import { SigningKeyring } from '../../../lambda/mail/signing-keyring.js';
import { parseSigningKeys } from '../../../lambda/mail/signing-keys.js';
import { createUnsubscribeQuery } from '../../../lambda/mail/unsubscribe-token.js';
import { MAX_FORM_BYTES } from '../../../lambda/pipeline/unsubscribe-form.js';
import { handleUnsubscribe } from '../../../lambda/pipeline/unsubscribe-request.js';
import { MemoryObjectStore } from '../../../lambda/store/memory-object-store.js';
import { SubscriberPreferences } from '../../../lambda/store/subscriber-preferences.js';
import { UsedLinkRepository } from '../../../lambda/store/used-link-repository.js';
import { useTestDynamoDb } from '../../support/dynamodb-emulator.js';

const signing = parseSigningKeys(JSON.stringify({ current: '1', key1: 'k'.repeat(48) }));
/** After a rotation: a newer digest container signs with key2. */
const rotated = parseSigningKeys(JSON.stringify({ current: '2', key1: 'k'.repeat(48), key2: 'n'.repeat(48) }));
const NOW = new Date('2026-11-24T12:00:00Z');

/** The subscriber table is dynalite, in memory; each setUp gets a table of its own. */
const dynamo = useTestDynamoDb();

const READER = { email: 'reader@example.com', topics: ['*'], cadence: 'daily' as const };

async function setUp() {
  const store = new MemoryObjectStore();
  const subscribers = await dynamo().freshSubscribers();
  await subscribers.import([READER], { now: NOW });
  const preferences = new SubscriberPreferences(dynamo().clientFor(), subscribers.tableName);
  const deps = { subscribers, preferences, customTopicNames: async () => [], usedLinks: new UsedLinkRepository(store), signing: new SigningKeyring(signing), logger: silentLogger, now: () => NOW };
  const active = () => subscribers.loadActive('daily');
  /** The operator lets the reader back in: deletes the item and adds the reader anew. */
  const readmit = async () => {
    await subscribers.remove(READER.email);
    await subscribers.add(READER, NOW);
  };
  const query = (scope: string, keys = signing) => Object.fromEntries(new URLSearchParams(createUnsubscribeQuery({ email: 'reader@example.com', scope, issuedAt: NOW.getTime() / 1000 }, keys)));
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

/** A form as a browser or mail provider encodes it as multipart/form-data: its bytes and Content-Type. */
async function multipart(fields: Record<string, string>): Promise<{ body: Uint8Array; contentType: string }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const request = new Request('https://unsubscribe.example/', { method: 'POST', body: form });
  return { body: new Uint8Array(await request.arrayBuffer()), contentType: request.headers.get('content-type')! };
}

describe('unsubscribe endpoint: the forms RFC 8058 allows', () => {
  it('unsubscribes on a one-click POST sent as multipart/form-data', async () => {
    const { deps, active, query } = await setUp();

    const response = await handleUnsubscribe({ method: 'POST', query: query('*'), ...(await multipart({ 'List-Unsubscribe': 'One-Click' })) }, deps);

    expect(response.status).toBe(200);
    expect(response.body).toMatch(/unsubscribed/);
    expect(await active()).toEqual([]);
  });

  it('reads a hand-written multipart body with a quoted boundary and a charset, as a mail provider sends it', async () => {
    const { deps, active, query } = await setUp();
    const body = '--b1\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nOne-Click\r\n--b1--\r\n';

    const response = await handleUnsubscribe({ method: 'POST', query: query('sport'), contentType: 'multipart/form-data; boundary="b1"', body }, deps);

    expect(response.status).toBe(200);
    const [subscriber] = await active();
    expect(subscriber?.topics).not.toContain('sport');
  });

  it('takes the page\'s button as multipart too', async () => {
    const { deps, active, query } = await setUp();
    const response = await handleUnsubscribe({ method: 'POST', query: query('*'), ...(await multipart({ action: 'all' })) }, deps);
    expect(response.status).toBe(200);
    expect(await active()).toEqual([]);
  });

  it.each([
    ['no boundary', 'multipart/form-data', '--b1\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--b1--\r\n'],
    ['a body cut short', 'multipart/form-data; boundary=b1', '--b1\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Cl'],
    ['a body that is no multipart at all', 'multipart/form-data; boundary=b1', 'List-Unsubscribe=One-Click'],
  ])('answers malformed multipart (%s) with 400 and changes nothing', async (_, contentType, body) => {
    const { deps, active, query } = await setUp();

    const response = await handleUnsubscribe({ method: 'POST', query: query('*'), contentType, body }, deps);

    expect(response.status).toBe(400);
    expect(await active()).toHaveLength(1);
  });

  it('refuses a body larger than any form it sends with 413, before parsing it', async () => {
    const { deps, active, query } = await setUp();
    const big = `List-Unsubscribe=One-Click&pad=${'x'.repeat(MAX_FORM_BYTES)}`;

    const urlEncoded = await handleUnsubscribe({ method: 'POST', query: query('*'), contentType: 'application/x-www-form-urlencoded', body: big }, deps);
    const asMultipart = await handleUnsubscribe({ method: 'POST', query: query('*'), ...(await multipart({ 'List-Unsubscribe': 'One-Click', pad: 'x'.repeat(MAX_FORM_BYTES) })) }, deps);

    expect(urlEncoded.status).toBe(413);
    expect(asMultipart.status).toBe(413);
    expect(await active()).toHaveLength(1);
  });

  it('answers any multipart body with a 2xx or a 4xx, never an exception (property)', async () => {
    const { deps, query } = await setUp();
    const q = query('*');
    const part = fc.record({
      headers: fc.array(fc.oneof(fc.constant('Content-Disposition: form-data; name="List-Unsubscribe"'), fc.constant('Content-Disposition: form-data; name="action"; filename="a.txt"'), fc.string({ maxLength: 60 })), { maxLength: 3 }),
      value: fc.oneof(fc.constant('One-Click'), fc.string({ unit: 'binary', maxLength: 80 })),
    });
    const body = fc.tuple(fc.array(part, { maxLength: 4 }), fc.boolean(), fc.string({ maxLength: 20 })).map(([parts, closed, tail]) =>
      parts.map((p) => `--b1\r\n${p.headers.join('\r\n')}\r\n\r\n${p.value}\r\n`).join('') + (closed ? '--b1--\r\n' : tail),
    );
    const contentType = fc.oneof(fc.constant('multipart/form-data; boundary=b1'), fc.constant('multipart/form-data'), fc.string({ maxLength: 40 }).map((tail) => `multipart/form-data; ${tail}`));
    // Read-only deps: a request that unsubscribes changes the table, so each run starts from the same reader.
    const readOnly = { ...deps, usedLinks: { firstUse: async () => ({ action: 'all', at: NOW.toISOString() }), recordUse: async () => {} } };
    await fc.assert(
      fc.asyncProperty(body, contentType, async (text, type) => {
        const response = await handleUnsubscribe({ method: 'POST', query: q, contentType: type, body: text }, readOnly);
        expect(response.status).toBeGreaterThanOrEqual(200);
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  });
});

describe('unsubscribe endpoint: hostile tokens', () => {
  it.each([
    ['"v":"constructor"', '{"v":"constructor","e":"reader@example.com","t":"*","iat":1795953600}'],
    ['"v":"__proto__"', '{"v":"__proto__","e":"reader@example.com","t":"*","iat":1795953600}'],
    ['"v":"toString"', '{"v":"toString","e":"reader@example.com","t":"*","iat":1795953600}'],
    ['a null payload', 'null'],
  ])('answers a token with %s with 403, never a 500', async (_, json) => {
    const { deps, active } = await setUp();
    const p = Buffer.from(json).toString('base64url');

    for (const method of ['GET', 'POST']) {
      const response = await handleUnsubscribe({ method, query: { p, s: 'A'.repeat(43) }, body: 'List-Unsubscribe=One-Click' }, deps);
      expect(response.status).toBe(403);
    }
    expect(await active()).toHaveLength(1);
  });

  it('answers any query with a 403 and changes nothing (property)', async () => {
    const { deps, active } = await setUp();
    const token = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.jsonValue({ maxDepth: 2 }).map((value) => Buffer.from(JSON.stringify(value) ?? '').toString('base64url')),
      fc
        .record({ v: fc.oneof(fc.constantFrom('1', 'constructor', '__proto__', 'toString', 'valueOf'), fc.string()), e: fc.jsonValue(), t: fc.jsonValue(), iat: fc.jsonValue() })
        .map((value) => Buffer.from(JSON.stringify(value)).toString('base64url')),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST'), token, fc.string({ maxLength: 60 }), async (method, p, s) => {
        const response = await handleUnsubscribe({ method, query: { p, s }, body: 'List-Unsubscribe=One-Click' }, deps);
        expect(response.status).toBe(403);
      }),
      { numRuns: 500 },
    );
    expect(await active()).toHaveLength(1);
  });
});

describe('unsubscribe endpoint: key rotation', () => {
  it('fetches the keys again for a link signed with a key version this container does not know', async () => {
    // Prepare: a warm container loaded key1 only; the secret now holds key2 as current.
    const { deps, active, query } = await setUp();
    const fetchKeys = vi.fn(async () => rotated);
    const warm = { ...deps, signing: new SigningKeyring(signing, fetchKeys) };

    // Act: a link from a digest signed after the rotation.
    const response = await handleUnsubscribe({ method: 'POST', query: query('*', rotated), body: 'List-Unsubscribe=One-Click' }, warm);

    // Assess
    expect(response.status).toBe(200);
    expect(await active()).toEqual([]);
    expect(fetchKeys).toHaveBeenCalledTimes(1);
  });

  it('fetches at most once per interval however many forged versions arrive', async () => {
    const { deps, query } = await setUp();
    const fetchKeys = vi.fn(async () => signing);
    const warm = { ...deps, signing: new SigningKeyring(signing, fetchKeys) };
    const forged = (version: string) => query('*', parseSigningKeys(JSON.stringify({ current: version, [`key${version}`]: 'f'.repeat(48) })));

    const answers = await Promise.all(['7', '8', '9', '10', '11'].map((version) => handleUnsubscribe({ method: 'POST', query: forged(version), body: 'List-Unsubscribe=One-Click' }, warm)));

    expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403, 403, 403]);
    expect(fetchKeys).toHaveBeenCalledTimes(1);
  });

  it('answers 503 (try again) when the keys cannot be fetched, and changes nothing', async () => {
    const { deps, active, query } = await setUp();
    const warm = { ...deps, signing: new SigningKeyring(signing, () => Promise.reject(new Error('Secrets Manager unavailable'))) };

    const response = await handleUnsubscribe({ method: 'POST', query: query('*', rotated), body: 'List-Unsubscribe=One-Click' }, warm);

    expect(response.status).toBe(503);
    expect(await active()).toHaveLength(1);
  });
});
