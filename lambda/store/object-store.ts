/**
 * The few object operations newsdrop needs. Repositories depend on this, not on S3,
 * so that they run against S3, the local emulator, or an in-memory fake in unit tests.
 */
export interface StoredObject {
  readonly body: Uint8Array;
  /** The Content-Type it was uploaded with (its charset parameter names the encoding); null when none. */
  readonly contentType: string | null;
  readonly metadata: Readonly<Record<string, string>>;
  readonly etag: string | null;
  readonly versionId: string | null;
  readonly lastModified: Date | null;
}

export interface ObjectSummary {
  readonly key: string;
  readonly size: number;
  readonly lastModified: Date | null;
}

export interface PutOptions {
  readonly contentType?: string;
  /** Cache-Control served with the object (CloudFront and browsers follow it for the web archive). */
  readonly cacheControl?: string;
  /** Write only if no object exists at the key (S3 `If-None-Match: *`). */
  readonly ifNoneMatch?: boolean;
  /** Write only if the object still has this ETag (S3 `If-Match`): a compare-and-swap. */
  readonly ifMatch?: string;
  readonly metadata?: Readonly<Record<string, string>>;
}

export interface ObjectHead {
  readonly size: number;
  readonly metadata: Readonly<Record<string, string>>;
  readonly etag: string | null;
  readonly versionId: string | null;
}

export interface ObjectStore {
  /** Returns null when the object does not exist. */
  get(key: string, options?: { versionId?: string | null }): Promise<StoredObject | null>;
  /**
   * The body as it arrives, for objects too large to hold at once (a million-row subscriber list).
   * Returns null when the object does not exist.
   */
  getStream(key: string, options?: { versionId?: string | null }): Promise<AsyncIterable<Uint8Array> | null>;
  /** Returns null when the object does not exist. */
  head(key: string, options?: { versionId?: string | null }): Promise<ObjectHead | null>;
  /** Resolves 'exists' instead of writing when an ifNoneMatch / ifMatch precondition fails. */
  put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<'written' | 'exists'>;
  list(prefix: string): Promise<ObjectSummary[]>;
  delete(key: string): Promise<void>;
}
