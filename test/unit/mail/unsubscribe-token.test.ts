import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSigningKeys } from '../../../lambda/mail/signing-keys.js';
import { createUnsubscribeQuery, InvalidTokenError, TOKEN_LIFETIME_SECONDS, UnknownSigningKeyError, verifyUnsubscribeToken } from '../../../lambda/mail/unsubscribe-token.js';

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

/** A payload as the endpoint receives it: base64url JSON, signed or not. */
const encoded = (json: string) => Buffer.from(json).toString('base64url');
const VALID = query();

describe('unsubscribe tokens from a hostile sender', () => {
  it.each([
    ['a key version naming an Object.prototype member', '{"v":"constructor","e":"a@example.com","t":"*","iat":1800000000}'],
    ['"__proto__" as the key version', '{"v":"__proto__","e":"a@example.com","t":"*","iat":1800000000}'],
    ['"toString" as the key version', '{"v":"toString","e":"a@example.com","t":"*","iat":1800000000}'],
    ['"hasOwnProperty" as the key version', '{"v":"hasOwnProperty","e":"a@example.com","t":"*","iat":1800000000}'],
    ['an own "__proto__" member', '{"__proto__":{"v":"2"},"e":"a@example.com","t":"*","iat":1800000000}'],
    ['a null payload', 'null'],
    ['an array', '[1,2]'],
    ['a string', '"2"'],
    ['a number', '42'],
    ['a number as key version', '{"v":2,"e":"a@example.com","t":"*","iat":1800000000}'],
    ['a nested object as key version', '{"v":{"toString":1},"e":"a@example.com","t":"*","iat":1800000000}'],
    ['no JSON at all', 'not json'],
  ])('refuses %s as an InvalidTokenError, never a TypeError', (_, json) => {
    expect(() => verifyUnsubscribeToken(encoded(json), VALID.get('s')!, KEYS, NOW)).toThrow(InvalidTokenError);
  });

  it('refuses a signed payload whose fields have the wrong types', () => {
    // Signed with the real key, so only the type check can refuse it.
    const payload = encoded(JSON.stringify({ v: '2', e: ['a@example.com'], t: '*', iat: '1800000000' }));
    const signature = createHmac('sha256', 'b'.repeat(40)).update(payload).digest('base64url');
    expect(() => verifyUnsubscribeToken(payload, signature, KEYS, NOW)).toThrow(/damaged/);
  });

  it('refuses a huge token without decoding it', () => {
    const huge = encoded(`{"v":"2","e":"${'a'.repeat(5_000_000)}@example.com","t":"*","iat":1800000000}`);
    expect(() => verifyUnsubscribeToken(huge, VALID.get('s')!, KEYS, NOW)).toThrow(/damaged/);
    expect(() => verifyUnsubscribeToken(VALID.get('p')!, 'A'.repeat(5_000_000), KEYS, NOW)).toThrow(/damaged/);
  });

  it('names the key version it does not know, so the endpoint can fetch the keys again', () => {
    const stranger = query({}, parseSigningKeys(JSON.stringify({ current: '9', key9: 'c'.repeat(40) })));
    let refused: unknown;
    try {
      verifyUnsubscribeToken(stranger.get('p')!, stranger.get('s')!, KEYS, NOW);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(UnknownSigningKeyError);
    expect((refused as UnknownSigningKeyError).version).toBe('9');
  });

  it('answers any string pair with a claim or an InvalidTokenError (property)', () => {
    const anyToken = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.json({ maxDepth: 3 }).map(encoded),
      fc.dictionary(fc.oneof(fc.constantFrom('v', 'e', 't', 'iat', '__proto__', 'constructor'), fc.string()), fc.jsonValue({ maxDepth: 2 })).map((value) => encoded(JSON.stringify(value))),
      fc.record({ v: fc.oneof(fc.constantFrom('1', '2', 'constructor', '__proto__', 'toString', 'valueOf'), fc.string()), e: fc.jsonValue(), t: fc.jsonValue(), iat: fc.jsonValue() }).map((value) => encoded(JSON.stringify(value))),
    );
    fc.assert(
      fc.property(anyToken, fc.oneof(fc.string({ unit: 'binary', maxLength: 100 }), fc.constant(VALID.get('s')!)), (payload, signature) => {
        try {
          verifyUnsubscribeToken(payload, signature, KEYS, NOW);
        } catch (error) {
          if (!(error instanceof InvalidTokenError)) throw error;
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
