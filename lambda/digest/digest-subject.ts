import { sanitizeHeaderValue } from '../mail/sanitize-header.js';
import type { DigestContent } from './digest-content.js';

const SUBJECT_MAX_LENGTH = 120;

/** "24 Nov 2026" from YYYY-MM-DD, without time-zone drift. */
export function formatDigestDate(date: string, month: 'short' | 'long' = 'short'): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month, year: 'numeric', timeZone: 'UTC' });
}

/** Subject with the date and the top story: "News digest, 24 Nov 2026: <headline> (+3 more)". */
export function digestSubject(content: DigestContent): string {
  const [top, ...rest] = content.stories;
  const prefix = `News digest, ${formatDigestDate(content.date)}`;
  if (!top) return prefix;
  const more = rest.length > 0 ? ` (+${rest.length} more)` : '';
  const room = SUBJECT_MAX_LENGTH - prefix.length - 2 - more.length;
  return `${prefix}: ${sanitizeHeaderValue(top.headline, Math.max(room, 20))}${more}`;
}
