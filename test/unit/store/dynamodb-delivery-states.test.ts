import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY_STATE_SORT_KEY } from '../../../lambda/store/delivery-table.js';
import { DynamoDbDeliveryStates } from '../../../lambda/store/dynamodb-delivery-states.js';
import { startTestDynamoDb, type TestDynamoDb } from '../../support/dynamodb-emulator.js';

const NOW = new Date('2026-11-24T12:00:00.000Z');
const state = (deliveredThrough: string, recentArticleIds: string[] = []) => ({ deliveredThrough, recentArticleIds });

describe('DynamoDbDeliveryStates', () => {
  let dynamo: TestDynamoDb;

  beforeAll(async () => {
    dynamo = await startTestDynamoDb();
  });

  afterAll(async () => {
    await dynamo?.close();
  });

  const fresh = async () => new DynamoDbDeliveryStates(dynamo.clientFor(), (await dynamo.freshLedger()).tableName);

  it('records a state and never lowers the watermark; an older run recording late is refused', async () => {
    const states = await fresh();

    expect(await states.record('s1', state('2026-11-24T11:55:00.000Z', ['a', 'b']), NOW)).toBe('recorded');
    // The same run again (a retried chunk) may write its state again.
    expect(await states.record('s1', state('2026-11-24T11:55:00.000Z', ['a', 'b', 'c']), NOW)).toBe('recorded');
    expect(await states.record('s1', state('2026-11-25T11:55:00.000Z', ['d']), NOW)).toBe('recorded');
    expect(await states.record('s1', state('2026-11-24T11:55:00.000Z', ['a']), NOW)).toBe('superseded');

    expect((await states.loadMany(['s1'])).get('s1')).toEqual(state('2026-11-25T11:55:00.000Z', ['d']));
  });

  it('keeps the state beside the ledger entries, apart from them, and lets it expire 30 days after its last write', async () => {
    const states = await fresh();
    await states.record('s1', state('2026-11-24T11:55:00.000Z'), NOW);

    const items = await dynamo.items(states.tableName);

    expect(items).toEqual([
      expect.objectContaining({ subscriberKey: 's1', digestId: DELIVERY_STATE_SORT_KEY, expiresAt: NOW.getTime() / 1000 + 30 * 86_400 }),
    ]);
    expect(await dynamo.ledgerItems(states.tableName)).toEqual([]);
  });

  it('reads the states of more readers than one BatchGetItem holds, leaving out readers without one', async () => {
    const states = await fresh();
    const keys = Array.from({ length: 230 }, (_, i) => `reader${i}`);
    for (const key of keys.slice(0, 150)) await states.record(key, state('2026-11-24T11:55:00.000Z', [key]), NOW);

    const read = await states.loadMany(keys);

    expect(read.size).toBe(150);
    expect(read.get('reader149')).toEqual(state('2026-11-24T11:55:00.000Z', ['reader149']));
    expect(read.has('reader150')).toBe(false);
    expect(await states.loadMany([])).toEqual(new Map());
  });
});
