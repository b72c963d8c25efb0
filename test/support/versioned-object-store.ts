import { createHash } from 'node:crypto';
import type { ObjectHead, ObjectStore, ObjectSummary, PutOptions, StoredObject } from '../../lambda/store/object-store.js';

interface Version {
  readonly versionId: string;
  /** null: a delete marker. */
  readonly body: Uint8Array | null;
  readonly metadata: Record<string, string>;
  readonly contentType: string | null;
  readonly etag: string;
  readonly lastModified: Date;
}

/**
 * An S3 bucket with versioning on, in memory, as the deployed bucket is: every put is a new
 * version, a delete leaves a delete marker, a read names a version or gets the current one.
 * Conditional writes (If-None-Match, If-Match) look at the current version, as S3 does.
 */
export class VersionedMemoryObjectStore implements ObjectStore {
  private readonly versions = new Map<string, Version[]>();
  private counter = 0;

  private find(key: string, versionId: string | null | undefined): Version | null {
    const history = this.versions.get(key) ?? [];
    const version = versionId ? history.find((candidate) => candidate.versionId === versionId) : history.at(-1);
    return version?.body ? version : null;
  }

  async get(key: string, options: { versionId?: string | null } = {}): Promise<StoredObject | null> {
    const version = this.find(key, options.versionId);
    if (!version?.body) return null;
    return { body: version.body, contentType: version.contentType, metadata: version.metadata, etag: version.etag, versionId: version.versionId, lastModified: version.lastModified };
  }

  async getStream(key: string, options: { versionId?: string | null } = {}): Promise<AsyncIterable<Uint8Array> | null> {
    const body = (await this.get(key, options))?.body;
    return body ? (async function* () { yield body; })() : null;
  }

  async head(key: string, options: { versionId?: string | null } = {}): Promise<ObjectHead | null> {
    const version = this.find(key, options.versionId);
    if (!version?.body) return null;
    return { size: version.body.byteLength, metadata: version.metadata, etag: version.etag, versionId: version.versionId };
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<'written' | 'exists'> {
    const current = this.find(key, null);
    if (options.ifNoneMatch && current) return 'exists';
    if (options.ifMatch !== undefined && current?.etag !== options.ifMatch) return 'exists';
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    this.append(key, { body: bytes, contentType: options.contentType ?? null, metadata: { ...options.metadata }, etag: `"${createHash('md5').update(bytes).digest('hex')}"` });
    return 'written';
  }

  async list(prefix: string): Promise<ObjectSummary[]> {
    return [...this.versions.keys()]
      .filter((key) => key.startsWith(prefix))
      .sort()
      .flatMap((key) => {
        const current = this.find(key, null);
        return current?.body ? [{ key, size: current.body.byteLength, lastModified: current.lastModified }] : [];
      });
  }

  async delete(key: string): Promise<void> {
    this.append(key, { body: null, contentType: null, metadata: {}, etag: '' });
  }

  /** Test helper: the version id the latest put or delete of `key` made. */
  latestVersionId(key: string): string {
    const latest = this.versions.get(key)?.at(-1);
    if (!latest) throw new Error(`no version of ${key}`);
    return latest.versionId;
  }

  private append(key: string, version: Omit<Version, 'versionId' | 'lastModified'>): void {
    const history = this.versions.get(key) ?? [];
    history.push({ ...version, versionId: `v${++this.counter}`, lastModified: new Date(0) });
    this.versions.set(key, history);
  }
}
