import * as z from 'zod';
import { normaliseAddress } from '../text/email-address.js';
import { createSignedQuery, type SignedLinkKind, verifySignedLink } from './signed-link.js';
import { KEY_VERSION_PATTERN, type SigningKeys } from './signing-key-errors.js';

/**
 * What a signup confirmation link carries: the address and the choices made on the form. The
 * choices travel in the signed link rather than being written to the reader's item, so a signup for
 * an address already on the list changes nothing there until its owner confirms.
 */
export interface SignupClaim {
  readonly email: string;
  readonly name?: string;
  readonly topics: readonly string[];
  /** As chosen on the form; checked again against the cadences when the link is used. */
  readonly cadence: string;
  readonly timezone?: string;
  /** The site whose form was used (an Origin), recorded as the source of consent. */
  readonly origin?: string;
  /** Issued at, seconds since the epoch. */
  readonly issuedAt: number;
}

/** A confirmation link works for 48 hours; a signup not confirmed by then is started again. */
export const SIGNUP_TOKEN_LIFETIME_SECONDS = 48 * 3600;

/** The most topics a signup may choose: bounds the link's length. */
export const MAX_SIGNUP_TOPICS = 32;

/**
 * 32 topics of 48 characters, a name of 200, an origin of 200 and an address of 320 stay under
 * 3,000 characters of JSON (4,000 in base64); anything longer is refused before it is decoded.
 */
const MAX_PAYLOAD_CHARS = 4_096;

/**
 * Prefixed to the payload before it is signed, so a signature over an unsubscribe link (the same
 * keys) can never pass as one over a confirmation link, nor the other way round.
 */
const SIGNUP_DOMAIN = 'newsdrop signup confirmation\n';

const payloadSchema = z.object({
  v: z.string().regex(KEY_VERSION_PATTERN),
  e: z.string().min(1).max(320),
  n: z.string().min(1).max(200).optional(),
  t: z.array(z.string().min(1).max(64)).min(1).max(MAX_SIGNUP_TOPICS),
  c: z.string().min(1).max(16),
  z: z.string().min(1).max(64).optional(),
  o: z.string().min(1).max(200).optional(),
  iat: z.number(),
});

const SIGNUP_LINK: SignedLinkKind<z.infer<typeof payloadSchema>> = {
  schema: payloadSchema,
  maxPayloadChars: MAX_PAYLOAD_CHARS,
  domain: SIGNUP_DOMAIN,
  lifetimeSeconds: SIGNUP_TOKEN_LIFETIME_SECONDS,
};

/** `p=<payload>&s=<signature>` for the confirmation page. */
export function createSignupQuery(claim: SignupClaim, signing: SigningKeys): string {
  const payload = {
    v: signing.current,
    e: normaliseAddress(claim.email),
    n: claim.name,
    t: claim.topics,
    c: claim.cadence,
    z: claim.timezone,
    o: claim.origin,
    iat: claim.issuedAt,
  };
  return createSignedQuery(payload, signing, SIGNUP_LINK.domain);
}

/**
 * Checks shape, HMAC (constant time) and age; returns the claim or throws InvalidTokenError
 * (UnknownSigningKeyError when only the key version is unknown), never another error.
 */
export function verifySignupToken(payload: string, signature: string, signing: SigningKeys, nowSeconds: number): SignupClaim {
  const decoded = verifySignedLink(payload, signature, signing, nowSeconds, SIGNUP_LINK);
  return {
    email: decoded.e,
    ...(decoded.n !== undefined ? { name: decoded.n } : {}),
    topics: decoded.t,
    cadence: decoded.c,
    ...(decoded.z !== undefined ? { timezone: decoded.z } : {}),
    ...(decoded.o !== undefined ? { origin: decoded.o } : {}),
    issuedAt: decoded.iat,
  };
}
