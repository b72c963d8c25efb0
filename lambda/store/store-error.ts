/** Errors from the object store and the repositories built on it. */
export class StoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** Throttling, 5xx or network trouble: the same call may succeed later, so the work is retried. */
export class TransientStoreError extends StoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('store-unavailable', message, options);
    this.name = 'TransientStoreError';
  }
}

/** config/subscribers.json is missing, not JSON, or does not match the schema. */
export class SubscriberConfigError extends StoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('invalid-subscribers-config', message, options);
    this.name = 'SubscriberConfigError';
  }
}

/** A stored JSON document we wrote ourselves no longer parses: kept in place, reported, skipped. */
export class CorruptRecordError extends StoreError {
  constructor(
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super('corrupt-record', `the stored record ${key} is not valid JSON of the expected shape`, options);
    this.name = 'CorruptRecordError';
  }
}
