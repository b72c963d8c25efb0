import { describe, expect, it } from 'vitest';
import {
  MONTH_ABBREVIATION_PATTERN,
  MONTH_NAMES,
  MONTH_PATTERN,
  MONTH_PREFIX_PATTERN,
  monthNumber,
  WEEKDAY_ABBREVIATION_PATTERN,
  WEEKDAY_NAMES,
  WEEKDAY_PATTERN,
} from '../../../lambda/text/calendar-names.js';

const whole = (source: string) => new RegExp(`^(?:${source})$`, 'i');

describe('calendar names', () => {
  it('take months in full and cut short, and nothing else', () => {
    for (const name of [...MONTH_NAMES, 'Jan', 'SEPT', 'Sep', 'jun', 'jul', 'Dec']) expect(whole(MONTH_PATTERN).test(name), name).toBe(true);
    for (const name of ['ja', 'marvel', 'mayor', 'septembre', 'juli']) expect(whole(MONTH_PATTERN).test(name), name).toBe(false);
  });

  it('leave May out of the months written with a full stop, since "may." ends sentences', () => {
    expect(whole(MONTH_ABBREVIATION_PATTERN).test('Sept')).toBe(true);
    expect(whole(MONTH_ABBREVIATION_PATTERN).test('may')).toBe(false);
    expect(whole(MONTH_PREFIX_PATTERN).test('may')).toBe(true);
    expect(whole(MONTH_PREFIX_PATTERN).test('june')).toBe(false);
  });

  it('take weekdays in full, or cut short as news sites write them', () => {
    for (const name of WEEKDAY_NAMES) expect(whole(WEEKDAY_PATTERN).test(name), name).toBe(true);
    expect(whole(WEEKDAY_PATTERN).test('thu')).toBe(false);
    for (const name of ['Mon', 'tue', 'Tues', 'wed', 'thu', 'Thur', 'thurs', 'fri', 'sat', 'sun']) expect(whole(WEEKDAY_ABBREVIATION_PATTERN).test(name), name).toBe(true);
    for (const name of ['mo', 'tu', 'thursd', 'satur']) expect(whole(WEEKDAY_ABBREVIATION_PATTERN).test(name), name).toBe(false);
  });

  it('have no capturing groups, so callers keep their group numbers', () => {
    for (const source of [MONTH_PATTERN, MONTH_ABBREVIATION_PATTERN, MONTH_PREFIX_PATTERN, WEEKDAY_PATTERN, WEEKDAY_ABBREVIATION_PATTERN]) {
      expect(new RegExp(`${source}|`).exec('')!.length).toBe(1);
    }
  });

  it('number a month by its name in full or cut to three letters or more', () => {
    expect(monthNumber('January')).toBe(1);
    expect(monthNumber('sept')).toBe(9);
    expect(monthNumber('Sep')).toBe(9);
    expect(monthNumber('DEC')).toBe(12);
    expect(monthNumber('may')).toBe(5);
    for (const name of ['ma', 'marvel', 'septembre', '', 'jun.']) expect(monthNumber(name), name).toBeNull();
  });
});
