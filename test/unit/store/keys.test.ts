import { describe, expect, it } from 'vitest';
import { addressHash, legacyMarkerAddressHash, subscriberKeyFor, subscriberStateKey, usedLinkKey } from '../../../lambda/store/keys.js';

// sha256('reader@example.org'). These keys name objects already in deployed buckets: an
// unsubscribe marker written under one form must be found under it forever, so each form is pinned.
const HASH = '32a9c5afd14518dde375f5d361400d2f88d8a1cf099f57eeaf6ad15e6bfdd3b8';

describe('keys that stand for a reader', () => {
  it('hash the normalised address', () => {
    expect(addressHash('reader@example.org')).toBe(HASH);
    expect(addressHash('  Reader@Example.ORG ')).toBe(HASH);
    expect(addressHash('other@example.org')).not.toBe(HASH);
  });

  it('keep the deployed key formats byte for byte', () => {
    expect(subscriberKeyFor('Reader@Example.org ')).toBe('32a9c5afd14518dde375f5d361400d2f');
    expect(legacyMarkerAddressHash(`state/unsubscribed/${HASH}`)).toBe(HASH);
    expect(legacyMarkerAddressHash(`state/stopped-topics/${HASH}.json`)).toBe(HASH);
    expect(legacyMarkerAddressHash(`state/stopped-topics/${HASH}`)).toBeNull();
    expect(legacyMarkerAddressHash(`state/unsubscribed/${HASH.slice(0, 32)}`)).toBeNull();
    expect(subscriberStateKey(subscriberKeyFor('reader@example.org'))).toBe('state/subscribers/32a9c5afd14518dde375f5d361400d2f.json');
  });

  it('name a used link by its address, scope, issue time and action', () => {
    // sha256('reader@example.org\nsport\n1767225600\nstop')
    const key = 'state/used-links/301958807ab08226ebf7ece695abfa1089cedc30ca6a19ff03cb7b43a1439b31.json';
    expect(usedLinkKey({ email: ' READER@example.org', scope: 'sport', issuedAt: 1767225600 }, 'stop')).toBe(key);
    expect(usedLinkKey({ email: 'reader@example.org', scope: 'sport', issuedAt: 1767225601 }, 'stop')).not.toBe(key);
    expect(usedLinkKey({ email: 'reader@example.org', scope: '*', issuedAt: 1767225600 }, 'stop')).not.toBe(key);
    expect(usedLinkKey({ email: 'reader@example.org', scope: 'sport', issuedAt: 1767225600 }, 'resubscribe')).not.toBe(key);
  });
});
