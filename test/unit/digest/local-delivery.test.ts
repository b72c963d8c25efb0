import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  anyZoneDue,
  DEFAULT_DELIVERY_WINDOW,
  deliverySlotOf,
  DueZones,
  isDeliveryDue,
  localDeliveryDay,
  localTimeIn,
  type DeliveryWindow,
} from '../../../lambda/digest/local-delivery.js';

const HOUR_MS = 3_600_000;

/**
 * Walks the fake clock hour by hour from `from` to `to` (a few minutes past each hour, as a
 * scheduled invocation lands), asking at each step whether the run is due for a reader in `zone`.
 * Answers the local wall-clock time of each due run, by local day.
 */
function walk(zone: string, from: string, to: string, window: DeliveryWindow, cadence: 'daily' | 'weekly' = 'daily'): Map<string, string[]> {
  const dueAt = new Map<string, string[]>();
  for (let at = Date.parse(from) + 3 * 60_000; at < Date.parse(to); at += HOUR_MS) {
    vi.setSystemTime(at);
    const slot = deliverySlotOf(new Date());
    if (!isDeliveryDue(cadence, zone, slot, window)) continue;
    const local = localTimeIn(zone, slot);
    const clock = `${String(Math.floor(local.minuteOfDay / 60)).padStart(2, '0')}:${String(local.minuteOfDay % 60).padStart(2, '0')}`;
    dueAt.set(local.date, [...(dueAt.get(local.date) ?? []), clock]);
  }
  return dueAt;
}

