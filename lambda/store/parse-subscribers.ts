import { normaliseAddress } from '../text/email-address.js';
import { parseConfigJson } from './parse-config-json.js';
import { OperatorConfigError } from './store-error.js';
import { subscribersFileSchema, type Subscriber } from './subscriber.js';

/** Parses and validates subscribers.json text; errors name the file, the entry and the field. */
export function parseSubscribersJson(text: string, source: string): Subscriber[] {
  const subscribers = parseConfigJson(text, source, subscribersFileSchema, 'subscriber');
  const seen = new Set<string>();
  for (const subscriber of subscribers) {
    const address = normaliseAddress(subscriber.email);
    if (seen.has(address)) throw new OperatorConfigError(`${source} lists ${subscriber.email} more than once`);
    seen.add(address);
  }
  return subscribers;
}
