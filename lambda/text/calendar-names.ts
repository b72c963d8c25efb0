/**
 * Month and weekday names as English-language news sites write them, for the patterns that find
 * dates, timestamp lines and names. Each *_PATTERN is regex source without capturing groups, to be
 * placed inside a group of the caller's pattern (which sets the flags; all callers ignore case).
 */

export const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'] as const;
export const WEEKDAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** A month in full or cut short: "jan", "january", "sept", "september". */
export const MONTH_PATTERN = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
/** A month cut short with a full stop after it ("Jan.", "Sept."): May is never cut, so "may." ends a sentence. */
export const MONTH_ABBREVIATION_PATTERN = 'jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec';
/** The first letters of any month's name: "jan", "sept", "may". */
export const MONTH_PREFIX_PATTERN = `${MONTH_ABBREVIATION_PATTERN}|may`;

/** A weekday in full: "thursday". */
export const WEEKDAY_PATTERN = WEEKDAY_NAMES.join('|');
/** A weekday cut short: "thu", "thur", "thurs", "tue", "tues". */
export const WEEKDAY_ABBREVIATION_PATTERN = 'mon|tues?|wed|thu|thurs?|fri|sat|sun';

/** 1-12 for a month's name in full or cut to three letters or more ("Sept", "dec", "January"), else null. */
export function monthNumber(name: string): number | null {
  const lower = name.toLowerCase();
  if (lower.length < 3) return null;
  const index = MONTH_NAMES.findIndex((month) => month.startsWith(lower));
  return index >= 0 ? index + 1 : null;
}
