import * as z from 'zod';
import { normaliseAddress } from '../text/email-address.js';
import { createSignedQuery, type SignedLinkKind, verifySignedLink } from './signed-link.js';
import { KEY_VERSION_PATTERN, type SigningKeys } from './signing-key-errors.js';

// Where the endpoints and the digest sender have always found them.
export { InvalidTokenError, KEY_VERSION_PATTERN, type SigningKeys, UnknownSigningKeyError } from './signing-key-errors.js';

/** What an unsubscribe link may do: stop one topic or every mail, for one address. */
export interface UnsubscribeClaim {
  readonly email: string;
  /** A topic name, or "*" for every mail. */
  readonly scope: string;
  /** Issued at, seconds since the epoch. */
  readonly issuedAt: number;
}

/** Links in old digests keep working this long; after that a forwarded mail cannot be used to unsubscribe its reader. */
export const TOKEN_LIFETIME_SECONDS = 180 * 86_400;

/**
 * Our payloads are ~120 characters (an address of at most 254, a topic of at most 64); the signature is
 * 43 (44 with padding). Anything longer is refused before it is decoded.
 */
const MAX_PAYLOAD_CHARS = 1_024;

/** The signed payload: key version, address, scope, issued-at. Extra members are ignored, as before. */
const payloadSchema = z.object({
  v: z.string().regex(KEY_VERSION_PATTERN),
  e: z.string().min(1).max(320),
  t: z.string().min(1).max(64),
  iat: z.number(),
});

const UNSUBSCRIBE_LINK: SignedLinkKind<z.infer<typeof payloadSchema>> = {
  schema: payloadSchema,
  maxPayloadChars: MAX_PAYLOAD_CHARS,
  domain: '',
  lifetimeSeconds: TOKEN_LIFETIME_SECONDS,
};

/** `?p=<payload>&s=<signature>` for the unsubscribe endpoint. */
export function createUnsubscribeQuery(claim: UnsubscribeClaim, signing: SigningKeys): string {
  return createSignedQuery({ v: signing.current, e: normaliseAddress(claim.email), t: claim.scope, iat: claim.issuedAt }, signing, UNSUBSCRIBE_LINK.domain);
}

/**
 * Checks the payload's shape, the HMAC in constant time and the token's age; returns the claim or
 * throws InvalidTokenError (UnknownSigningKeyError when only the key version is unknown). Any
 * string pair gets one of those two answers, never another error: the endpoint is public.
 */
export function verifyUnsubscribeToken(payload: string, signature: string, signing: SigningKeys, nowSeconds = Math.floor(Date.now() / 1000)): UnsubscribeClaim {
  const decoded = verifySignedLink(payload, signature, signing, nowSeconds, UNSUBSCRIBE_LINK);
  return { email: decoded.e, scope: decoded.t, issuedAt: decoded.iat };
}
