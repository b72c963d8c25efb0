import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../lambda/log.js';
import { TransientMailError } from '../../../lambda/mail/mail-error.js';
import type { MailSender } from '../../../lambda/mail/mail-sender.js';
import { SigningKeyring } from '../../../lambda/mail/signing-keyring.js';
import { parseSigningKeys } from '../../../lambda/mail/signing-keys.js';
import { SIGNUP_TOKEN_LIFETIME_SECONDS } from '../../../lambda/mail/signup-token.js';
import { handleSignup, isSignupPath, type SignupDependencies } from '../../../lambda/pipeline/signup-request.js';
import { MAX_FORM_BYTES } from '../../../lambda/pipeline/unsubscribe-form.js';
import { MemoryObjectStore } from '../../../lambda/store/memory-object-store.js';
import { SubscriberSignups } from '../../../lambda/store/subscriber-signups.js';
import { UsedLinkRepository } from '../../../lambda/store/used-link-repository.js';
import { useTestDynamoDb } from '../../support/dynamodb-emulator.js';

const signing = parseSigningKeys(JSON.stringify({ current: '1', key1: 'k'.repeat(48) }));
const NOW = new Date('2026-11-24T12:00:00Z');
const BASE = 'https://endpoint.example.org/';
const FORM = 'application/x-www-form-urlencoded';

const dynamo = useTestDynamoDb();

interface SentMail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly link: string;
}

async function setUp(options: { mail?: MailSender } = {}) {
  const subscribers = await dynamo().freshSubscribers();
  const signups = new SubscriberSignups(dynamo().clientFor(), subscribers.tableName);
  const store = new MemoryObjectStore();
  const sent: SentMail[] = [];
  let clock = NOW;
  const mail: MailSender = options.mail ?? {
    async send(raw, destinations) {
      const parsed = await simpleParser(Buffer.from(raw));
      const text = parsed.text ?? '';
      sent.push({ to: destinations, subject: parsed.subject ?? '', text, html: typeof parsed.html === 'string' ? parsed.html : '', link: /https:\/\/\S+/.exec(text)?.[0] ?? '' });
      return { messageId: `m${sent.length}` };
    },
  };
  const deps: SignupDependencies = {
    subscribers,
    signups,
    usedLinks: new UsedLinkRepository(store),
    signing: new SigningKeyring(signing),
    mail,
    from: 'News <digest@example.org>',
    customTopicNames: async () => ['russia-us'],
    logger: silentLogger,
    now: () => clock,
  };
  const post = (fields: Record<string, string | string[]>, origin = 'https://news.example.org') => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const one of [value].flat()) body.append(name, one);
    return handleSignup({ method: 'POST', path: '/subscribe', query: {}, contentType: FORM, body: body.toString(), origin, baseUrl: BASE }, deps);
  };
  const signUp = (email: string, extra: Record<string, string | string[]> = {}) => post({ email, topics: ['world', 'russia-us'], cadence: 'daily', timezone: 'Europe/Berlin', website: '', ...extra });
  const openLink = (link: string, method: 'GET' | 'POST') => {
    const url = new URL(link);
    return handleSignup({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), body: '', baseUrl: BASE }, deps);
  };
  const later = (ms: number) => {
    clock = new Date(NOW.getTime() + ms);
  };
  return { subscribers, signups, store, sent, deps, post, signUp, openLink, later };
}

