import { MONTH_PATTERN, WEEKDAY_ABBREVIATION_PATTERN, WEEKDAY_PATTERN } from '../text/calendar-names.js';
import { findPublicationDate } from './publication-date.js';

/** Words a timestamp line is made of besides numbers: "Updated: Thu. Jan. 10 2008 10:12 PM ET". */
const TIMESTAMP_WORDS = new RegExp(
  String.raw`\b(${WEEKDAY_PATTERN}|${WEEKDAY_ABBREVIATION_PATTERN}|${MONTH_PATTERN}|[ap]\.?m|noon|midnight|gmt|utc|bst|cet|cest|[ecmp][sd]t|et|pt|aest|ist|jst|(last )?(updated|modified|published|posted|created)|date|on|at|st|nd|rd|th)\b\.?`,
  'gi',
);

/**
 * A line that says only when ("Thursday, December 27 2007, 07:00 GMT", "Wed 16 Jan 2008"): a
 * date or clock time and nothing else but weekday, month and zone names and "updated"/"posted".
 */
export function isDateLine(text: string): boolean {
  if (text.length > 80 || (findPublicationDate(text) === null && !/\d{1,2}:\d{2}/.test(text))) return false;
  return !/\p{L}/u.test(text.replace(TIMESTAMP_WORDS, ' '));
}
