import { describe, expect, it } from 'vitest';
import { CLAIM_CLOCK_SKEW_MS, CLAIM_LEASE_MS, DeliveryLedger } from '../../../lambda/store/delivery-ledger.js';
import { MemoryObjectStore } from '../../../lambda/store/memory-object-store.js';
import type { PutOptions } from '../../../lambda/store/object-store.js';

/**
 * S3 applied the conditional write but its answer was lost; the SDK's retry then met the new
 * object and was refused (412), so the store reports 'exists' for a write that did happen.
 */
class LostAnswerStore extends MemoryObjectStore {
  override async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<'written' | 'exists'> {
    const outcome = await super.put(key, body, options);
    return options.ifNoneMatch || options.ifMatch ? 'exists' : outcome;
  }
}

describe('DeliveryLedger', () => {
  it('lets only the first claim of a (digest, subscriber) pair through', async () => {
    const ledger = new DeliveryLedger(new MemoryObjectStore());

    const first = await ledger.claim('d1', 's1', ['a1']);
    const second = await ledger.claim('d1', 's1', ['a1']);

    expect(first).toEqual({ claimed: true });
    expect(second.claimed).toBe(false);
    expect(second.claimed === false && second.existing.status).toBe('claimed');
  });

  it('keeps concurrent claims exclusive', async () => {
    const ledger = new DeliveryLedger(new MemoryObjectStore());

    const results = await Promise.all(Array.from({ length: 5 }, () => ledger.claim('d1', 's1', ['a1'])));

    expect(results.filter((result) => result.claimed)).toHaveLength(1);
  });

  it('recognises its own claim when the answer to the conditional write was lost', async () => {
    const ledger = new DeliveryLedger(new LostAnswerStore());

    const claim = await ledger.claim('d1', 's1', ['a1']);

    expect(claim).toEqual({ claimed: true });
  });

  it('still refuses a claim another run holds', async () => {
    const store = new LostAnswerStore();
    await new DeliveryLedger(store).claim('d1', 's1', ['a1']);

    const claim = await new DeliveryLedger(store).claim('d1', 's1', ['a1']);

    expect(claim.claimed).toBe(false);
  });

  it('records a sent message and makes a released claim available again', async () => {
    const ledger = new DeliveryLedger(new MemoryObjectStore());
    await ledger.claim('d1', 's1', ['a1']);
    await ledger.markSent({ digestId: 'd1', subscriberKey: 's1', articleIds: ['a1'], claimedAt: '2026-11-24T00:00:00Z' }, 'msg-1');
    expect(await ledger.get('d1', 's1')).toMatchObject({ status: 'sent', messageId: 'msg-1' });

    await ledger.claim('d2', 's1', ['a2']);
    await ledger.release('d2', 's1');

    expect(await ledger.claim('d2', 's1', ['a2'])).toEqual({ claimed: true });
  });
});

describe('DeliveryLedger stale claims', () => {
  it('takes over a claim older than the lease exactly once, even when runs race', async () => {
    const ledger = new DeliveryLedger(new MemoryObjectStore());
    const start = new Date('2026-11-24T00:00:00Z');
    await ledger.claim('d1', 's1', ['a1'], start);

    const fresh = await ledger.claim('d1', 's1', ['a1'], new Date(start.getTime() + CLAIM_LEASE_MS - 1000));
    const later = new Date(start.getTime() + CLAIM_LEASE_MS + CLAIM_CLOCK_SKEW_MS + 1000);
    const racing = await Promise.all([ledger.claim('d1', 's1', ['a1'], later), ledger.claim('d1', 's1', ['a1'], later)]);

    expect(fresh.claimed).toBe(false);
    expect(racing.filter((result) => result.claimed)).toEqual([{ claimed: true, recovered: true }]);
  });

  it('recognises its own takeover of a stale claim when the answer was lost', async () => {
    const store = new LostAnswerStore();
    const start = new Date('2026-11-24T00:00:00Z');
    await new DeliveryLedger(store).claim('d1', 's1', ['a1'], start);

    const takeover = await new DeliveryLedger(store).claim('d1', 's1', ['a1'], new Date(start.getTime() + CLAIM_LEASE_MS + CLAIM_CLOCK_SKEW_MS + 1000));

    expect(takeover).toEqual({ claimed: true, recovered: true });
  });

  it('ends the lease at the claiming run\'s deadline when it gives one', async () => {
    const ledger = new DeliveryLedger(new MemoryObjectStore());
    const start = new Date('2026-11-24T00:00:00Z');
    const deadline = new Date(start.getTime() + 60_000);
    await ledger.claim('d1', 's1', ['a1'], start, deadline);

    const atDeadline = await ledger.claim('d1', 's1', ['a1'], new Date(deadline.getTime() + CLAIM_CLOCK_SKEW_MS));
    const after = await ledger.claim('d1', 's1', ['a1'], new Date(deadline.getTime() + CLAIM_CLOCK_SKEW_MS + 1));

    expect(atDeadline.claimed).toBe(false);
    expect(after).toEqual({ claimed: true, recovered: true });
  });

  it('never takes over a digest that was sent', async () => {
    const ledger = new DeliveryLedger(new MemoryObjectStore());
    const start = new Date('2026-11-24T00:00:00Z');
    await ledger.claim('d1', 's1', ['a1'], start);
    await ledger.markSent({ digestId: 'd1', subscriberKey: 's1', articleIds: ['a1'], claimedAt: start.toISOString() }, 'm1', start);

    expect((await ledger.claim('d1', 's1', ['a1'], new Date(start.getTime() + 2 * CLAIM_LEASE_MS))).claimed).toBe(false);
  });
});