/** Every local day strictly inside the walk (the first and last may be cut). */
function days(from: string, to: string): string[] {
  const list: string[] = [];
  for (let at = Date.parse(from) + 86_400_000; at < Date.parse(to) - 86_400_000; at += 86_400_000) list.push(new Date(at).toISOString().slice(0, 10));
  return list;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('local-morning delivery across the 2026 clock changes', () => {
  const spring = ['2026-03-05T00:00:00Z', '2026-04-02T00:00:00Z'] as const;
  const autumn = ['2026-10-22T00:00:00Z', '2026-11-05T00:00:00Z'] as const;

  it.each([
    ['Europe/Berlin', '07:00'],
    ['America/New_York', '07:00'],
    ['Asia/Kolkata', '07:30'],
    ['Asia/Kathmandu', '07:45'],
    ['Australia/Lord_Howe', '07:00'],
    ['UTC', '07:00'],
  ])('a reader in %s gets exactly one daily digest each local day, at %s', (zone, clock) => {
    for (const [from, to] of [spring, autumn]) {
      // Act
      const dueAt = walk(zone, from, to, DEFAULT_DELIVERY_WINDOW);

      // Assess
      for (const day of days(from, to)) expect(dueAt.get(day), `${zone} on ${day}`).toEqual([clock]);
    }
  });

  it('Berlin on the days the clocks change: one digest on 29 March (spring forward) and one on 25 October (fall back)', () => {
    // Act
    const spring2026 = walk('Europe/Berlin', '2026-03-28T00:00:00Z', '2026-03-31T00:00:00Z', DEFAULT_DELIVERY_WINDOW);
    const autumn2026 = walk('Europe/Berlin', '2026-10-24T00:00:00Z', '2026-10-27T00:00:00Z', DEFAULT_DELIVERY_WINDOW);

    // Assess: 07:00 local is 06:00 UTC in winter time, 05:00 UTC in summer time
    expect(spring2026.get('2026-03-29')).toEqual(['07:00']);
    expect(autumn2026.get('2026-10-25')).toEqual(['07:00']);
    expect(isDeliveryDue('daily', 'Europe/Berlin', new Date('2026-03-28T06:00:00Z'), DEFAULT_DELIVERY_WINDOW)).toBe(true);
    expect(isDeliveryDue('daily', 'Europe/Berlin', new Date('2026-03-29T05:00:00Z'), DEFAULT_DELIVERY_WINDOW)).toBe(true);
    expect(isDeliveryDue('daily', 'Europe/Berlin', new Date('2026-10-25T06:00:00Z'), DEFAULT_DELIVERY_WINDOW)).toBe(true);
  });

  it('an hour the clock skips (02:30 does not exist in Berlin on 29 March) is served once, by the first run after the gap', () => {
    // Prepare: the operator picks 02:00; Berlin goes from 01:59 to 03:00 that night
    const window: DeliveryWindow = { ...DEFAULT_DELIVERY_WINDOW, hour: 2 };

    // Act
    const dueAt = walk('Europe/Berlin', '2026-03-27T00:00:00Z', '2026-03-31T00:00:00Z', window);

    // Assess
    expect(dueAt.get('2026-03-28')).toEqual(['02:00']);
    expect(dueAt.get('2026-03-29')).toEqual(['03:00']);
    expect(dueAt.get('2026-03-30')).toEqual(['02:00']);
  });

  it('an hour the clock repeats (02:00-03:00 twice in Berlin on 25 October) is served once, by its first occurrence', () => {
    // Prepare
    const window: DeliveryWindow = { ...DEFAULT_DELIVERY_WINDOW, hour: 2 };

    // Act
    const dueAt = walk('Europe/Berlin', '2026-10-23T00:00:00Z', '2026-10-27T00:00:00Z', window);

    // Assess: 00:00 UTC is 02:00 summer time, 01:00 UTC 02:00 winter time again
    expect(dueAt.get('2026-10-25')).toEqual(['02:00']);
    expect(isDeliveryDue('daily', 'Europe/Berlin', new Date('2026-10-25T00:00:00Z'), window)).toBe(true);
    expect(isDeliveryDue('daily', 'Europe/Berlin', new Date('2026-10-25T01:00:00Z'), window)).toBe(false);
  });

  it('midnight as the delivery hour is served once a day, also where midnight moves (America/Havana springs forward at 00:00)', () => {
    const window: DeliveryWindow = { ...DEFAULT_DELIVERY_WINDOW, hour: 0 };
    for (const zone of ['America/Havana', 'Europe/Berlin']) {
      // Act
      const dueAt = walk(zone, '2026-03-01T00:00:00Z', '2026-03-31T00:00:00Z', window);

      // Assess
      for (const day of days('2026-03-01T00:00:00Z', '2026-03-31T00:00:00Z')) expect(dueAt.get(day)?.length, `${zone} on ${day}`).toBe(1);
    }
  });

  it('weekly readers get one digest a week, on the local weekday at the local hour, across both changes', () => {
    for (const zone of ['Europe/Berlin', 'America/New_York', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      for (const [from, to] of [spring, autumn]) {
        // Act
        const dueAt = walk(zone, from, to, { ...DEFAULT_DELIVERY_WINDOW, weekday: 'MON' }, 'weekly');

        // Assess
        const mondays = days(from, to).filter((day) => new Date(`${day}T12:00:00Z`).getUTCDay() === 1);
        expect([...dueAt.keys()].sort(), zone).toEqual(mondays);
        for (const clocks of dueAt.values()) expect(clocks).toEqual(['07:00']);
      }
    }
  });
});

describe('DueZones', () => {
  it('treats readers without a timezone, and with one this runtime does not know, as in the default timezone', () => {
    // Prepare: 06:00 UTC is 07:00 in Lisbon in summer, 08:00 in Berlin
    const due = new DueZones('daily', new Date('2026-06-01T06:00:00Z'), { ...DEFAULT_DELIVERY_WINDOW, defaultTimeZone: 'Europe/Lisbon' });

    // Act / Assess
    expect(due.isDue(undefined)).toBe(true);
    expect(due.isDue('Not/AZone')).toBe(true);
    expect(due.isDue('Europe/Berlin')).toBe(false);
    expect(due.isDue('Europe/London')).toBe(true);
  });

  it('counts a delivery against the reader\'s local day, which may differ from the UTC day', () => {
    // 22:00 UTC on 1 June is 07:00 on 2 June in Tokyo
    expect(localDeliveryDay('Asia/Tokyo', new Date('2026-06-01T22:00:00Z'), 'UTC')).toBe('2026-06-02');
    expect(localDeliveryDay(undefined, new Date('2026-06-01T22:00:00Z'), 'America/Los_Angeles')).toBe('2026-06-01');
    expect(localDeliveryDay('Not/AZone', new Date('2026-06-01T22:00:00Z'), 'Asia/Tokyo')).toBe('2026-06-02');
  });

  it('rounds a late run down to its hourly slot', () => {
    expect(deliverySlotOf(new Date('2026-06-01T06:59:59.999Z')).toISOString()).toBe('2026-06-01T06:00:00.000Z');
  });
});

describe('anyZoneDue', () => {
  it('is true in every hourly slot for daily readers, and for weekly ones only in the slots of the delivery weekday somewhere', () => {
    // Act: one week of hourly slots
    const weekStart = Date.parse('2026-06-01T00:00:00Z');
    const daily: boolean[] = [];
    const weekly: boolean[] = [];
    for (let hour = 0; hour < 7 * 24; hour++) {
      const slot = new Date(weekStart + hour * HOUR_MS);
      daily.push(anyZoneDue(new DueZones('daily', slot, DEFAULT_DELIVERY_WINDOW)));
      weekly.push(anyZoneDue(new DueZones('weekly', slot, DEFAULT_DELIVERY_WINDOW)));
    }

    // Assess: Monday 07:00 travels from UTC+14 (Sunday 17:00 UTC) to UTC-12 (Monday 19:00 UTC)
    expect(daily.every(Boolean)).toBe(true);
    const weeklySlots = weekly.flatMap((isDue, hour) => (isDue ? [new Date(weekStart + hour * HOUR_MS).toISOString()] : []));
    expect(weeklySlots.length).toBeGreaterThan(20);
    expect(weeklySlots.length).toBeLessThan(30);
    expect(weeklySlots).toContain('2026-06-01T06:00:00.000Z'); // Monday 07:00 in London (summer time)
    expect(weeklySlots).not.toContain('2026-06-03T06:00:00.000Z'); // Wednesday
  });
});
