import { describe, expect, it } from 'vitest';
import { DEFAULT_DELIVERY_WINDOW } from '../../../lambda/digest/local-delivery.js';
import { DigestEventError, digestRequestOf } from '../../../lambda/pipeline/digest-event.js';

describe('digestRequestOf', () => {
  it('reads a fixed schedule\'s or an ingest trigger\'s event as "every reader of the cadence now"', () => {
    expect(digestRequestOf({ cadence: 'daily' }, DEFAULT_DELIVERY_WINDOW)).toEqual({ cadence: 'daily' });
    expect(digestRequestOf({ cadence: 'instant' }, DEFAULT_DELIVERY_WINDOW)).toEqual({ cadence: 'instant' });
  });

  it('reads an hourly local-morning event with the hour it was scheduled for, however late it arrives', () => {
    expect(digestRequestOf({ cadence: 'weekly', delivery: 'local-morning', at: '2026-03-29T05:00:00Z' }, DEFAULT_DELIVERY_WINDOW)).toEqual({
      cadence: 'weekly',
      localDelivery: { window: DEFAULT_DELIVERY_WINDOW, slot: new Date('2026-03-29T05:00:00Z') },
    });
    expect(digestRequestOf({ cadence: 'daily', delivery: 'local-morning', at: '2026-03-29T05:00:42Z' }, DEFAULT_DELIVERY_WINDOW).localDelivery?.slot).toEqual(
      new Date('2026-03-29T05:00:00Z'),
    );
  });

  it.each([
    [{ cadence: 'daily', delivery: 'local-morning' }],
    [{ cadence: 'instant', delivery: 'local-morning', at: '2026-03-29T05:00:00Z' }],
    [{ cadence: 'daily', delivery: 'local-morning', at: 'five o\'clock' }],
    [{ cadence: 'monthly' }],
    [null],
  ])('refuses %j with what it expects, rather than mailing every reader now', (event) => {
    expect(() => digestRequestOf(event, DEFAULT_DELIVERY_WINDOW)).toThrow(DigestEventError);
    expect(() => digestRequestOf(event, DEFAULT_DELIVERY_WINDOW)).toThrow(/"delivery":"local-morning"/);
  });
});
