import type { ObjectStore } from './object-store.js';
import type { ArticleOrigin } from './stored-article.js';
import { writeJson } from './json-object.js';
import { rejectedKey } from './keys.js';

export interface Rejection {
  readonly code: string;
  readonly message: string;
  readonly origin: ArticleOrigin;
  readonly rejectedAt: string;
}

/** rejected/<name>.error.json says why an input was refused; the original object is never touched. */
export class RejectionRepository {
  constructor(private readonly store: ObjectStore) {}

  async record(origin: ArticleOrigin, error: { code: string; message: string }, now: Date = new Date()): Promise<string> {
    const key = rejectedKey(origin.key);
    const rejection: Rejection = { code: error.code, message: error.message, origin, rejectedAt: now.toISOString() };
    await writeJson(this.store, key, rejection);
    return key;
  }
}
