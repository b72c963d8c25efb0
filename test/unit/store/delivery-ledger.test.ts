import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_CLOCK_SKEW_MS, CLAIM_LEASE_MS } from '../../../lambda/store/delivery-ledger.js';
import { DELIVERY_RETENTION_DAYS } from '../../../lambda/store/delivery-table.js';
import { TransientStoreError } from '../../../lambda/store/store-error.js';
import { forwardTo, startFaultInjectingProxy, type FaultInjectingProxy, type ProxiedRequest } from '../../support/fault-injecting-proxy.js';
import { startTestDynamoDb, type TestDynamoDb } from '../../support/dynamodb-emulator.js';

const START = new Date('2026-11-24T00:00:00Z');
const at = (ms: number) => new Date(START.getTime() + ms);
const PAST_LEASE = CLAIM_LEASE_MS + CLAIM_CLOCK_SKEW_MS + 1000;

/** DynamoDB's JSON protocol names the operation in this header. */
const isClaim = (request: ProxiedRequest) =>
  request.headers['x-amz-target'] === 'DynamoDB_20120810.PutItem' && request.body.toString('utf8').includes('ConditionExpression');
const INTERNAL_ERROR = {
  status: 500,
  contentType: 'application/x-amz-json-1.0',
  body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' }),
} as const;

let dynamo: TestDynamoDb;
let proxy: FaultInjectingProxy;

beforeAll(async () => {
  dynamo = await startTestDynamoDb();
  proxy = await startFaultInjectingProxy({ upstream: forwardTo(dynamo.endpoint) });
});

afterAll(async () => {
  await proxy?.close();
  await dynamo?.close();
});

describe('DynamoDbDeliveryLedger', () => {
  it('lets only the first claim of a (digest, subscriber) pair through and reports the entry that holds it', async () => {
    const ledger = await dynamo.freshLedger();

    const first = await ledger.claim('d1', 's1', ['a1'], START);
    const second = await ledger.claim('d1', 's1', ['a1'], at(1000));

    expect(first).toEqual({ claimed: true });
    expect(second).toEqual({
      claimed: false,
      existing: expect.objectContaining({ digestId: 'd1', subscriberKey: 's1', articleIds: ['a1'], status: 'claimed', claimedAt: START.toISOString() }),
    });
  });

  it('keeps 20 concurrent claims of one pair exclusive: exactly one wins', async () => {
    const ledger = await dynamo.freshLedger();

    const results = await Promise.all(Array.from({ length: 20 }, () => ledger.claim('d1', 's1', ['a1'], START)));

    expect(results.filter((result) => result.claimed)).toEqual([{ claimed: true }]);
    expect(results.filter((result) => !result.claimed)).toHaveLength(19);
  });

  it('keeps pairs independent: the same digest for another reader, another digest for the same reader', async () => {
    const ledger = await dynamo.freshLedger();
    await ledger.claim('d1', 's1', ['a1'], START);

    expect(await ledger.claim('d1', 's2', ['a1'], START)).toEqual({ claimed: true });
    expect(await ledger.claim('d2', 's1', ['a2'], START)).toEqual({ claimed: true });
  });

  it('stores the expiry for DynamoDB TTL, 30 days after the claim, and keeps it through markSent', async () => {
    const ledger = await dynamo.freshLedger();
    await ledger.claim('d1', 's1', ['a1'], START);
    await ledger.markSent({ digestId: 'd1', subscriberKey: 's1', articleIds: ['a1'], claimedAt: START.toISOString() }, 'm1', at(5000));

    const [item] = await dynamo.ledgerItems(ledger.tableName);

    expect(DELIVERY_RETENTION_DAYS).toBe(30);
    expect(item?.expiresAt).toBe(START.getTime() / 1000 + 30 * 86_400);
    expect(await ledger.get('d1', 's1')).not.toHaveProperty('expiresAt');
  });

  it('records a sent message, a refused one, and makes a released claim available again', async () => {
    const ledger = await dynamo.freshLedger();
    await ledger.claim('d1', 's1', ['a1'], START);
    await ledger.markSent({ digestId: 'd1', subscriberKey: 's1', articleIds: ['a1'], claimedAt: START.toISOString() }, 'msg-1', at(1000));
    await ledger.claim('d1', 's2', ['a1'], START);
    await ledger.markFailed({ digestId: 'd1', subscriberKey: 's2', articleIds: ['a1'], claimedAt: START.toISOString() }, { code: 'MessageRejected', message: 'bad address' });
    await ledger.claim('d2', 's1', ['a2'], START);
    await ledger.release('d2', 's1');

    expect(await ledger.get('d1', 's1')).toEqual({
      digestId: 'd1',
      subscriberKey: 's1',
      articleIds: ['a1'],
      status: 'sent',
      claimedAt: START.toISOString(),
      sentAt: at(1000).toISOString(),
      messageId: 'msg-1',
    });
    expect(await ledger.get('d1', 's2')).toMatchObject({ status: 'failed', error: { code: 'MessageRejected', message: 'bad address' } });
    expect((await ledger.claim('d1', 's2', ['a1'], at(2 * PAST_LEASE))).claimed).toBe(false);
    expect(await ledger.get('d2', 's1')).toBeNull();
    expect(await ledger.claim('d2', 's1', ['a2'], at(1000))).toEqual({ claimed: true });
  });

  it('recognises its own claim when the answer to the conditional write was lost and the SDK retried', async () => {
    const ledger = await dynamo.freshLedger(dynamo.clientFor(proxy.endpoint));
    proxy.inject({ name: 'claim applied, answer lost', matches: isClaim, fault: { kind: 'lost-answer', ...INTERNAL_ERROR }, times: 1 });

    const claim = await ledger.claim('d1', 's1', ['a1'], START);
    const other = await ledger.claim('d1', 's1', ['a1'], at(1000));

    proxy.clearFaults();
    expect(proxy.injected()['claim applied, answer lost']).toBe(1);
    expect(claim).toEqual({ claimed: true });
    expect(other.claimed).toBe(false);
  });

  it('reports DynamoDB trouble past the SDK retries as transient, so the subscriber is deferred', async () => {
    const ledger = await dynamo.freshLedger(dynamo.clientFor(proxy.endpoint));
    proxy.inject({ name: 'DynamoDB down', matches: () => true, fault: { kind: 'status', ...INTERNAL_ERROR } });

    const claim = ledger.claim('d1', 's1', ['a1'], START);

    await expect(claim).rejects.toBeInstanceOf(TransientStoreError);
    proxy.clearFaults();
  });
});

