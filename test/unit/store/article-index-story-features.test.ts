import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTICLE_INDEX_PARTITION_KEY, ARTICLE_INDEX_SORT_KEY } from '../../../lambda/store/article-index-table.js';
import { encodeSparseVector } from '../../../lambda/store/story-features.js';
import { indexEntryFor, storedArticle } from '../../support/article-factory.js';
import { startTestDynamoDb, type TestDynamoDb } from '../../support/dynamodb-emulator.js';

let dynamo: TestDynamoDb;
beforeAll(async () => {
  dynamo = await startTestDynamoDb();
});
afterAll(async () => {
  await dynamo?.close();
});

describe('story features in the article index', () => {
  /** Stores `entry` as an older version of newsdrop would have: without `attribute`. */
  async function putWithout(index: Awaited<ReturnType<TestDynamoDb['freshArticleIndex']>>, entry: ReturnType<typeof indexEntryFor>, attribute: string) {
    await index.put(entry);
    await dynamo.clientFor().send(
      new UpdateCommand({
        TableName: index.tableName,
        Key: { [ARTICLE_INDEX_PARTITION_KEY]: entry.storedAt.slice(0, 10), [ARTICLE_INDEX_SORT_KEY]: `${entry.storedAt}#${entry.id}` },
        UpdateExpression: `REMOVE ${attribute}`,
      }),
    );
  }
  const storedAt = '2026-11-24T12:00:00.000Z';
  const day = [new Date('2026-11-24T00:00:00Z'), new Date('2026-11-25T00:00:00Z')] as const;
  const article = storedArticle({
    id: 'port',
    storedAt,
    headline: 'Valparaiso dockers end 12-day strike',
    body: ['Dockworkers at Chile\u2019s Valparaiso port ended a 12-day strike on Thursday after TPS agreed to a 7.5 percent pay rise.', 'More than 40 ships had waited at anchor.'],
  });

  it('reads back every vector, the names and the weekdays exactly as ingest computed them', async () => {
    const index = await dynamo.freshArticleIndex();
    const entry = indexEntryFor(article);
    await index.put(entry);

    const [listed] = await index.listStoredBetween(...day);

    expect(listed!.storyFeatures).toEqual(entry.storyFeatures);
    expect(entry.storyFeatures.weekdays).toBe(1 << 3);
    expect(entry.storyFeatures.facts.indices.length).toBeGreaterThan(0);
  });

  it('reads an entry written before openings, facts, lead vectors and weekdays were stored: the lede stands in for the opening, the rest is empty', async () => {
    const index = await dynamo.freshArticleIndex();
    const { storyFeatures } = indexEntryFor(article);
    await dynamo.clientFor().send(
      new PutCommand({
        TableName: index.tableName,
        Item: {
          [ARTICLE_INDEX_PARTITION_KEY]: '2026-11-24',
          [ARTICLE_INDEX_SORT_KEY]: `${storedAt}#port`,
          id: 'port',
          headline: article.headline,
          storedAt,
          topic: article.topic,
          summary: article.summary,
          wordCount: article.wordCount,
          storyVector: encodeSparseVector(storyFeatures.vector),
          ledeVector: encodeSparseVector(storyFeatures.lede),
          entities: storyFeatures.entities,
        },
      }),
    );

    const [listed] = await index.listStoredBetween(...day);

    expect(listed!.storyFeatures.opening).toEqual(storyFeatures.lede);
    expect(listed!.storyFeatures.facts.indices.length).toBe(0);
    expect(listed!.storyFeatures.headline.indices.length).toBe(0);
    expect(listed!.storyFeatures.weekdays).toBe(0);
    expect(listed!.storyFeatures.quotes.indices.length).toBe(0);
  });

  it('reads an entry written before quoted speech was stored as quoting no one, and its other features as written', async () => {
    const index = await dynamo.freshArticleIndex();
    const entry = indexEntryFor(storedArticle({ id: 'port', storedAt, headline: article.headline, body: [...article.body, '"We will not pay more," the operator said in a statement.'] }));
    const { storyFeatures } = entry;
    expect(storyFeatures.quotes.indices.length).toBeGreaterThan(0);
    await putWithout(index, entry, 'quotesVector');

    const [listed] = await index.listStoredBetween(...day);

    expect(listed!.storyFeatures).toEqual({ ...storyFeatures, quotes: { indices: new Uint32Array(0), values: new Float32Array(0) } });
  });

  it('reads an entry written before events were compared by meaning as having no meaning vector, and its other features as written', async () => {
    const index = await dynamo.freshArticleIndex();
    const entry = indexEntryFor(storedArticle({ id: 'port', storedAt, headline: article.headline, body: article.body }));
    const { storyFeatures } = entry;
    expect(storyFeatures.eventMeaning.indices.length).toBeGreaterThan(0);
    await putWithout(index, entry, 'eventMeaningVector');

    const [listed] = await index.listStoredBetween(...day);

    expect(listed!.storyFeatures).toEqual({ ...storyFeatures, eventMeaning: { indices: new Uint32Array(0), values: new Float32Array(0) } });
  });
});
