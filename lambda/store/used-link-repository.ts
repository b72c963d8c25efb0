import type { UnsubscribeClaim } from '../mail/unsubscribe-token.js';
import type { ObjectStore } from './object-store.js';
import { readJson, writeJson } from './json-object.js';
import { usedLinkKey } from './keys.js';

interface LinkUse {
  readonly action: string;
  readonly at: string;
}

/**
 * Signed unsubscribe links that have taken effect, per action. A link is replayable by nature
 * (it sits in a mail that can be forwarded or kept); recording its use means a replay after the
 * operator lets a reader back in changes nothing. Keys are hashes; the address is not stored.
 */
export class UsedLinkRepository {
  constructor(private readonly store: ObjectStore) {}

  /** When this link was used for this action, or null if never. */
  async firstUse(link: UnsubscribeClaim, action: string): Promise<LinkUse | null> {
    return readJson<LinkUse>(this.store, usedLinkKey(link, action));
  }

  /** Records the use; a concurrent first use (a mail client retrying) keeps the earlier record. */
  async recordUse(link: UnsubscribeClaim, action: string, now: Date): Promise<void> {
    await writeJson(this.store, usedLinkKey(link, action), { action, at: now.toISOString() } satisfies LinkUse, { ifNoneMatch: true });
  }
}