describe('signup form', () => {
  it('offers every topic by a readable name, the cadences, and a time zone filled by a script the page policy allows by hash', async () => {
    const { deps } = await setUp();

    const response = await handleSignup({ method: 'GET', path: '/subscribe', query: {}, body: '', baseUrl: BASE }, deps);

    expect(response.status).toBe(200);
    for (const title of ['Everything', 'World', 'Technology', 'Entertainment', 'Russia us']) expect(response.body).toContain(`> ${title}</label>`);
    expect(response.body).toContain('name="topics" value="russia-us"');
    expect(response.body).toMatch(/<select id="cadence" name="cadence">.*value="daily" selected/);
    expect(response.body).toContain('name="timezone"');
    expect(response.body).toContain('width=device-width, initial-scale=1');
    const script = /<script>(.*)<\/script>/s.exec(response.body)?.[1] ?? '';
    expect(script).toContain('resolvedOptions().timeZone');
    const csp = response.headers?.['content-security-policy'] ?? '';
    expect(csp).toContain(`script-src 'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    expect(/script-src [^;]*/.exec(csp)?.[0]).not.toContain('unsafe');
    expect(csp).toContain("frame-ancestors 'none'");
  });
});

describe('routes', () => {
  it('serves the signup pages at /subscribe and /subscribe/confirm, with or without a trailing slash; everything else is unsubscribe', () => {
    for (const path of ['/subscribe', '/subscribe/', '/subscribe/confirm', '/subscribe/confirm/']) expect(isSignupPath(path)).toBe(true);
    for (const path of ['/', '', '/subscribers', '/subscribe/other', '/archive/']) expect(isSignupPath(path)).toBe(false);
  });
});

describe('double opt-in', () => {
  it('records a pending reader, mails a signed link, and makes them active only when the link is confirmed (GET shows, POST acts)', async () => {
    const { subscribers, sent, signUp, openLink } = await setUp();

    const response = await signUp('Ada@Example.com', { name: 'Ada <script>' });
    expect(response.status).toBe(200);
    expect(response.body).toContain('Check your inbox');
    expect(await subscribers.get('ada@example.com')).toMatchObject({ status: 'pending', topics: ['world', 'russia-us'], timezone: 'Europe/Berlin', name: 'Ada <script>' });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: ['ada@example.com'], subject: 'Confirm your newsdrop subscription' });
    expect(sent[0]!.link.startsWith(`${BASE}subscribe/confirm?p=`)).toBe(true);
    expect(sent[0]!.html).not.toContain('<script>');

    const shown = await openLink(sent[0]!.link, 'GET');
    expect(shown.status).toBe(200);
    expect(shown.body).toContain('<form method="post"');
    expect(await subscribers.get('ada@example.com')).toMatchObject({ status: 'pending' });

    const confirmed = await openLink(sent[0]!.link, 'POST');
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toContain('You are subscribed');
    expect(await subscribers.get('ada@example.com')).toMatchObject({
      status: 'active',
      consentAt: NOW.toISOString(),
      consentSource: 'signup form https://news.example.org, confirmed',
    });
    expect(await subscribers.loadActive('daily')).toEqual([{ email: 'ada@example.com', name: 'Ada <script>', topics: ['world', 'russia-us'], cadence: 'daily' }]);
  });

  it('refuses an expired link (after 48 h) with 403 and changes nothing', async () => {
    const { subscribers, sent, signUp, openLink, later } = await setUp();
    await signUp('ada@example.com');

    later((SIGNUP_TOKEN_LIFETIME_SECONDS + 1) * 1000);
    const response = await openLink(sent[0]!.link, 'POST');

    expect(response.status).toBe(403);
    expect(response.body).toContain('expired');
    expect(await subscribers.get('ada@example.com')).toMatchObject({ status: 'pending' });
  });

  it('refuses a forged link and a link whose address was changed with 403, changing nothing', async () => {
    const { subscribers, sent, signUp, openLink } = await setUp();
    await signUp('ada@example.com');
    await signUp('bob@example.com');
    const ada = new URL(sent[0]!.link);
    const bob = new URL(sent[1]!.link);

    const forged = await openLink(`${BASE}subscribe/confirm?p=${ada.searchParams.get('p')}&s=${'A'.repeat(43)}`, 'POST');
    const swapped = await openLink(`${BASE}subscribe/confirm?p=${bob.searchParams.get('p')}&s=${ada.searchParams.get('s')}`, 'POST');

    expect(forged.status).toBe(403);
    expect(swapped.status).toBe(403);
    expect(await subscribers.loadActive('daily')).toEqual([]);
  });

  it('does not let a replayed link re-activate a reader who unsubscribed since, even were its use not recorded', async () => {
    const { subscribers, store, sent, signUp, openLink, later } = await setUp();
    await signUp('ada@example.com');
    await openLink(sent[0]!.link, 'POST');
    later(60_000);
    await subscribers.unsubscribe('ada@example.com', 'one-click', new Date(NOW.getTime() + 60_000));

    const replay = await openLink(sent[0]!.link, 'POST');
    expect(replay.body).toContain('already used');
    // The used-link record lost (a bucket restored from backup): the later unsubscribe still wins.
    for (const key of store.keys()) await store.delete(key);
    const again = await openLink(sent[0]!.link, 'POST');

    expect(again.status).toBe(410);
    expect(await subscribers.get('ada@example.com')).toMatchObject({ status: 'unsubscribed' });
  });

  it('lets a reader who left sign up again: a new opt-in', async () => {
    const { subscribers, sent, signUp, openLink, later } = await setUp();
    await subscribers.add({ email: 'ada@example.com', topics: ['*'], cadence: 'weekly' }, new Date(NOW.getTime() - 86_400_000));
    await subscribers.unsubscribe('ada@example.com', 'one-click', new Date(NOW.getTime() - 3_600_000));

    await signUp('ada@example.com');
    expect(await subscribers.get('ada@example.com')).toMatchObject({ status: 'unsubscribed' });
    later(1000);
    await openLink(sent[0]!.link, 'POST');

    expect(await subscribers.get('ada@example.com')).toMatchObject({ status: 'active', cadence: 'daily', topics: ['world', 'russia-us'] });
  });

  it('keeps an active reader active with their topics until they confirm the new ones', async () => {
    const { subscribers, sent, signUp, openLink } = await setUp();
    await subscribers.add({ email: 'ada@example.com', topics: ['sport'], cadence: 'weekly', consentAt: '2026-01-01T00:00:00Z', consentSource: 'import' });

    await signUp('ada@example.com');
    expect(await subscribers.get('ada@example.com')).toMatchObject({ status: 'active', topics: ['sport'], cadence: 'weekly', consentSource: 'import' });
    expect(await subscribers.loadActive('weekly')).toHaveLength(1);

    await openLink(sent[0]!.link, 'POST');
    expect(await subscribers.get('ada@example.com')).toMatchObject({ status: 'active', topics: ['world', 'russia-us'], cadence: 'daily', consentSource: 'signup form https://news.example.org, confirmed' });
  });
});

describe('abuse controls', () => {
  it('answers a filled honeypot with the same page, but sends nothing and records nothing', async () => {
    const { subscribers, sent, signUp } = await setUp();

    const bot = await signUp('bot@example.com', { website: 'http://spam.example' });
    const person = await signUp('ada@example.com');

    expect(bot).toEqual(person);
    expect(sent.map((mail) => mail.to)).toEqual([['ada@example.com']]);
    expect(await subscribers.get('bot@example.com')).toBeNull();
  });

  it('sends at most three confirmation mails per address a day, with the same answer each time', async () => {
    const { sent, signUp, later } = await setUp();

    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await signUp('ada@example.com'));
    later(86_400_000);
    await signUp('ada@example.com');

    expect(sent).toHaveLength(4);
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
  });

  it('answers alike for a new, pending, active, unsubscribed and suppressed address; the suppressed one gets no mail', async () => {
    const { subscribers, signups, sent, signUp } = await setUp();
    await signups.recordPending({ email: 'pending@example.com', topics: ['*'], cadence: 'daily' }, NOW);
    await subscribers.import(['active', 'left', 'bounced', 'complained'].map((who) => ({ email: `${who}@example.com`, topics: ['*'], cadence: 'daily' as const })));
    await subscribers.unsubscribe('left@example.com', 'one-click', NOW);
    await subscribers.suppress('bounced@example.com', 'hard-bounce: Permanent/General', NOW);
    await subscribers.suppress('complained@example.com', 'complaint: abuse', NOW);

    const answers = [];
    for (const who of ['new', 'pending', 'active', 'left', 'bounced', 'complained']) answers.push(await signUp(`${who}@example.com`));

    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]!.status).toBe(200);
    expect(sent.map((mail) => mail.to[0]).sort()).toEqual(['active@example.com', 'left@example.com', 'new@example.com', 'pending@example.com']);
    expect(await subscribers.get('bounced@example.com')).toMatchObject({ status: 'suppressed' });
  });

  it.each([
    ['no address', { email: '' }, /email address/],
    ['not an address', { email: 'ada at example' }, /email address/],
    ['no topic', { topics: [] }, /at least one topic/],
    ['an unknown topic', { topics: ['<b>gossip</b>'] }, /unknown topic &quot;&lt;b&gt;gossip&lt;\/b&gt;&quot;/],
    ['an unknown cadence', { cadence: 'hourly' }, /how often/],
    ['an unknown time zone', { timezone: 'Mars/Olympus' }, /time zone/],
    ['a name with a line break (a header injection attempt)', { name: 'Ada\r\nBcc: victim@example.org' }, /one line of text/],
  ])('answers %s with 400 and the form again, sending nothing', async (_case, fields, message) => {
    const { sent, signUp } = await setUp();

    const response = await signUp('ada@example.com', fields as Record<string, string | string[]>);

    expect(response.status).toBe(400);
    expect(response.body).toMatch(message);
    expect(response.body).toContain('<form method="post" action="/subscribe">');
    expect(sent).toEqual([]);
  });

  it('refuses a body over the size limit with 413 and malformed multipart with 400', async () => {
    const { deps, sent } = await setUp();
    const request = { method: 'POST', path: '/subscribe', query: {}, baseUrl: BASE };

    const big = await handleSignup({ ...request, contentType: FORM, body: `email=a%40b.org&name=${'x'.repeat(MAX_FORM_BYTES)}` }, deps);
    const broken = await handleSignup({ ...request, contentType: 'multipart/form-data', body: '--x\r\n' }, deps);

    expect(big.status).toBe(413);
    expect(broken.status).toBe(400);
    expect(sent).toEqual([]);
  });

  it('answers any body and any confirmation query with a 2xx or 4xx, never a 5xx (property)', async () => {
    const { deps } = await setUp();
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 300 }),
        fc.oneof(fc.constant(FORM), fc.constant('multipart/form-data; boundary=b'), fc.string({ maxLength: 30 })),
        fc.dictionary(fc.constantFrom('p', 's', 'x'), fc.string({ maxLength: 200 })),
        async (body, contentType, query) => {
          const signup = await handleSignup({ method: 'POST', path: '/subscribe', query: {}, contentType, body, baseUrl: BASE }, deps);
          const confirm = await handleSignup({ method: 'POST', path: '/subscribe/confirm', query, body: '', baseUrl: BASE }, deps);
          expect(signup.status).toBeLessThan(500);
          expect(confirm.status).toBeLessThan(500);
        },
      ),
      { seed: 16, numRuns: 60 },
    );
  });

  it('asks the reader to retry (503) when SES cannot take the mail', async () => {
    const failing: MailSender = {
      send: async () => {
        throw new TransientMailError('SES is unavailable');
      },
    };
    const { signUp } = await setUp({ mail: failing });

    const response = await signUp('ada@example.com');

    expect(response.status).toBe(503);
  });
});
