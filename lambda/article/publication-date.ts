import { MONTH_PREFIX_PATTERN, monthNumber } from '../text/calendar-names.js';

/** Zone abbreviations common on English-language news sites; anything else gives a date only. */
const ZONES: Record<string, string> = {
  utc: 'Z', gmt: 'Z', z: 'Z', edt: '-04:00', est: '-05:00', cdt: '-05:00', cst: '-06:00', mdt: '-06:00', mst: '-07:00',
  pdt: '-07:00', pst: '-08:00', bst: '+01:00', cet: '+01:00', cest: '+02:00', eet: '+02:00', eest: '+03:00', msk: '+03:00',
  ist: '+05:30', jst: '+09:00', aest: '+10:00',
};

const pad = (value: number) => String(value).padStart(2, '0');

function validDate(year: number, month: number, day: number): boolean {
  if (year < 1990 || year > 2100 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function withTime(date: string, rest: string): string {
  const time = /^[\s,T]*(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap])?\.?\s*m?\.?\s*(?:\(?([A-Za-z]{1,4})\)?|([+-]\d{2}:?\d{2}))?/i.exec(rest);
  if (!time) return date;
  let hour = Number(time[1]);
  const minute = Number(time[2]);
  const second = Number(time[3] ?? 0);
  const meridiem = time[4]?.toLowerCase();
  if (meridiem === 'p' && hour < 12) hour += 12;
  if (meridiem === 'a' && hour === 12) hour = 0;
  if (hour > 23 || minute > 59 || second > 59) return date;
  const zone = time[6] ? `${time[6].slice(0, 3)}:${time[6].slice(-2)}` : ZONES[time[5]?.toLowerCase() ?? ''];
  // Without a known zone a local time is ambiguous: the date alone is the honest answer.
  return zone ? `${date}T${pad(hour)}:${pad(minute)}:${pad(second)}${zone}` : date;
}

/** "May 16, 2007", "16 May 2007": built once at load, not on each call (every line near a headline is asked about). */
const MONTH = `(${MONTH_PREFIX_PATTERN})[a-z]*\\.?`;
const MONTH_FIRST = new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s*((?:19|20)\\d{2})\\b`, 'i');
const DAY_FIRST = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH},?\\s+((?:19|20)\\d{2})\\b`, 'i');

/**
 * First publication date with an explicit year in a line of text, as ISO 8601 (a date-time only
 * when the zone is known). Relative dates ("Sunday", "last week") are never guessed.
 */
export function findPublicationDate(value: string): string | null {
  // Every form below has a four-digit year; most lines have none.
  if (!/\d{4}/.test(value)) return null;
  // Runs of whitespace are one space: the patterns' adjacent \s* then cannot share a long run
  // between them (a <time datetime> of "12:00", 300 spaces and a date took 6 s; 1,000 spaces, minutes).
  // (A lone space is left as it is: replacing it with itself is most of the work.)
  const text = value.replace(/\s{2,}|[^\S ]/g, ' ');
  const iso = /\b((?:19|20)\d{2})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?/.exec(text);
  if (iso && validDate(Number(iso[1]), Number(iso[2]), Number(iso[3]))) {
    const date = `${iso[1]}-${iso[2]}-${iso[3]}`;
    if (iso[4] && iso[7]) return `${date}T${iso[4]}:${iso[5]}:${iso[6] ?? '00'}${iso[7] === 'Z' ? 'Z' : `${iso[7].slice(0, 3)}:${iso[7].slice(-2)}`}`;
    return date;
  }
  const monthFirst = MONTH_FIRST.exec(text);
  const dayFirst = DAY_FIRST.exec(text);
  const named = [monthFirst && { index: monthFirst.index, end: monthFirst.index + monthFirst[0].length, m: monthFirst[1]!, d: monthFirst[2]!, y: monthFirst[3]! },
    dayFirst && { index: dayFirst.index, end: dayFirst.index + dayFirst[0].length, m: dayFirst[2]!, d: dayFirst[1]!, y: dayFirst[3]! }]
    .filter((match): match is NonNullable<typeof match> => Boolean(match))
    .sort((a, b) => a.index - b.index)[0];
  const numeric = /\b(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})\b/.exec(text);
  if (named && (!numeric || named.index < numeric.index)) {
    const monthOfYear = monthNumber(named.m);
    const year = Number(named.y);
    const day = Number(named.d);
    if (monthOfYear && validDate(year, monthOfYear, day)) {
      const date = `${year}-${pad(monthOfYear)}-${pad(day)}`;
      // The time may stand before the date ("11:27 a.m. EDT, May 16,2007") or after it.
      const before = /(\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:[A-Za-z]{2,4})?)\s*,?\s*$/i.exec(text.slice(0, named.index));
      return withTime(date, before ? before[1]! : text.slice(named.end));
    }
  }
  if (numeric) {
    let first = Number(numeric[1]);
    let second = Number(numeric[2]);
    // US order (MM/DD/YYYY) unless the first number cannot be a month.
    if (first > 12) [first, second] = [second, first];
    const year = Number(numeric[3]);
    if (validDate(year, first, second)) return withTime(`${year}-${pad(first)}-${pad(second)}`, text.slice(numeric.index + numeric[0].length));
  }
  return null;
}

/** Normalises a date given as metadata (front matter, x-amz-meta-published, <meta>). */
export function normalisePublished(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  const found = findPublicationDate(trimmed);
  if (found) return found;
  const parsed = Date.parse(trimmed);
  return Number.isNaN(parsed) || !/\b(19|20)\d{2}\b/.test(trimmed) ? null : new Date(parsed).toISOString();
}
