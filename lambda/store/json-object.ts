import type { ObjectStore, PutOptions } from './object-store.js';
import { CorruptRecordError } from './store-error.js';

/** Reads a JSON document; null when absent, CorruptRecordError when it no longer parses. */
export async function readJson<T>(store: ObjectStore, key: string, validate?: (value: unknown) => T): Promise<T | null> {
  const object = await store.get(key);
  if (!object) return null;
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(object.body));
    return validate ? validate(value) : (value as T);
  } catch (error) {
    throw new CorruptRecordError(key, { cause: error });
  }
}

export function writeJson(store: ObjectStore, key: string, value: unknown, options: Omit<PutOptions, 'contentType'> = {}) {
  return store.put(key, `${JSON.stringify(value, null, 2)}\n`, { ...options, contentType: 'application/json' });
}
