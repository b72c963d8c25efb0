import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { normaliseAddress } from '../text/email-address.js';

/** What an unsubscribe link may do: stop one topic or every mail, for one address. */
export interface UnsubscribeClaim {
  readonly email: string;
  /** A topic name, or "*" for every mail. */
  readonly scope: string;
  /** Issued at, seconds since the epoch. */
  readonly issuedAt: number;
}

/**
 * Signing keys by version; links name the version they were signed with, so keys can rotate.
 * A Map, not an object: a version read from a link ("constructor", "__proto__") finds no inherited member.
 */
export interface SigningKeys {
  readonly current: string;
  readonly keys: ReadonlyMap<string, string>;
}

/** Links in old digests keep working this long; after that a forwarded mail cannot be used to unsubscribe its reader. */
export const TOKEN_LIFETIME_SECONDS = 180 * 86_400;

/** A version as the secret names it (key<version>); anything else in a link is damage, not a version to fetch. */
export const KEY_VERSION_PATTERN = /^\w{1,32}$/;

/**
 * Our payloads are ~120 characters (an address of at most 254, a topic of at most 64); the signature is
 * 43 (44 with padding). Anything longer is refused before it is decoded.
 */
const MAX_PAYLOAD_CHARS = 1_024;
const MAX_SIGNATURE_CHARS = 64;

/** The signed payload: key version, address, scope, issued-at. Extra members are ignored, as before. */
const payloadSchema = z.object({
  v: z.string().regex(KEY_VERSION_PATTERN),
  e: z.string().min(1).max(320),
  t: z.string().min(1).max(64),
  iat: z.number(),
});

export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

/** The link names a key version this container does not know: refused unless fetching the keys again finds it. */
export class UnknownSigningKeyError extends InvalidTokenError {
  constructor(readonly version: string) {
    super('the link was not issued by this newsdrop');
    this.name = 'UnknownSigningKeyError';
  }
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

function sign(key: string, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

/** `?p=<payload>&s=<signature>` for the unsubscribe endpoint. */
export function createUnsubscribeQuery(claim: UnsubscribeClaim, signing: SigningKeys): string {
  const key = signing.keys.get(signing.current);
  if (!key) throw new Error(`unsubscribe signing key version "${signing.current}" is missing`);
  const payload = base64url(JSON.stringify({ v: signing.current, e: normaliseAddress(claim.email), t: claim.scope, iat: claim.issuedAt }));
  return `p=${payload}&s=${base64url(sign(key, payload))}`;
}

function decodePayload(payload: string): z.infer<typeof payloadSchema> {
  if (payload.length > MAX_PAYLOAD_CHARS) throw new InvalidTokenError('the link is damaged');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError('the link is damaged');
  }
  const parsed = payloadSchema.safeParse(decoded);
  if (!parsed.success) throw new InvalidTokenError('the link is damaged');
  return parsed.data;
}

/**
 * Checks the payload's shape, the HMAC in constant time and the token's age; returns the claim or
 * throws InvalidTokenError (UnknownSigningKeyError when only the key version is unknown). Any
 * string pair gets one of those two answers, never another error: the endpoint is public.
 */
export function verifyUnsubscribeToken(payload: string, signature: string, signing: SigningKeys, nowSeconds = Math.floor(Date.now() / 1000)): UnsubscribeClaim {
  if (signature.length > MAX_SIGNATURE_CHARS) throw new InvalidTokenError('the link is damaged');
  const decoded = decodePayload(payload);
  const key = signing.keys.get(decoded.v);
  if (key === undefined) throw new UnknownSigningKeyError(decoded.v);
  const expected = sign(key, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidTokenError('the link was not issued by this newsdrop');
  if (decoded.iat > nowSeconds + 300 || nowSeconds - decoded.iat > TOKEN_LIFETIME_SECONDS) throw new InvalidTokenError('the link has expired');
  return { email: decoded.e, scope: decoded.t, issuedAt: decoded.iat };
}
