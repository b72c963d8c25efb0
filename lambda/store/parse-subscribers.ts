import { SubscriberConfigError } from './store-error.js';
import { subscribersFileSchema, type Subscriber } from './subscriber.js';

/** Parses and validates subscribers.json text; errors name the file, the entry and the field. */
export function parseSubscribersJson(text: string, source: string): Subscriber[] {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new SubscriberConfigError(`${source} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const result = subscribersFileSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues
      .slice(0, 10)
      .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`);
    throw new SubscriberConfigError(`${source} does not match the subscriber schema: ${problems.join('; ')}`, {
      cause: result.error,
    });
  }
  const seen = new Set<string>();
  for (const subscriber of result.data) {
    const address = subscriber.email.toLowerCase();
    if (seen.has(address)) throw new SubscriberConfigError(`${source} lists ${subscriber.email} more than once`);
    seen.add(address);
  }
  return result.data;
}
