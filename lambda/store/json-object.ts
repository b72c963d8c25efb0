import type { ObjectStore, PutOptions } from './object-store.js';
import { CorruptRecordError } from './store-error.js';

/** Reads a JSON document with its ETag; null when absent, CorruptRecordError when it no longer parses. */
export async function readJsonVersion<T>(store: ObjectStore, key: string): Promise<{ value: T; etag: string | null } | null> {
  const object = await store.get(key);
  if (!object) return null;
  try {
    return { value: JSON.parse(new TextDecoder().decode(object.body)) as T, etag: object.etag };
  } catch (error) {
    throw new CorruptRecordError(key, { cause: error });
  }
}

/** Reads a JSON document; null when absent, CorruptRecordError when it no longer parses. */
export async function readJson<T>(store: ObjectStore, key: string): Promise<T | null> {
  return (await readJsonVersion<T>(store, key))?.value ?? null;
}

export function writeJson(store: ObjectStore, key: string, value: unknown, options: Omit<PutOptions, 'contentType'> = {}) {
  return store.put(key, `${JSON.stringify(value, null, 2)}\n`, { ...options, contentType: 'application/json' });
}
