import type { ObjectStore } from './object-store.js';
import { SUBSCRIBERS_CONFIG_KEY } from './keys.js';
import { PreferenceRepository } from './preference-repository.js';
import { TOPIC_LABELS } from '../topics/topic.js';
import { OperatorConfigError } from './store-error.js';
import { parseSubscribersJson } from './parse-subscribers.js';
import type { Subscriber } from './subscriber.js';

/** Operator-managed config/subscribers.json, validated on every read; unsubscribed addresses left out. */
export class SubscriberRepository {
  constructor(private readonly store: ObjectStore) {}

  async loadAll(): Promise<Subscriber[]> {
    const object = await this.store.get(SUBSCRIBERS_CONFIG_KEY);
    if (!object) {
      throw new OperatorConfigError(`${SUBSCRIBERS_CONFIG_KEY} does not exist in the bucket; upload it (see README, "Managing subscribers")`);
    }
    return parseSubscribersJson(new TextDecoder().decode(object.body), SUBSCRIBERS_CONFIG_KEY);
  }

  /** Subscribers with this cadence who have not unsubscribed, without the topics they stopped. */
  async loadActive(cadence: Subscriber['cadence']): Promise<Subscriber[]> {
    const subscribers = (await this.loadAll()).filter((subscriber) => subscriber.cadence === cadence);
    const preferences = await new PreferenceRepository(this.store).snapshot();
    const active: Subscriber[] = [];
    for (const subscriber of subscribers) {
      if (preferences.isUnsubscribed(subscriber.email)) continue;
      const stopped = await preferences.stoppedTopics(subscriber.email);
      // "*" means every built-in topic: stopping one of them turns "*" into the rest.
      const chosen = subscriber.topics.includes('*') && stopped.size > 0 ? [...TOPIC_LABELS, ...subscriber.topics.filter((topic) => topic !== '*')] : subscriber.topics;
      const topics = chosen.filter((topic) => !stopped.has(topic));
      if (topics.length > 0) active.push({ ...subscriber, topics });
    }
    return active;
  }
}
