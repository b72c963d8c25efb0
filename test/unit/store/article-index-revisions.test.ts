import { describe, expect, it } from 'vitest';
import { indexEntryFor, storedArticle } from '../../support/article-factory.js';
import { useTestDynamoDb } from '../../support/dynamodb-emulator.js';

const dynamo = useTestDynamoDb();

describe('DynamoDbArticleIndex.put and article revisions', () => {
  const storedAt = '2026-11-24T12:00:00.000Z';
  const day = [new Date('2026-11-24T00:00:00Z'), new Date('2026-11-25T00:00:00Z')] as const;

  it('rewrites an entry for a later revision, keeps the indexedAt it was first written with, and refuses an older revision', async () => {
    // Prepare
    const index = await dynamo().freshArticleIndex();
    const first = indexEntryFor(storedArticle({ id: 'abc', storedAt, headline: 'First version', customTopics: ['harbour'] }));
    const second = indexEntryFor(storedArticle({ id: 'abc', storedAt, headline: 'Second version' }));
    await index.put(first, new Date('2026-11-24T12:00:01Z'), 1);
    // Act
    const update = await index.put(second, new Date('2026-11-24T15:00:00Z'), 2);
    const late = await index.put(first, new Date('2026-11-24T16:00:00Z'), 1);
    // Assess
    expect({ update, late }).toEqual({ update: 'written', late: 'superseded' });
    const [entry, ...others] = await index.listStoredBetween(...day);
    expect(others).toEqual([]);
    expect(entry).toMatchObject({ id: 'abc', headline: 'Second version', indexedAt: '2026-11-24T12:00:01.000Z' });
    expect(entry).not.toHaveProperty('customTopics');
  });

  it('writes a retried revision again without moving its indexedAt', async () => {
    const index = await dynamo().freshArticleIndex();
    const entry = indexEntryFor(storedArticle({ id: 'abc', storedAt }));

    await index.put(entry, new Date('2026-11-24T12:00:01Z'), 1);
    expect(await index.put(entry, new Date('2026-11-24T12:07:00Z'), 1)).toBe('written');

    expect((await index.listStoredBetween(...day))[0]).toMatchObject({ indexedAt: '2026-11-24T12:00:01.000Z' });
  });
});
