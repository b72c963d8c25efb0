import { CustomTopicRepository } from './custom-topic-repository.js';
import type { ObjectStore } from './object-store.js';
import { StoreError } from './store-error.js';
import { type CheckedSubscriberFile, checkSubscriberFile } from './subscriber-file.js';

/**
 * A subscriber list in the bucket (the version named, or the current one), streamed and checked
 * against the model's labels and config/topics.json: an upload's import and the deploy-time
 * migration read it the same way. A malformed config/topics.json is an OperatorConfigError too:
 * the list cannot be checked without it. A list deleted between the reads is store trouble, so
 * the caller's invocation is retried.
 */
export async function checkStoredSubscriberFile(store: ObjectStore, key: string, versionId: string | null = null): Promise<CheckedSubscriberFile> {
  const open = async () => {
    const body = await store.getStream(key, { versionId });
    if (!body) throw new StoreError('unavailable', `${key}${versionId ? ` (version ${versionId})` : ''} disappeared while it was read; it is read again on the retry`);
    return body;
  };
  return checkSubscriberFile(open, key, await new CustomTopicRepository(store).vocabulary());
}
