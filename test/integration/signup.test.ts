import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPublicEndpointStack, type PublicEndpointStack } from '../support/public-endpoint-stack.js';

/**
 * Signup through local mode's public server and the real emulators: the form, a POST as a browser
 * sends it, the confirmation mail read from the SES emulator, its link followed, the reader active
 * in `newsdrop subscribers export`, then the preference centre of their next digest.
 */
let stack: PublicEndpointStack;
beforeAll(async () => {
  stack = await startPublicEndpointStack();
});
afterAll(async () => {
  await stack?.close();
});

describe('signup in local mode', () => {
  it('form → POST → confirmation mail in the SES emulator → confirm → active in subscribers export → preference centre → unsubscribed', async () => {
    const form = await fetch(new URL('subscribe', stack.url));
    expect(form.status).toBe(200);
    expect(form.headers.get('content-security-policy')).toMatch(/script-src 'sha256-/);
    expect(await form.text()).toContain('name="topics" value="technology"');

    const body = new URLSearchParams({ email: 'reader@example.com', name: 'Rea Der', cadence: 'daily', timezone: 'America/New_York', website: '' });
    body.append('topics', 'technology');
    body.append('topics', 'world');
    const posted = await fetch(new URL('subscribe', stack.url), { method: 'POST', body, headers: { origin: 'https://news.example.org' } });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toContain('Check your inbox');

    const mails = await stack.ses.mails();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.destination.to).toEqual(['"Rea Der" <reader@example.com>']);
    const link = /http:\/\/127\.0\.0\.1:\d+\/subscribe\/confirm\?p=[\w-]+&s=[\w-]+/.exec(mails[0]!.body.text ?? '')?.[0];
    expect(link).toBeDefined();

    expect(await (await fetch(link!)).text()).toContain('Confirm my subscription');
    const confirmed = await fetch(link!, { method: 'POST', body: new URLSearchParams() });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('You are subscribed');

    expect(await stack.exportSubscribers()).toEqual([
      expect.objectContaining({
        email: 'reader@example.com',
        name: 'Rea Der',
        status: 'active',
        topics: ['technology', 'world'],
        cadence: 'daily',
        timezone: 'America/New_York',
        consentSource: 'signup form https://news.example.org, confirmed',
        consentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      }),
    ]);

    // The next digest's "Unsubscribe or change your topics" link, signed as the sender signs it: the preference centre.
    const centre = stack.digestLink('reader@example.com');
    expect(await (await fetch(centre)).text()).toContain('name="topics" value="technology" checked');
    const saved = await fetch(centre, { method: 'POST', body: new URLSearchParams({ action: 'preferences', cadence: 'weekly', timezone: 'America/New_York', topics: 'sport' }) });
    expect(saved.status).toBe(200);
    const left = await fetch(centre, { method: 'POST', body: new URLSearchParams({ action: 'all' }) });
    expect(await left.text()).toContain('You are unsubscribed');
    expect(await stack.exportSubscribers()).toEqual([expect.objectContaining({ status: 'unsubscribed', topics: ['sport'], cadence: 'weekly' })]);
  });
});
