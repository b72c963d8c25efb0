import type { ObjectStore } from './object-store.js';
import { readJson, writeJson } from './json-object.js';
import { PREFIX, stoppedTopicsKey, unsubscribedKey } from './keys.js';

/** A reader's own choices, which override config/subscribers.json: stop everything, or some topics. */
/** Everyone's choices at one moment, read with two listings instead of requests per reader. */
interface PreferenceSnapshot {
  isUnsubscribed(email: string): boolean;
  stoppedTopics(email: string): Promise<Set<string>>;
}

export class PreferenceRepository {
  constructor(private readonly store: ObjectStore) {}

  async snapshot(): Promise<PreferenceSnapshot> {
    const [unsubscribed, stopped] = await Promise.all([this.store.list(PREFIX.unsubscribed), this.store.list(PREFIX.stoppedTopics)]);
    const unsubscribedKeys = new Set(unsubscribed.map((object) => object.key));
    const stoppedKeys = new Set(stopped.map((object) => object.key));
    return {
      isUnsubscribed: (email) => unsubscribedKeys.has(unsubscribedKey(email)),
      stoppedTopics: async (email) => (stoppedKeys.has(stoppedTopicsKey(email)) ? this.stoppedTopics(email) : new Set()),
    };
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
