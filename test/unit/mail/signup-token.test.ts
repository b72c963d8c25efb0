import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSigningKeys } from '../../../lambda/mail/signing-keys.js';
import { createSignupQuery, SIGNUP_TOKEN_LIFETIME_SECONDS, verifySignupToken, type SignupClaim } from '../../../lambda/mail/signup-token.js';
import { createUnsubscribeQuery, InvalidTokenError, UnknownSigningKeyError, verifyUnsubscribeToken } from '../../../lambda/mail/unsubscribe-token.js';

const KEYS = parseSigningKeys(JSON.stringify({ current: '1', key1: 'a'.repeat(40) }));
const NOW = 1_800_000_000;
const CLAIM: SignupClaim = {
  email: 'Reader@Example.com',
  name: 'Ada',
  topics: ['world', 'sport'],
  cadence: 'daily',
  timezone: 'Europe/Berlin',
  origin: 'https://news.example.org',
  issuedAt: NOW,
};
const query = (overrides: Partial<SignupClaim> = {}, keys = KEYS) => new URLSearchParams(createSignupQuery({ ...CLAIM, ...overrides }, keys));
const verify = (q: URLSearchParams, now = NOW) => verifySignupToken(q.get('p') ?? '', q.get('s') ?? '', KEYS, now);

describe('signup confirmation tokens', () => {
  it('round-trips the address (lower-cased) and every choice', () => {
    expect(verify(query())).toEqual({ ...CLAIM, email: 'reader@example.com' });
    const bare = query({ name: undefined, timezone: undefined, origin: undefined });
    expect(verify(bare)).toEqual({ email: 'reader@example.com', topics: ['world', 'sport'], cadence: 'daily', issuedAt: NOW });
  });

  it('expires 48 hours after it was issued', () => {
    expect(verify(query(), NOW + SIGNUP_TOKEN_LIFETIME_SECONDS).email).toBe('reader@example.com');
    expect(SIGNUP_TOKEN_LIFETIME_SECONDS).toBe(48 * 3600);
    expect(() => verify(query(), NOW + SIGNUP_TOKEN_LIFETIME_SECONDS + 1)).toThrow(/expired/);
  });

  it('refuses a forged signature and choices changed after signing', () => {
    const q = query();
    expect(() => verifySignupToken(q.get('p')!, Buffer.alloc(32).toString('base64url'), KEYS, NOW)).toThrow(InvalidTokenError);
    const other = query({ email: 'victim@example.com' });
    expect(() => verifySignupToken(other.get('p')!, q.get('s')!, KEYS, NOW)).toThrow(/not issued by this newsdrop/);
  });

  it('is not an unsubscribe token, nor is an unsubscribe token a confirmation (the signatures are kept apart)', () => {
    const unsubscribe = new URLSearchParams(createUnsubscribeQuery({ email: 'reader@example.com', scope: '*', issuedAt: NOW }, KEYS));
    expect(() => verifySignupToken(unsubscribe.get('p')!, unsubscribe.get('s')!, KEYS, NOW)).toThrow(InvalidTokenError);
    const signup = query();
    expect(() => verifyUnsubscribeToken(signup.get('p')!, signup.get('s')!, KEYS, NOW)).toThrow(InvalidTokenError);
    // A signup-shaped payload signed the way unsubscribe links are (no domain prefix) is a forgery.
    const payload = signup.get('p')!;
    const plainHmac = createHmac('sha256', 'a'.repeat(40)).update(payload).digest('base64url');
    expect(() => verifySignupToken(payload, plainHmac, KEYS, NOW)).toThrow(/not issued by this newsdrop/);
  });

  it('names an unknown key version so the keys can be fetched again after a rotation', () => {
    const stranger = query({}, parseSigningKeys(JSON.stringify({ current: '9', key9: 'c'.repeat(40) })));
    expect(() => verify(stranger)).toThrow(UnknownSigningKeyError);
  });

  it('answers any string pair with a claim or an InvalidTokenError, never another error', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 6000 }), fc.string({ maxLength: 100 }), (payload, signature) => {
        try {
          verifySignupToken(payload, signature, KEYS, NOW);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidTokenError);
        }
      }),
      { seed: 16, numRuns: 300 },
    );
    for (const json of ['null', '[1]', '{"v":"constructor","e":"a@b.c","t":["world"],"c":"daily","iat":1}', '{"v":"1","e":"a@b.c","t":"world","c":"daily","iat":1}']) {
      expect(() => verifySignupToken(Buffer.from(json).toString('base64url'), 'x', KEYS, NOW)).toThrow(InvalidTokenError);
    }
  });
});