describe('DynamoDbDeliveryLedger stale claims', () => {
  it('takes over a claim older than the lease exactly once, even when 20 runs race', async () => {
    const ledger = await dynamo.freshLedger();
    await ledger.claim('d1', 's1', ['a1'], START);

    const fresh = await ledger.claim('d1', 's1', ['a1'], at(CLAIM_LEASE_MS - 1000));
    const racing = await Promise.all(Array.from({ length: 20 }, () => ledger.claim('d1', 's1', ['a1'], at(PAST_LEASE))));

    expect(fresh.claimed).toBe(false);
    expect(racing.filter((result) => result.claimed)).toEqual([{ claimed: true, recovered: true }]);
    expect(await ledger.get('d1', 's1')).toMatchObject({ status: 'claimed', claimedAt: at(PAST_LEASE).toISOString() });
  });

  it("ends the lease at the claiming run's deadline when it gives one", async () => {
    const ledger = await dynamo.freshLedger();
    const deadline = at(60_000);
    await ledger.claim('d1', 's1', ['a1'], START, deadline);

    const atDeadline = await ledger.claim('d1', 's1', ['a1'], new Date(deadline.getTime() + CLAIM_CLOCK_SKEW_MS));
    const after = await ledger.claim('d1', 's1', ['a1'], new Date(deadline.getTime() + CLAIM_CLOCK_SKEW_MS + 1));

    expect(atDeadline.claimed).toBe(false);
    expect(after).toEqual({ claimed: true, recovered: true });
  });

  it('never takes over a digest that was sent', async () => {
    const ledger = await dynamo.freshLedger();
    await ledger.claim('d1', 's1', ['a1'], START);
    await ledger.markSent({ digestId: 'd1', subscriberKey: 's1', articleIds: ['a1'], claimedAt: START.toISOString() }, 'm1', START);

    const later = await ledger.claim('d1', 's1', ['a1'], at(2 * PAST_LEASE));

    expect(later).toMatchObject({ claimed: false, existing: { status: 'sent', messageId: 'm1' } });
  });
});
