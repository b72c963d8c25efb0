import { S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../../lambda/aws-clients.js';
import { CustomTopicRepository } from '../../lambda/store/custom-topic-repository.js';
import type { ObjectStore } from '../../lambda/store/object-store.js';
import { S3ObjectStore } from '../../lambda/store/s3-object-store.js';
import { TopicVocabulary } from '../../lambda/topics/topic-vocabulary.js';
import { BUCKET_OUTPUT, cloudFormationClient, stackOutputs, type StackDescriber, type SubscriberTableLocation } from './subscriber-table-target.js';

/** A bucket opened for reading the operator's config; close() releases its client. */
export interface ConfigBucket {
  readonly store: ObjectStore;
  close(): void;
}

/**
 * The bucket whose config/topics.json names the operator's topics: the one given with --bucket, a
 * stack's (its BucketName output), or local mode's emulator; null for --table without --bucket.
 */
export async function openConfigBucket(location: SubscriberTableLocation, bucket: string | null, describer: () => StackDescriber = cloudFormationClient): Promise<ConfigBucket | null> {
  if (location.kind === 'local' && bucket === null) {
    const s3 = new S3Client({
      endpoint: `http://127.0.0.1:${location.s3Port}`,
      region: 'us-east-1',
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    return { store: new S3ObjectStore(s3, location.bucket), close: () => s3.destroy() };
  }
  const name = bucket ?? (location.kind === 'stack' ? (await stackOutputs(describer(), location.stackName, [BUCKET_OUTPUT]))[BUCKET_OUTPUT]! : null);
  if (name === null) return null;
  const s3 = createS3Client();
  return { store: new S3ObjectStore(s3, name), close: () => s3.destroy() };
}

/** The topics `subscribers import` and `add` accept: the model's labels, and the operator's when their bucket is known. */
export async function subscriberTopicsFrom(bucket: ConfigBucket | null): Promise<TopicVocabulary> {
  if (!bucket) return new TopicVocabulary([], { customTopicsUnknownBecause: 'with --table, pass --bucket NAME to read its config/topics.json' });
  return new CustomTopicRepository(bucket.store).vocabulary();
}
