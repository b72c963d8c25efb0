import { normaliseAddress } from '../text/email-address.js';
import { sha256Hex } from '../text/sha256-hex.js';

/** Object key layout of the bucket, in one place so handlers, CLI and IAM prefixes agree. */
export const PREFIX = {
  incoming: 'incoming/',
  articles: 'articles/',
  rejected: 'rejected/',
  ingested: 'state/ingested/',
  subscriberState: 'state/subscribers/',
  /** Markers of earlier versions, read only by the one-time migration (marker-migration.ts). */
  legacyUnsubscribed: 'state/unsubscribed/',
  legacyStoppedTopics: 'state/stopped-topics/',
  usedLinks: 'state/used-links/',
  /** One snapshot per digest run (digest-run-repository.ts); expired by a lifecycle rule. */
  digestRuns: 'digest-runs/',
  /** The web archive, the only prefix CloudFront may read (web-archive.ts): pages and feeds, nothing personal. */
  archive: 'archive/',
  /** Each sent digest's web version, named by the hash of its bytes; written by the senders. */
  archiveDigests: 'archive/digests/',
  /** Each cadence's edition log (what its archive already holds); private, written by the planner. */
  archiveState: 'state/archive/',
} as const;

export const SUBSCRIBERS_CONFIG_KEY = 'config/subscribers.json';
export const CUSTOM_TOPICS_CONFIG_KEY = 'config/topics.json';


/** A 24-hex-digit id from a key string (article ids, upload ids). */
export function articleIdFor(claimKey: string): string {
  return sha256Hex(claimKey).slice(0, 24);
}

/**
 * The article an object key holds (bucket + key): every upload to the key is a revision of this one
 * article, so a corrected file replaces the story instead of mailing it again. Articles stored
 * before revisions existed have the id of their upload (uploadIdFor).
 */
export function articleIdForKey(object: { bucket: string; key: string }): string {
  return articleIdFor(`${object.bucket}\n${object.key}`);
}

/** One upload of one object (bucket + key + versionId or ETag): a redelivered event names the same upload. */
export function uploadIdFor(upload: { bucket: string; key: string; versionId: string | null; etag: string | null }): string {
  return articleIdFor(claimKeyFor(upload));
}

/** bucket + decoded key + (versionId or ETag): identifies one upload of one object. */
export function claimKeyFor(origin: { bucket: string; key: string; versionId: string | null; etag: string | null }): string {
  return [origin.bucket, origin.key, origin.versionId ?? origin.etag ?? ''].join('\n');
}

function datePath(isoDateTime: string): string {
  // A full ISO date-time we produced or a day cut from one (yyyy-mm-dd), so slicing is safe.
  return `${isoDateTime.slice(0, 4)}/${isoDateTime.slice(5, 7)}/${isoDateTime.slice(8, 10)}`;
}

/** articles/<yyyy>/<mm>/<dd>/: the articles stored on one UTC day ("2026-11-24" or a full ISO date-time). */
export function articleDayPrefix(day: string): string {
  return `${PREFIX.articles}${datePath(day)}/`;
}

export function articleKey(id: string, storedAt: string): string {
  return `${articleDayPrefix(storedAt)}${id}.json`;
}

export function ingestedMarkerKey(articleId: string): string {
  return `${PREFIX.ingested}${articleId}.json`;
}

/** incoming/a/b.txt → rejected/a/b.txt.error.json (the original stays where it was). */
export function rejectedKey(incomingKey: string): string {
  const name = incomingKey.startsWith(PREFIX.incoming) ? incomingKey.slice(PREFIX.incoming.length) : incomingKey;
  return `${PREFIX.rejected}${name}.error.json`;
}

/**
 * Keys that stand for a reader are built from the normalised address, hashed, so keys never show an
 * address in logs or listings and every spelling of one address (case, stray spaces) finds the same
 * objects. Stored keys use it in three deployed forms, which must stay byte for byte as they
 * are (test/unit/store/keys.test.ts pins them): a changed form would hide a reader's unsubscribe marker and mail them again.
 * - subscriberKeyFor: its first 32 hex digits (sent/ ledger, state/subscribers/);
 * - the subscriber table's key and the markers of earlier versions (legacyMarkerAddressHash): all 64;
 * - usedLinkKey: the normalised address itself, hashed together with the link's scope, issue time and action.
 */
export function addressHash(email: string): string {
  return sha256Hex(normaliseAddress(email));
}

/** A subscriber's key in sent/ and state/subscribers/: addressHash cut to 32 hex digits, as deployed. */
export function subscriberKeyFor(email: string): string {
  return subscriberKeyOfHash(addressHash(email));
}

/** subscriberKeyFor, from the address hash a digest chunk names readers by. */
export function subscriberKeyOfHash(hash: string): string {
  return hash.slice(0, 32);
}

export function subscriberStateKey(subscriberKey: string): string {
  return `${PREFIX.subscriberState}${subscriberKey}.json`;
}

/**
 * One signed link used for one action. The link is named by what it says (address, scope, issue
 * time), not by its encoding, which base64 lets an attacker vary; the hash keeps the address out of key listings.
 */
export function usedLinkKey(link: { readonly email: string; readonly scope: string; readonly issuedAt: number }, action: string): string {
  return `${PREFIX.usedLinks}${sha256Hex(`${normaliseAddress(link.email)}\n${link.scope}\n${link.issuedAt}\n${action}`)}.json`;
}

/**
 * The address hash an earlier version named a marker by: state/unsubscribed/<hash> or
 * state/stopped-topics/<hash>.json; null for any other key. The same hash keys the subscriber table.
 */
export function legacyMarkerAddressHash(key: string): string | null {
  const match = /^state\/(?:unsubscribed\/([0-9a-f]{64})|stopped-topics\/([0-9a-f]{64})\.json)$/.exec(key);
  return match ? (match[1] ?? match[2] ?? null) : null;
}
