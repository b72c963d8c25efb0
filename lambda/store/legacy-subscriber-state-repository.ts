import type { ObjectStore } from './object-store.js';
import { readJson } from './json-object.js';
import { subscriberStateKey } from './keys.js';

/** What earlier versions kept per reader: every article id received in 45 days (id → when). */
interface LegacySubscriberState {
  readonly received: Readonly<Record<string, string>>;
}

/**
 * Reader state of earlier versions (state/subscribers/<key>.json), read only. A reader's first
 * digest of this version takes what it received from here, so the upgrade mails nobody an article
 * twice; from then on their delivery state (delivery-state.ts) says it and this object is
 * never read again for them. Nothing writes it any more.
 */
export class LegacySubscriberStateRepository {
  constructor(private readonly store: ObjectStore) {}

  /** Null when the reader has no state from an earlier version. */
  async receivedIds(subscriberKey: string): Promise<string[] | null> {
    const state = await readJson<LegacySubscriberState>(this.store, subscriberStateKey(subscriberKey));
    return state ? Object.keys(state.received ?? {}) : null;
  }
}
