/**
 * When a daily or weekly digest is due for a reader: at the operator's delivery hour on the
 * reader's own clock (their timezone, or the operator's default), on the operator's weekday for
 * weekly readers. Runs are hourly, on the hour in UTC, so "due" means: this run is the first whose
 * local time has reached the delivery hour on the reader's local day. That rule gives exactly one
 * run per local day however the clock moves: an hour that does not exist (spring forward past
 * 02:00) is served by the first run after the gap, an hour that happens twice (fall back) only by
 * the first, and a zone 5:30 ahead of UTC is served at 07:30 by the run of 02:00 UTC. Pure: Intl
 * only, no clock of its own.
 */

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The operator's delivery settings (deliveryHour, weeklyDay, defaultTimezone). */
export interface DeliveryWindow {
  /** Local hour, 0..23. */
  readonly hour: number;
  /** The local weekday weekly digests go out on. */
  readonly weekday: Weekday;
  /** The timezone of readers who did not give one. */
  readonly defaultTimeZone: string;
}

export const DEFAULT_DELIVERY_WINDOW: DeliveryWindow = { hour: 7, weekday: 'MON', defaultTimeZone: 'UTC' };

/** Runs are this far apart: the hourly schedule. */
export const DELIVERY_RUN_INTERVAL_MS = 3_600_000;

/** A wall-clock reading in one timezone. */
export interface LocalTime {
  /** YYYY-MM-DD on the reader's calendar: the day a digest is counted against. */
  readonly date: string;
  /** Minutes since local midnight, 0..1439. */
  readonly minuteOfDay: number;
  readonly weekday: Weekday;
}

/** One formatter per zone: building one costs ~50 µs, reading one ~2 µs. Bounded: zones are a few hundred names. */
const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATTERS = 1_000;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // en-US with h23: numeric parts in a fixed order and midnight as 00, never 24.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
    if (formatters.size < MAX_FORMATTERS) formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall clock in `timeZone` at `instant`; a RangeError for a name Intl does not know. */
export function localTimeIn(timeZone: string, instant: Date): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  const weekday = parts['weekday']!.toUpperCase() as Weekday;
  return {
    date: `${parts['year']}-${parts['month']}-${parts['day']}`,
    minuteOfDay: Number(parts['hour']) * 60 + Number(parts['minute']),
    weekday,
  };
}

/** The hourly slot a run belongs to: its time rounded down to the hour (a late or retried run keeps its slot). */
export function deliverySlotOf(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / DELIVERY_RUN_INTERVAL_MS) * DELIVERY_RUN_INTERVAL_MS);
}

/**
 * Whether the run of `slot` is the one that serves a reader in `timeZone` today: the local clock
 * has reached the delivery hour at this slot but had not at the slot before (or was still on the
 * previous day). Weekly readers only on the delivery weekday.
 */
export function isDeliveryDue(cadence: 'daily' | 'weekly', timeZone: string, slot: Date, window: DeliveryWindow): boolean {
  const now = localTimeIn(timeZone, slot);
  const deliveryMinute = window.hour * 60;
  if (now.minuteOfDay < deliveryMinute) return false;
  if (cadence === 'weekly' && now.weekday !== window.weekday) return false;
  const before = localTimeIn(timeZone, new Date(slot.getTime() - DELIVERY_RUN_INTERVAL_MS));
  return before.date !== now.date || before.minuteOfDay < deliveryMinute;
}

/**
 * The zones due at `slot`, decided once per zone name and remembered for the run: a million
 * readers share a few hundred zones, so the planner asks Intl a few hundred times, not a million.
 */
export class DueZones {
  private readonly answers = new Map<string, boolean>();

  constructor(
    private readonly cadence: 'daily' | 'weekly',
    readonly slot: Date,
    readonly window: DeliveryWindow,
  ) {}

  /** A reader's zone as stored (absent: the operator's default); an unknown name counts as the default too. */
  isDue(timeZone: string | null | undefined): boolean {
    const zone = timeZone ?? this.window.defaultTimeZone;
    let due = this.answers.get(zone);
    if (due === undefined) {
      try {
        due = isDeliveryDue(this.cadence, zone, this.slot, this.window);
      } catch {
        // Imports validate zone names; one this runtime no longer knows must not cost the reader their mail.
        due = zone === this.window.defaultTimeZone ? false : this.isDue(null);
      }
      this.answers.set(zone, due);
    }
    return due;
  }
}

/** The reader's local day the run of `slot` mails them for: what the delivery ledger counts one digest against. */
export function localDeliveryDay(timeZone: string | null | undefined, slot: Date, defaultTimeZone: string): string {
  try {
    return localTimeIn(timeZone ?? defaultTimeZone, slot).date;
  } catch {
    return localTimeIn(defaultTimeZone, slot).date;
  }
}

/** Every zone a reader can name: the runtime's IANA list (canonical names; aliases follow the same rules) and the fixed offsets. */
function everyZone(defaultTimeZone: string): string[] {
  const fixed = Array.from({ length: 27 }, (_, index) => index - 12).map((hours) => (hours === 0 ? 'UTC' : `Etc/GMT${hours > 0 ? '-' : '+'}${Math.abs(hours)}`));
  return [defaultTimeZone, ...fixed, ...Intl.supportedValuesOf('timeZone')];
}

/**
 * Whether a reader anywhere on Earth can be due at `slot`. A weekly run is due in a few slots a
 * week: in the other ~160 hourly runs this lets the planner skip reading the weekly readers at all.
 */
export function anyZoneDue(due: DueZones): boolean {
  return everyZone(due.window.defaultTimeZone).some((zone) => due.isDue(zone));
}
