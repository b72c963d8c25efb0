import type { ObjectStore } from './object-store.js';
import { readJson, writeJson } from './json-object.js';
import { subscriberStateKey } from './keys.js';

/** Which articles a subscriber already received (id → when), so no article is mailed twice. */
interface SubscriberState {
  readonly received: Readonly<Record<string, string>>;
}

/** Longer than any digest look-back window, so pruning never forgets an article still selectable. */
const RETENTION_DAYS = 45;

export class SubscriberStateRepository {
  constructor(private readonly store: ObjectStore) {}

  async receivedIds(subscriberKey: string): Promise<Set<string>> {
    const state = await readJson<SubscriberState>(this.store, subscriberStateKey(subscriberKey));
    return new Set(Object.keys(state?.received ?? {}));
  }

  async recordReceived(subscriberKey: string, articleIds: readonly string[], now = new Date()): Promise<void> {
    const key = subscriberStateKey(subscriberKey);
    const state = await readJson<SubscriberState>(this.store, key);
    const cutoff = now.getTime() - RETENTION_DAYS * 86_400_000;
    const received: Record<string, string> = {};
    for (const [id, at] of Object.entries(state?.received ?? {})) {
      if (Date.parse(at) >= cutoff) received[id] = at;
    }
    for (const id of articleIds) received[id] ??= now.toISOString();
    await writeJson(this.store, key, { received } satisfies SubscriberState);
  }
}
