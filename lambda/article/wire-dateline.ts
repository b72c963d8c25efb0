/** A wire story's opening dateline and what follows it. */
export interface WireDateline {
  /** "GENEVA, Nov 20 (Global Wire) -", "LOS ANGELES (AP) —", "Lima :". */
  readonly dateline: string;
  /** The agency named in brackets, if any: "Global Wire", "AP". */
  readonly agency: string | null;
  /** The story's text after the dateline; empty when the line is the dateline alone. */
  readonly rest: string;
}

/** A place in capitals ("MOSCOW", "LOS ANGELES", "ST. PAUL"), then an optional date and agency, then a dash or colon. */
const CAPITALS_DATELINE = /^([\p{Lu}][\p{Lu} .'’-]{2,30}(?:,[^()\n]{0,25}?)?\s*(?:\(([\p{L}][\p{L} .&'’-]{1,40})\))?\s*[-–—:])(?:\s+|$)/u;
/** A place in title case with the agency in brackets: "Lima (Reuters) -", "Rio de Janeiro, Nov 3 (AFP) —". */
const AGENCY_DATELINE = /^([\p{Lu}][\p{L}.'’-]+(?: (?:[\p{Lu}][\p{L}.'’-]+|de|da|do|del|la|el|al|am|upon|on)){0,3}(?:,[^()\n]{0,25}?)?\s+\(([\p{L}][\p{L} .&'’-]{1,40})\)\s*[-–—:])(?:\s+|$)/u;
/** A place in title case set off by a spaced colon or dash, as French and Spanish wires write: "Lima :", "Paris —". */
const SPACED_DATELINE = /^([\p{Lu}][\p{L}.'’-]+(?: [\p{Lu}][\p{L}.'’-]+){0,2} (?::|[–—]))(?:\s+|$)/u;

/** A character each pattern above needs to match: the dash or colon that ends the dateline. */
const DATELINE_END = /[-–—:]/;

/**
 * The dateline a wire story opens with, or null when the text does not open with one. The rest
 * must start a sentence (a capital, a digit or a quote), so "US: the view from …" or a headline
 * with a colon is not taken for one.
 */
export function splitWireDateline(text: string): WireDateline | null {
  // Every dateline ends in a dash or a colon; most lines (menus, headlines, credits) have neither,
  // and are answered without trying the three patterns. Each line of a page is asked.
  if (!DATELINE_END.test(text)) return null;
  const trimmed = text.trimStart();
  for (const pattern of [CAPITALS_DATELINE, AGENCY_DATELINE, SPACED_DATELINE]) {
    const match = pattern.exec(trimmed);
    if (!match) continue;
    const rest = trimmed.slice(match[0].length).trim();
    if (rest !== '' && !/^["'“‘(\p{Lu}\p{N}]/u.test(rest)) continue;
    return { dateline: match[1]!.trim(), agency: match[2]?.trim() || null, rest };
  }
  return null;
}

/** The text without the wire dateline it opens with: a summary starts with the story, not "GENEVA, Nov 20 (Global Wire) -". */
export function withoutWireDateline(text: string): string {
  const split = splitWireDateline(text);
  return split && split.rest !== '' ? split.rest : text;
}
