import { splitWireDateline } from './wire-dateline.js';

/** Words that mark an organisation rather than a person after "By …". */
const ORGANISATION_WORDS =
  /\b(news|novosti|agency|press|wire|times|post|daily|herald|tribune|journal|gazette|reuters|afp|ap|xinhua|tass|interfax|bbc|cnn|cctv|staff|desk|online|media|network|group|channel|radio|tv|\.com|\.org|\.net)\b/i;

const SEPARATOR = /[\s,;:|–—-]/;

/**
 * Whitespace collapsed, separators trimmed from both ends. The end is trimmed by a loop: a regex
 * `[…]+$` retries at every separator of a run inside the name ("Source: x,,,…,y": quadratic time).
 */
function cleanName(value: string): string {
  const collapsed = value.replace(/\s+/g, ' ');
  let start = 0;
  let end = collapsed.length;
  while (start < end && SEPARATOR.test(collapsed[start]!)) start++;
  while (end > start && SEPARATOR.test(collapsed[end - 1]!)) end--;
  return collapsed.slice(start, end);
}

interface ByLine {
  readonly byline: string | null;
  readonly source: string | null;
}

/** "By Maria Lindqvist, Political Correspondent" → byline; "By RIA Novosti," → source (an agency, not a person). */
export function parseByLine(line: string): ByLine | null {
  const match = /^\s*(?:by|written by|posted by)(?:\s*:)?\s+(.{2,120})$/i.exec(line);
  if (!match) return null;
  const full = cleanName(match[1]!);
  const name = cleanName(full.split(/,|\s+[|–—-]\s+|\s+(?:on|at)\s+\d/)[0] ?? full);
  if (!name || /\d{3,}/.test(name)) return null;
  if (ORGANISATION_WORDS.test(name)) return { byline: null, source: name };
  const words = name.split(' ');
  const personLike = words.length >= 2 && words.length <= 5 && words.every((word) => /^[\p{Lu}][\p{L}'’.-]*$/u.test(word) || /^(de|van|von|der|da|di|la|le|bin|al)$/i.test(word));
  return personLike ? { byline: name, source: null } : { byline: null, source: name };
}

/**
 * What stands before a reporter's role to make it one: "Staff Writer", "Senior Washington
 * Correspondent", "Tribune staff reporter", "Deputy Business Editor". A role without one ("The
 * Last Correspondent", "Ghost Writer") may be a title.
 */
const ROLE_QUALIFIERS =
  'staff|senior|chief|contributing|special|political|foreign|business|sports?|health|science|technology|tech|legal|education|environment(?:al)?|financial|investigative|national|local|city|deputy|associate|managing|executive|assistant|washington|white house|congressional|economics|arts|entertainment|culture|travel|food|music|film|fashion|medical|world|digital|online|news|press|tribune|times|post|herald|daily|journal|gazette|wire|\\p{L}+ bureau';
const REPORTER_ROLE = new RegExp(`(?:^|\\s)(?:(?:${ROLE_QUALIFIERS})\\s+){1,3}(?:writer|reporter|correspondent|editor|columnist|photographer|contributor)s?\\.?$`, 'iu');
/** Eight words of 20 characters. */
const MAX_ROLE_LINE_CHARS = 160;
/** Words of a story about a newsroom post ("Guardian Appoints New Political Editor"), which a name or a paper before a role never holds. */
const POST_STORY_WORD = /^(appoints?|appointed|names?|named|hires?|hired|new|meet|meets|joins?|joined|becomes?|became|quits?|leaves|left|fires?|fired|former|ex|sacks?|sacked|promotes?|promoted|wanted|to|for|of|and|with|as|is|was|in|on|at)$/i;

/**
 * A reporter's role on its own line, or after a name or a paper without "By": "Staff Writer",
 * "Tribune Staff Reporter", "Robert Fryer, Managing Editor", "Greg Beacham, AP Sports Writer".
 * A credit, not a headline.
 */
export function isReporterRole(line: string): boolean {
  const text = line.trim();
  // No role line is longer; the cap also bounds the pattern's work on a hostile line.
  if (text.length > MAX_ROLE_LINE_CHARS || text.split(/\s+/).length > 8) return false;
  const role = REPORTER_ROLE.exec(text);
  if (!role) return false;
  const before = text
    .slice(0, role.index)
    .split(/[\s,|–—-]+/)
    .filter(Boolean);
  if (before.length > 0 && /^(the|an?|our)$/i.test(before[0]!)) before.shift();
  return before.length <= 4 && before.every((word) => /^[\p{Lu}\p{N}]/u.test(word) && !POST_STORY_WORD.test(word));
}

/** The publisher named by a line, if it is one of the usual source markers. */
export function sourceFromLine(line: string): string | null {
  const trimmed = line.trim();
  const labelled = /^(?:source|from|courtesy of|via)\s*[:：]\s*(.+)$/i.exec(trimmed);
  if (labelled) {
    const name = cleanName(labelled[1]!.split(/\s[|]\s|\s\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\s\d{4}-\d{2}-\d{2}/)[0] ?? '');
    return name && name.length <= 60 && !/[.!?]$/.test(name) ? name : null;
  }
  // "(China Daily 04/14/2017 page1)" — print edition credit at the end of an article.
  const edition = /^\((\p{L}[\p{L}\p{N} .&'-]{1,50}?)\s+\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?:\s+page\s*\w+)?\)$/iu.exec(trimmed);
  if (edition) return cleanName(edition[1]!);
  // "GENEVA, Nov 20 (Global Wire) - …" — wire-service dateline.
  const agency = splitWireDateline(trimmed)?.agency;
  return agency ? cleanName(agency) : null;
}

/** "Copyright Notice 2000-2007 Jctrans.com Corporation and its licensors." → "Jctrans.com" */
export function sourceFromCopyright(line: string): string | null {
  const match = /(?:copyright|©|\(c\))\s*(?:notice)?\s*(?:©)?\s*(?:\d{4}\s*(?:[-–]\s*\d{4})?)?\s*,?\s*(?:by\s+)?([\p{L}\p{N}][\p{L}\p{N}.&' -]{1,60}?)(?:\s+(?:corporation|corp|inc|ltd|llc|plc|gmbh|s\.a\.)\b|\s+and its|\.\s|,|\s+all rights|\.?$)/iu.exec(line);
  if (!match) return null;
  const name = cleanName(match[1]!.replace(/\b(19|20)\d{2}\b/g, ''));
  return name.length >= 2 && !/^(all rights|the|notice)$/i.test(name) ? name : null;
}
