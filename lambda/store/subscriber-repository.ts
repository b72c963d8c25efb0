import type { ObjectStore } from './object-store.js';
import { SUBSCRIBERS_CONFIG_KEY, unsubscribedKey } from './keys.js';
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

  /** Subscribers with this cadence who have not unsubscribed. */
  async loadActive(cadence: Subscriber['cadence']): Promise<Subscriber[]> {
    const subscribers = (await this.loadAll()).filter((subscriber) => subscriber.cadence === cadence);
    const active: Subscriber[] = [];
    for (const subscriber of subscribers) {
      if (!(await this.store.head(unsubscribedKey(subscriber.email)))) active.push(subscriber);
    }
    return active;
  }
}
