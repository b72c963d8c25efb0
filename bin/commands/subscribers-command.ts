import { createReadStream } from 'node:fs';
import { createS3Client } from '../../lambda/aws-clients.js';
import { DynamoDbSubscriberRepository } from '../../lambda/store/dynamodb-subscriber-repository.js';
import { migrateLegacyMarkers } from '../../lambda/store/marker-migration.js';
import { S3ObjectStore } from '../../lambda/store/s3-object-store.js';
import { OperatorConfigError } from '../../lambda/store/store-error.js';
import { subscriberRowSchemaWith, type SubscriberRecord } from '../../lambda/store/subscriber.js';
import { type CheckedSubscriberFile, checkSubscriberFile } from '../../lambda/store/subscriber-file.js';
import type { TopicVocabulary } from '../../lambda/topics/topic-vocabulary.js';
import { BUCKET_OUTPUT, cloudFormationClient, openSubscriberTable, stackOutputs, type SubscriberTableLocation } from './subscriber-table-target.js';
import { openConfigBucket, subscriberTopicsFrom, type ConfigBucket } from './subscriber-topics.js';

/** import and add check topics against the model's labels and config/topics.json in `bucket` (or the stack's, or local mode's). */
export type SubscribersRequest =
  | { readonly action: 'import'; readonly file: string; readonly replace: boolean; readonly bucket: string | null }
  | { readonly action: 'export' | 'list' }
  | { readonly action: 'add'; readonly row: Record<string, unknown>; readonly bucket: string | null }
  | { readonly action: 'remove'; readonly email: string }
  | { readonly action: 'migrate'; readonly bucket: string | null };

async function* everyRecord(repository: DynamoDbSubscriberRepository): AsyncGenerator<SubscriberRecord> {
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<DynamoDbSubscriberRepository['page']>> = await repository.page(cursor);
    yield* page.subscribers;
    cursor = page.cursor;
  } while (cursor);
}

/** The topics rows may name; a broken config/topics.json is the operator's to fix, so it is an OperatorConfigError too. */
async function subscriberTopics(location: SubscriberTableLocation, bucket: string | null, open: typeof openConfigBucket): Promise<TopicVocabulary> {
  const configBucket = await open(location, bucket);
  try {
    return await subscriberTopicsFrom(configBucket);
  } finally {
    configBucket?.close();
  }
}

/**
 * `newsdrop subscribers …`: answers the exit code; output is one JSON object (or, for list, a table) on stdout.
 * `openBucket` finds config/topics.json (a MemoryObjectStore in tests).
 */
export async function subscribersCommand(
  request: SubscribersRequest,
  location: SubscriberTableLocation,
  print: (line: string) => void,
  warn: (line: string) => void,
  openBucket: (location: SubscriberTableLocation, bucket: string | null) => Promise<ConfigBucket | null> = openConfigBucket,
): Promise<number> {
  const { client, tableName } = await openSubscriberTable(location);
  const repository = new DynamoDbSubscriberRepository(client, tableName);
  try {
    switch (request.action) {
      case 'import': {
        let file: CheckedSubscriberFile;
        try {
          // Every row is checked before the first write: a bad file (a topic typo included) imports nothing.
          const topics = await subscriberTopics(location, request.bucket, openBucket);
          file = await checkSubscriberFile(async () => createReadStream(request.file), request.file, topics);
        } catch (error) {
          if (!(error instanceof OperatorConfigError)) throw error;
          warn(`newsdrop: nothing imported: ${error.message}`);
          return 1;
        }
        print(JSON.stringify({ table: tableName, ...(await repository.import(file.rows(), { replace: request.replace, addressHashes: file.addressHashes })) }));
        return 0;
      }
      case 'add': {
        let topics: TopicVocabulary;
        try {
          topics = await subscriberTopics(location, request.bucket, openBucket);
        } catch (error) {
          if (!(error instanceof OperatorConfigError)) throw error;
          warn(`newsdrop: not added: ${error.message}`);
          return 1;
        }
        const parsed = subscriberRowSchemaWith(topics).safeParse(request.row);
        if (!parsed.success) {
          warn(`newsdrop: not added: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`).join('; ')}`);
          return 1;
        }
        const outcome = await repository.add(parsed.data);
        print(JSON.stringify({ email: parsed.data.email, outcome, status: (await repository.get(parsed.data.email))?.status ?? null }));
        return 0;
      }
      case 'remove': {
        const removed = await repository.remove(request.email);
        print(JSON.stringify({ email: request.email, removed }));
        return removed ? 0 : 1;
      }
      case 'export': {
        // One reader per line (JSON Lines), so a million readers never sit in memory at once.
        for await (const record of everyRecord(repository)) print(JSON.stringify(record));
        return 0;
      }
      case 'list': {
        // Consent source last: free text (a signup form's origin, an operator's note) that may hold spaces.
        print(['status', 'cadence', 'consent', 'email', 'topics', 'consent source'].join('\t'));
        for await (const record of everyRecord(repository)) {
          const topics = (record.topics ?? []).join(',') + (record.stoppedTopics?.length ? ` (stopped: ${record.stoppedTopics.join(',')})` : '');
          const source = record.consentSource?.replace(/\s+/g, ' ') ?? '-';
          print([record.status, record.cadence ?? '-', record.consentAt ?? '-', record.email ?? `(address unknown, hash ${record.addressHash.slice(0, 12)}…)`, topics || '-', source].join('\t'));
        }
        return 0;
      }
      case 'migrate': {
        const bucketName = request.bucket ?? (location.kind === 'stack' ? (await stackOutputs(cloudFormationClient(), location.stackName, [BUCKET_OUTPUT]))[BUCKET_OUTPUT]! : null);
        if (!bucketName) {
          warn('newsdrop: subscribers migrate needs --stack NAME or --bucket NAME (the bucket the markers are in)');
          return 2;
        }
        const s3 = createS3Client();
        try {
          print(JSON.stringify({ table: tableName, bucket: bucketName, ...(await migrateLegacyMarkers(new S3ObjectStore(s3, bucketName), repository)) }));
        } finally {
          s3.destroy();
        }
        return 0;
      }
    }
  } finally {
    client.destroy();
  }
}
