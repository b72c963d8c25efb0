import { describe, expect, it } from 'vitest';
import { parseSigningKeys } from '../../../lambda/mail/signing-keys.js';
import { createUnsubscribeQuery, InvalidTokenError, TOKEN_LIFETIME_SECONDS, verifyUnsubscribeToken } from '../../../lambda/mail/unsubscribe-token.js';

const KEYS = parseSigningKeys(JSON.stringify({ current: '2', key1: 'a'.repeat(40), key2: 'b'.repeat(40) }));
const NOW = 1_800_000_000;
const query = (overrides: Partial<{ email: string; scope: string; issuedAt: number }> = {}, keys = KEYS) =>
  new URLSearchParams(createUnsubscribeQuery({ email: 'Reader@Example.com', scope: 'world', issuedAt: NOW, ...overrides }, keys));

describe('unsubscribe tokens', () => {
  it('round-trips the address (lower-cased), scope and issue time', () => {
    const q = query();
    expect(verifyUnsubscribeToken(q.get('p')!, q.get('s')!, KEYS, NOW)).toEqual({ email: 'reader@example.com', scope: 'world', issuedAt: NOW });
  });

  it('refuses a forged signature and a payload changed after signing', () => {
    const q = query();
    expect(() => verifyUnsubscribeToken(q.get('p')!, Buffer.alloc(32).toString('base64url'), KEYS, NOW)).toThrow(InvalidTokenError);
    const other = query({ email: 'victim@example.com' });
    expect(() => verifyUnsubscribeToken(other.get('p')!, q.get('s')!, KEYS, NOW)).toThrow(/not issued by this newsdrop/);
  });

  it('keeps links signed with an older key valid after rotation, and refuses unknown keys', () => {
    const old = query({}, parseSigningKeys(JSON.stringify({ current: '1', key1: 'a'.repeat(40) })));
    expect(verifyUnsubscribeToken(old.get('p')!, old.get('s')!, KEYS, NOW).email).toBe('reader@example.com');
    const stranger = query({}, parseSigningKeys(JSON.stringify({ current: '9', key9: 'c'.repeat(40) })));
    expect(() => verifyUnsubscribeToken(stranger.get('p')!, stranger.get('s')!, KEYS, NOW)).toThrow(InvalidTokenError);
  });

  it('expires old links', () => {
    const q = query({ issuedAt: NOW - TOKEN_LIFETIME_SECONDS - 1 });
    expect(() => verifyUnsubscribeToken(q.get('p')!, q.get('s')!, KEYS, NOW)).toThrow(/expired/);
  });

  it('refuses weak or inconsistent secrets', () => {
    expect(() => parseSigningKeys('{"current":"1","key1":"short"}')).toThrow(/shorter than 32/);
    expect(() => parseSigningKeys(`{"current":"3","key1":"${'a'.repeat(40)}"}`)).toThrow(/no key3/);
  });
});
