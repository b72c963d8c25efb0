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

/** An operator config file (subscribers.json, topics.json) is missing, not JSON, or off-schema. */
export class OperatorConfigError extends StoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('invalid-config', message, options);
    this.name = 'OperatorConfigError';
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
