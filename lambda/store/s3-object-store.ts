import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3ServiceException,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { ObjectHead, ObjectStore, ObjectSummary, PutOptions, StoredObject } from './object-store.js';
import { StoreError, TransientStoreError } from './store-error.js';

const TRANSIENT_ERROR_NAMES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalError',
  'ServiceUnavailable',
  'TimeoutError',
  'ConditionalRequestConflict',
]);

function httpStatusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

function isNotFound(error: unknown): boolean {
  const status = httpStatusOf(error);
  const name = (error as { name?: string } | null)?.name;
  return status === 404 || name === 'NoSuchKey' || name === 'NotFound';
}

/** Maps SDK failures onto retryable vs permanent store errors. */
function toStoreError(operation: string, key: string, error: unknown): StoreError {
  const status = httpStatusOf(error);
  const name = (error as { name?: string } | null)?.name ?? 'Error';
  const detail = `${operation} ${key}: ${name}${status ? ` (HTTP ${status})` : ''}`;
  if (status === undefined || status >= 500 || status === 429 || status === 409 || TRANSIENT_ERROR_NAMES.has(name)) {
    return new TransientStoreError(`S3 is unavailable: ${detail}`, { cause: error });
  }
  return new StoreError('s3-error', `S3 refused ${detail}`, { cause: error });
}

export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
  ) {}

  async get(key: string, options?: { versionId?: string | null }): Promise<StoredObject | null> {
    try {
      const response = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, VersionId: options?.versionId ?? undefined }),
      );
      const body = response.Body ? await response.Body.transformToByteArray() : new Uint8Array();
      return {
        body,
        contentType: response.ContentType ?? null,
        metadata: response.Metadata ?? {},
        etag: response.ETag ?? null,
        versionId: response.VersionId ?? null,
        lastModified: response.LastModified ?? null,
      };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw toStoreError('GetObject', key, error);
    }
  }

  async getStream(key: string, options?: { versionId?: string | null }): Promise<AsyncIterable<Uint8Array> | null> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, VersionId: options?.versionId ?? undefined }));
      // In Node the body is a Readable: an async iterable of Buffers.
      return (response.Body as AsyncIterable<Uint8Array> | undefined) ?? (async function* () {})();
    } catch (error) {
      if (isNotFound(error)) return null;
      throw toStoreError('GetObject', key, error);
    }
  }

  async head(key: string, options?: { versionId?: string | null }): Promise<ObjectHead | null> {
    try {
      const response = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: key, VersionId: options?.versionId ?? undefined }),
      );
      return {
        size: response.ContentLength ?? 0,
        metadata: response.Metadata ?? {},
        etag: response.ETag ?? null,
        versionId: response.VersionId ?? null,
      };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw toStoreError('HeadObject', key, error);
    }
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<'written' | 'exists'> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: options.contentType,
          CacheControl: options.cacheControl,
          Metadata: options.metadata ? { ...options.metadata } : undefined,
          IfNoneMatch: options.ifNoneMatch ? '*' : undefined,
          IfMatch: options.ifMatch,
        }),
      );
      return 'written';
    } catch (error) {
      if ((options.ifNoneMatch || options.ifMatch) && error instanceof S3ServiceException && httpStatusOf(error) === 412) return 'exists';
      throw toStoreError('PutObject', key, error);
    }
  }

  async list(prefix: string): Promise<ObjectSummary[]> {
    const objects: ObjectSummary[] = [];
    let continuationToken: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: continuationToken }),
        );
        for (const item of page.Contents ?? []) {
          if (item.Key) objects.push({ key: item.Key, size: item.Size ?? 0, lastModified: item.LastModified ?? null });
        }
        continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (continuationToken);
    } catch (error) {
      throw toStoreError('ListObjectsV2', prefix, error);
    }
    return objects;
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      if (isNotFound(error)) return;
      throw toStoreError('DeleteObject', key, error);
    }
  }
}
