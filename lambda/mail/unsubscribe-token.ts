import { createHmac, timingSafeEqual } from 'node:crypto';
import { normaliseAddress } from '../text/email-address.js';

/** What an unsubscribe link may do: stop one topic or every mail, for one address. */
export interface UnsubscribeClaim {
  readonly email: string;
  /** A topic name, or "*" for every mail. */
  readonly scope: string;
  /** Issued at, seconds since the epoch. */
  readonly issuedAt: number;
}

/** Signing keys by version; links name the version they were signed with, so keys can rotate. */
export interface SigningKeys {
  readonly current: string;
  readonly keys: Readonly<Record<string, string>>;
}

/** Links in old digests keep working this long; after that a forwarded mail cannot be used to unsubscribe its reader. */
export const TOKEN_LIFETIME_SECONDS = 180 * 86_400;

export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

function sign(key: string, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

/** `?p=<payload>&s=<signature>` for the unsubscribe endpoint. */
export function createUnsubscribeQuery(claim: UnsubscribeClaim, signing: SigningKeys): string {
  const key = signing.keys[signing.current];
  if (!key) throw new Error(`unsubscribe signing key version "${signing.current}" is missing`);
  const payload = base64url(JSON.stringify({ v: signing.current, e: normaliseAddress(claim.email), t: claim.scope, iat: claim.issuedAt }));
  return `p=${payload}&s=${base64url(sign(key, payload))}`;
}

/** Checks the HMAC in constant time and the token's age; returns the claim or throws InvalidTokenError. */
export function verifyUnsubscribeToken(payload: string, signature: string, signing: SigningKeys, nowSeconds = Math.floor(Date.now() / 1000)): UnsubscribeClaim {
  let decoded: { v?: unknown; e?: unknown; t?: unknown; iat?: unknown };
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof decoded;
  } catch {
    throw new InvalidTokenError('the link is damaged');
  }
  const key = typeof decoded.v === 'string' ? signing.keys[decoded.v] : undefined;
  if (!key) throw new InvalidTokenError('the link was not issued by this newsdrop');
  const expected = sign(key, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidTokenError('the link was not issued by this newsdrop');
  if (typeof decoded.e !== 'string' || typeof decoded.t !== 'string' || typeof decoded.iat !== 'number') throw new InvalidTokenError('the link is damaged');
  if (decoded.iat > nowSeconds + 300 || nowSeconds - decoded.iat > TOKEN_LIFETIME_SECONDS) throw new InvalidTokenError('the link has expired');
  return { email: decoded.e, scope: decoded.t, issuedAt: decoded.iat };
}
