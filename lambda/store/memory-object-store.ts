import { createHash } from 'node:crypto';
import type { ObjectHead, ObjectStore, ObjectSummary, PutOptions, StoredObject } from './object-store.js';

interface MemoryObject {
  body: Uint8Array;
  contentType: string | null;
  metadata: Record<string, string>;
  etag: string;
  lastModified: Date;
}

/**
 * In-memory ObjectStore with real S3 semantics for conditional writes (If-None-Match: *),
 * which the local S3 emulator ignores. Used by unit tests and anywhere no bucket is wanted.
 */
/** Small, so that tests meet values split across chunks. */
const MEMORY_STREAM_CHUNK_BYTES = 4096;

export class MemoryObjectStore implements ObjectStore {
  private readonly objects = new Map<string, MemoryObject>();

  async get(key: string): Promise<StoredObject | null> {
    const object = this.objects.get(key);
    if (!object) return null;
    return { body: object.body, contentType: object.contentType, metadata: object.metadata, etag: object.etag, versionId: null, lastModified: object.lastModified };
  }

  async getStream(key: string): Promise<AsyncIterable<Uint8Array> | null> {
    const object = this.objects.get(key);
    if (!object) return null;
    const body = object.body;
    // In pieces, as S3 delivers them, so readers meet chunk boundaries in tests too.
    return (async function* () {
      for (let offset = 0; offset < body.byteLength; offset += MEMORY_STREAM_CHUNK_BYTES) yield body.subarray(offset, offset + MEMORY_STREAM_CHUNK_BYTES);
    })();
  }

  async head(key: string): Promise<ObjectHead | null> {
    const object = this.objects.get(key);
    if (!object) return null;
    return { size: object.body.byteLength, metadata: object.metadata, etag: object.etag, versionId: null };
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<'written' | 'exists'> {
    if (options.ifNoneMatch && this.objects.has(key)) return 'exists';
    if (options.ifMatch !== undefined && this.objects.get(key)?.etag !== options.ifMatch) return 'exists';
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    this.objects.set(key, {
      body: bytes,
      contentType: options.contentType ?? null,
      metadata: { ...options.metadata },
      etag: `"${createHash('md5').update(bytes).digest('hex')}"`,
      lastModified: new Date(),
    });
    return 'written';
  }

  async list(prefix: string): Promise<ObjectSummary[]> {
    return [...this.objects.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, object]) => ({ key, size: object.body.byteLength, lastModified: object.lastModified }));
  }

  async delete(key: string): Promise<void> {
    this.objects.delete(key);
  }

  /** Test helper: the keys currently stored. */
  keys(): string[] {
    return [...this.objects.keys()].sort();
  }
}
