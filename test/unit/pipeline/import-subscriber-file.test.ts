import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../lambda/log.js';
import { importSubscriberFile } from '../../../lambda/pipeline/import-subscriber-file.js';
import { CUSTOM_TOPICS_CONFIG_KEY, SUBSCRIBERS_CONFIG_KEY } from '../../../lambda/store/keys.js';
import { MemoryObjectStore } from '../../../lambda/store/memory-object-store.js';
import { RejectionRepository } from '../../../lambda/store/rejection-repository.js';
import { useTestDynamoDb } from '../../support/dynamodb-emulator.js';

const NOW = new Date('2026-12-01T08:00:00Z');
const ORIGIN = { bucket: 'news', key: SUBSCRIBERS_CONFIG_KEY, versionId: null, etag: '"e1"' };

const dynamo = useTestDynamoDb();

/** A bucket holding the uploaded subscriber file (and the operator's topics, when given), and an empty table. */
async function setUp(subscribers: unknown, customTopics?: unknown) {
  const store = new MemoryObjectStore();
  await store.put(SUBSCRIBERS_CONFIG_KEY, JSON.stringify(subscribers));
  if (customTopics !== undefined) await store.put(CUSTOM_TOPICS_CONFIG_KEY, JSON.stringify(customTopics));
  const table = await dynamo().freshSubscribers();
  const deps = { store, subscribers: table, rejections: new RejectionRepository(store), logger: silentLogger, now: () => NOW };
  return { store, table, deps };
}

describe('importSubscriberFile: subscriber topics', () => {
  it('rejects a file with a topic typo, naming the entry and the closest topic, and imports none of it', async () => {
    const { store, table, deps } = await setUp([
      { email: 'ada@example.com', topics: ['world'], cadence: 'daily' },
      { email: 'bob@example.com', topics: ['Buisness'], cadence: 'daily' },
    ]);

    const result = await importSubscriberFile(ORIGIN, deps);

    expect(result).toMatchObject({ status: 'rejected', message: expect.stringMatching(/entry 2 \(bob@example\.com\), field topics: unknown topic "Buisness"; did you mean "business"\?/) });
    expect(await table.loadActive('daily')).toEqual([]);
    const rejection = await store.get(`rejected/${SUBSCRIBERS_CONFIG_KEY}.error.json`);
    expect(JSON.parse(new TextDecoder().decode(rejection!.body))).toMatchObject({ code: 'invalid-config', message: expect.stringContaining('"Buisness"') });
  });

  it('accepts a topic the operator defined in config/topics.json', async () => {
    const { table, deps } = await setUp([{ email: 'ada@example.com', topics: ['russia-us', 'world'], cadence: 'daily' }], [{ name: 'russia-us', any: ['Lavrov'] }]);

    const result = await importSubscriberFile(ORIGIN, deps);

    expect(result.status).toBe('imported');
    expect((await table.loadActive('daily')).map((reader) => reader.topics)).toEqual([['russia-us', 'world']]);
  });
});
