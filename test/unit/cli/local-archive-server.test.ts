import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUnsubscribeServer } from '../../../bin/local/unsubscribe-server.js';
import { MemoryObjectStore } from '../../../lambda/store/memory-object-store.js';
import { WebArchive } from '../../../lambda/store/web-archive.js';

/** One raw HTTP request (fetch would normalise the paths this test sends on purpose). */
function send(url: string, method: string, target: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = request({ hostname, port, method, path: target }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('local mode\'s web archive routes', () => {
  const store = new MemoryObjectStore();
  let server: Awaited<ReturnType<typeof startUnsubscribeServer>>;
  let pageUrl: string;
  const unsubscribeCalls: string[] = [];

  beforeAll(async () => {
    server = await startUnsubscribeServer(
      0,
      async () => async (event) => {
        unsubscribeCalls.push(event.rawPath);
        return { statusCode: 200, body: 'unsubscribe handler' };
      },
      {
        archive: async (path) => {
          const object = await store.get(`archive/${path}`);
          return object ? { body: object.body, contentType: object.contentType } : null;
        },
      },
    );
    const archive = new WebArchive(store, server.archiveUrl);
    pageUrl = await archive.publishDigestPage('<!doctype html><title>A digest</title>');
    await archive.putListing('index.html', '<!doctype html><title>newsdrop archive</title>');
    await archive.putListing('daily/feed.xml', '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"/>');
    // Not under archive/: must never be served.
    await store.put('config/subscribers.json', '[{"email":"reader@example.com"}]');
    await store.put('archive-secrets.html', 'outside');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('serves what the archive wrote, with its content type and the distribution\'s security headers', async () => {
    expect(pageUrl).toMatch(new RegExp(`^${server.archiveUrl}digests/[0-9a-f]{32}\\.html$`));

    const page = await send(server.url, 'GET', new URL(pageUrl).pathname);
    const feed = await send(server.url, 'GET', '/archive/daily/feed.xml');
    const front = await send(server.url, 'GET', '/archive/');
    const bare = await send(server.url, 'GET', '/archive');
    const head = await send(server.url, 'HEAD', '/archive/daily/feed.xml');

    expect(page).toMatchObject({ status: 200, body: '<!doctype html><title>A digest</title>' });
    expect(page.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' });
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'/);
    expect(feed).toMatchObject({ status: 200, headers: expect.objectContaining({ 'content-type': 'application/atom+xml; charset=utf-8' }) });
    expect(front.body).toContain('newsdrop archive');
    expect(bare.body).toContain('newsdrop archive');
    expect(head).toMatchObject({ status: 200, body: '' });
    expect(unsubscribeCalls).toEqual([]);
  });

  it('answers 404 for anything the archive does not hold or could not have written, 405 for other methods, 400 for a malformed path', async () => {
    const targets = ['/archive/daily/missing.html', '/archive/../config/subscribers.json', '/archive/%2e%2e/config/subscribers.json', '/archive/..%2fconfig%2fsubscribers.json', '/archive/daily/feed.xml%00.html', '/archive-secrets.html'];
    const answers = await Promise.all(targets.map((target) => send(server.url, 'GET', target)));
    const posted = await send(server.url, 'POST', '/archive/daily/feed.xml');
    const malformed = await send(server.url, 'GET', '/archive/%E0%A4%A');

    // "/archive/../x" and "/archive/%2e%2e/x" are normalised by the URL parser to "/x": the unsubscribe handler's, never the archive's.
    expect(answers.map((answer) => answer.status)).toEqual([404, 200, 200, 404, 404, 200]);
    for (const index of [1, 2, 5]) expect(answers[index]!.body).toBe('unsubscribe handler');
    for (const answer of answers) expect(answer.body).not.toContain('reader@example.com');
    expect(posted).toMatchObject({ status: 405, headers: expect.objectContaining({ allow: 'GET, HEAD' }) });
    expect(malformed.status).toBe(400);
    expect(unsubscribeCalls.sort()).toEqual(['/archive-secrets.html', '/config/subscribers.json', '/config/subscribers.json']);
  });
});
