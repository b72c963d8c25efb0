import type { ObjectStore } from './object-store.js';
import { readJson, writeJson } from './json-object.js';
import { stoppedTopicsKey, unsubscribedKey } from './keys.js';

/** A reader's own choices, which override config/subscribers.json: stop everything, or some topics. */
export class PreferenceRepository {
  constructor(private readonly store: ObjectStore) {}

  async isUnsubscribed(email: string): Promise<boolean> {
    return (await this.store.head(unsubscribedKey(email))) !== null;
  }

  async unsubscribe(email: string, reason: string, now = new Date()): Promise<void> {
    await writeJson(this.store, unsubscribedKey(email), { reason, at: now.toISOString() });
  }

  async stoppedTopics(email: string): Promise<Set<string>> {
    const record = await readJson<{ topics: string[] }>(this.store, stoppedTopicsKey(email));
    return new Set(record?.topics ?? []);
  }

  async stopTopic(email: string, topic: string): Promise<void> {
    const topics = await this.stoppedTopics(email);
    topics.add(topic);
    await writeJson(this.store, stoppedTopicsKey(email), { topics: [...topics].sort() });
  }
}
