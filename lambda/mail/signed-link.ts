import { createHmac, timingSafeEqual } from 'node:crypto';
import type * as z from 'zod';
import { InvalidTokenError, type SigningKeys, UnknownSigningKeyError } from './signing-key-errors.js';

/** How one kind of signed link is written and checked: its payload, its limits and its signing domain. */
export interface SignedLinkKind<Payload extends { readonly v: string; readonly iat: number }> {
  readonly schema: z.ZodType<Payload>;
  /** Longer payloads are refused before they are decoded. */
  readonly maxPayloadChars: number;
  /**
   * Prefixed to the payload before it is signed, so a signature for one kind of link (same keys)
   * never passes for another; '' for unsubscribe links, whose signatures predate domains.
   */
  readonly domain: string;
  readonly lifetimeSeconds: number;
}

/** A base64url signature is 43 characters; anything much longer is damage. */
const MAX_SIGNATURE_CHARS = 64;
/** Links issued this far in the future (a clock a little ahead) still count. */
const CLOCK_SKEW_SECONDS = 300;

function sign(key: string, domain: string, payload: string): Buffer {
  return createHmac('sha256', key).update(domain).update(payload).digest();
}

/** `p=<payload>&s=<signature>`, signed with the current key; the payload must name that key's version as `v`. */
export function createSignedQuery<Payload extends { readonly v: string }>(payload: Payload, signing: SigningKeys, domain: string): string {
  const key = signing.keys.get(signing.current);
  if (!key) throw new Error(`signing key version "${signing.current}" is missing`);
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `p=${encoded}&s=${sign(key, domain, encoded).toString('base64url')}`;
}

function decodePayload<Payload extends { readonly v: string; readonly iat: number }>(payload: string, kind: SignedLinkKind<Payload>): Payload {
  if (payload.length > kind.maxPayloadChars) throw new InvalidTokenError('the link is damaged');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError('the link is damaged');
  }
  const parsed = kind.schema.safeParse(decoded);
  if (!parsed.success) throw new InvalidTokenError('the link is damaged');
  return parsed.data;
}

/**
 * Checks the payload's shape, the HMAC in constant time and the link's age; returns the payload or
 * throws InvalidTokenError (UnknownSigningKeyError when only the key version is unknown). Any
 * string pair gets one of those two answers, never another error: the endpoints are public.
 */
export function verifySignedLink<Payload extends { readonly v: string; readonly iat: number }>(
  payload: string,
  signature: string,
  signing: SigningKeys,
  nowSeconds: number,
  kind: SignedLinkKind<Payload>,
): Payload {
  if (signature.length > MAX_SIGNATURE_CHARS) throw new InvalidTokenError('the link is damaged');
  const decoded = decodePayload(payload, kind);
  const key = signing.keys.get(decoded.v);
  if (key === undefined) throw new UnknownSigningKeyError(decoded.v);
  const expected = sign(key, kind.domain, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidTokenError('the link was not issued by this newsdrop');
  if (decoded.iat > nowSeconds + CLOCK_SKEW_SECONDS || nowSeconds - decoded.iat > kind.lifetimeSeconds) throw new InvalidTokenError('the link has expired');
  return decoded;
}
