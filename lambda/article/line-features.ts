import { STOPWORDS } from '../text/stopwords.js';
import { countWords, wordsOf } from '../text/words.js';

interface LineFeatures {
  readonly words: number;
  readonly stopwordRatio: number;
  /** Ends like a sentence: . ! ? optionally followed by closing quotes or brackets. */
  readonly endsSentence: boolean;
}

/**
 * The same line is measured by several stages (body span, boilerplate rules, headline ranker);
 * a small memo keeps that to one measurement. Bounded, so a long-lived process does not grow.
 */
const measured = new Map<string, LineFeatures>();
const MEASURED_LIMIT = 4096;

/**
 * The stopword ratio is read from a line's first this many characters: the share of stopwords
 * is the same at any length of prose, and a line of a megabyte is not listed word by word again.
 */
const STOPWORD_SAMPLE_CHARS = 4096;
/** The end of a line that says whether it ends like a sentence: punctuation and a few closing quotes. */
const ENDING_CHARS = 64;

const isAsciiLetterOrDigit = (code: number) => (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);

/**
 * STOPWORDS as a trie over a-z, walked as a word is read: cutting each word out and lower-casing
 * it to look it up was half the cost of counting a line's words. `next[node * 26 + letter]` is the
 * node after a letter (-1: no stopword goes on so); `stop[node]` marks the ends of stopwords.
 */
const STOPWORD_TRIE = (() => {
  const next: number[] = [];
  const stop: number[] = [];
  const newNode = () => {
    next.push(...new Array<number>(26).fill(-1));
    stop.push(0);
    return stop.length - 1;
  };
  newNode();
  for (const word of STOPWORDS) {
    if (!/^[a-z]+$/.test(word)) throw new Error(`stopword ${JSON.stringify(word)} is not lower-case a-z: the trie cannot hold it`);
    let node = 0;
    for (const letter of word) {
      const at = node * 26 + letter.charCodeAt(0) - 97;
      if (next[at] === -1) next[at] = newNode();
      node = next[at]!;
    }
    stop[node] = 1;
  }
  return { next: Int32Array.from(next), stop: Uint8Array.from(stop) };
})();

/** The trie node after the character `code` of a word (an ASCII letter, digit, apostrophe or hyphen), or -1. */
function stopwordStep(node: number, code: number): number {
  // Setting bit 5 lower-cases A-Z and moves no digit, apostrophe or hyphen into a-z.
  const letter = (code | 32) - 97;
  return letter >= 0 && letter < 26 ? STOPWORD_TRIE.next[node * 26 + letter]! : -1;
}

/**
 * How many words (as wordsOf finds them) a text has and how many of them are stopwords. Listing
 * every word of every line was the costliest step of reading a page; an ASCII text (nearly all
 * lines of English pages) is counted in one pass without listing them. Other text is listed.
 */
function wordAndStopwordCounts(text: string): { readonly words: number; readonly stopwords: number } {
  let words = 0;
  let stopwords = 0;
  let inWord = false;
  // The stopword trie's node for the word read so far; -1 once no stopword can be it.
  let node = -1;
  for (let index = 0; index <= text.length; index++) {
    const code = index < text.length ? text.charCodeAt(index) : 32;
    if (code >= 128) return listedWordAndStopwordCounts(text);
    if (!inWord) {
      if (isAsciiLetterOrDigit(code)) {
        inWord = true;
        node = stopwordStep(0, code);
      }
      // Inside a word, letters, digits, apostrophes and hyphens go on with it (wordsOf's WORD pattern).
    } else if (!isAsciiLetterOrDigit(code) && code !== 39 && code !== 45) {
      words++;
      if (node >= 0 && STOPWORD_TRIE.stop[node] === 1) stopwords++;
      inWord = false;
    } else if (node >= 0) node = stopwordStep(node, code);
  }
  return { words, stopwords };
}

function listedWordAndStopwordCounts(text: string): { readonly words: number; readonly stopwords: number } {
  const words = wordsOf(text);
  let stopwords = 0;
  // The stopwords are lower-case: a word already in the set needs no lower-casing.
  for (const word of words) if (STOPWORDS.has(word) || STOPWORDS.has(word.toLowerCase())) stopwords++;
  return { words: words.length, stopwords };
}

const SENTENCE_LAST_CHARACTERS: ReadonlySet<string> = new Set(['.', '!', '?', '。', '！', '？', '"', "'", '”', '’', ')', ']', '」', '』', '）', ':', '“']);

/** Whether a text ends a sentence ("…said.", "…\"now?\"", "…as follows:"): read from its last characters only, so it costs the same for a long text. */
export function endsSentence(text: string): boolean {
  const trimmed = text.trimEnd();
  // Every ending the pattern takes closes on one of these characters: most lines end on none.
  if (!SENTENCE_LAST_CHARACTERS.has(trimmed.at(-1) ?? '')) return false;
  return /[.!?。！？]["'”’)\]」』）]*$|[.!?]\s*["'”’]$|:["'“]?$/.test(trimmed.slice(-ENDING_CHARS).trimStart());
}

export function lineFeatures(text: string): LineFeatures {
  const known = measured.get(text);
  if (known) return known;
  const long = text.length > STOPWORD_SAMPLE_CHARS;
  const sample = wordAndStopwordCounts(long ? text.slice(0, STOPWORD_SAMPLE_CHARS) : text);
  const features = {
    words: long ? countWords(text) : sample.words,
    stopwordRatio: sample.words ? sample.stopwords / sample.words : 0,
    endsSentence: endsSentence(text),
  };
  if (measured.size >= MEASURED_LIMIT) measured.clear();
  measured.set(text, features);
  return features;
}

/** Normalised form used to spot lines repeated across a page (site names, menus). */
export function normaliseLine(text: string): string {
  // Every run of non-letters becomes one space, but a lone space is one already: leaving those
  // alone (the commonest run by far) halves the replacing, with the same result.
  return text.toLowerCase().replace(/[^\p{L}\p{N}]{2,}|[^\p{L}\p{N} ]/gu, ' ').trim();
}

/*
 * A pattern that may match anywhere in a line names its `gate`: words every match of it holds.
 * PHRASE_GATE, all gates in one case-insensitive pattern, is tried once per line and the patterns
 * only on a line it matches: scanning each position of every line for each of a dozen phrase
 * patterns was a fifth of reading the lines. A line the gate turns away holds none of the words,
 * so none of the patterns would match it.
 */
interface GatedPattern {
  readonly gate: readonly string[];
  readonly pattern: RegExp;
}

/** A comment form's labels and its notices: whole lines, or a phrase anywhere. */
const COMMENT_FORM_LINE = /^(name|e-?mail|email address|website|comment( title)?|your (name|email|comment)|security code|captcha|mandatory)\s*\*?\s*:?$|^submit$|^send$|^\s*\*\s*$/i;
const COMMENT_FORM_PHRASE: GatedPattern = {
  gate: ['characters left', 'leave a ', 'comment', 'i agree', 'publishing terms'],
  pattern: /characters left|leave a (comment|reply)|(post|submit|add) (a |your )?comment|i agree (with|to) the terms|publishing terms/i,
};
const isCommentForm = (line: string, gated: boolean) => COMMENT_FORM_LINE.test(line) || (gated && COMMENT_FORM_PHRASE.pattern.test(line));
const FOOTER_START = /^(copyright|©|\(c\) ?\d{4}|all rights reserved|privacy policy|terms (of|and) (use|service|conditions)|cookie (policy|settings)|maintained and developed|powered by|site map|contact us|about us)/i;
const FOOTER_PHRASE: GatedPattern = { gate: ['all rights reserved'], pattern: /all rights reserved/i };
const isFooter = (line: string, gated: boolean) => FOOTER_START.test(line) || (gated && FOOTER_PHRASE.pattern.test(line));
// A share bar or account menu is made only of such items ("Print | E-mail | Comments (3)"); as a
// prefix alone they would also take headlines like "Home woes for Flyers" or "Facebook buys Instagram".
const SHARE_ITEM = '(share|print|printable version|printer friendly( version)?|e-?mail|save|tweet|facebook|twitter|whatsapp|linkedin|reddit|digg|comments?|advertisement|sponsored|subscribe|sign up|sign in|log ?in|log ?out|register|search|home|menu|rss)';
const SHARE_BAR = new RegExp(String.raw`^(${SHARE_ITEM}(\s*\(?\d+\)?)?[\s:|,·•/»›>-]*)+$`, 'i');
const SHARE_PHRASE = /^((share|post|send|e-?mail|print|save) (this|it|on|to|via)|(refer|forward|recommend) (this )?to a friend|\d+ comments?|follow us|sign up (for|to|now)|subscribe (to|now|today)|support \S+|read more|more from|next article|previous article|back to top|skip to (main )?content|watch video|play video|search( for)?:)/i;
/** Where readers' comments begin: "7 Comments »", "Have your say", "Latest Comments:", "Comments are closed". */
const COMMENTS_START =
  /^((\d+|no|one) )?comments?( so far)?\s*[»:]?$|^(\d+|no|one) (responses?|replies)( so far)?\s*[»:]?$|^(have|add) your (say|comment)|^(latest|reader|readers'?|user|your) comments\b|^discuss this (article|story|post)|^what you think|^(\d+|no|one) (responses?|comments?|replies) (to|on)\b|^there (are|is) (\d+|no|one) (responses?|comments?|replies)\s*[»:.]?$|comments (have|are) (now )?closed|feedback is now closed/i;
/**
 * "CBC does not endorse and is not responsible for the content of external sites", "Comments are
 * moderated". Only the site's own notice: a story may well say someone "does not endorse" something.
 */
const DISCLAIMER: GatedPattern = {
  gate: ['not responsible', 'moderated', 'views expressed'],
  pattern: /not responsible for the content of (any )?(external|third[- ]party|linked|other)|comments? (are|is) moderated|views expressed in (the )?comments/i,
};
/**
 * A site's notice to its readers, whatever the page: boilerplate up to `maxWords`, as a longer
 * paragraph is more likely a story on the subject.
 */
interface SiteNotice extends GatedPattern {
  readonly maxWords: number;
}
/**
 * A cookie-consent notice ("This website uses cookies to improve your experience…", "Necessary
 * cookies are absolutely essential…"): a dump keeps the banner's paragraphs, long enough to
 * outweigh a short story. Up to 80 words; a story about cookies runs longer paragraphs.
 */
const COOKIE_NOTICE: SiteNotice = {
  maxWords: 80,
  gate: ['cookie'],
  pattern:
    /\b(this|our) (web ?)?site uses cookies\b|\b(necessary|essential|functional|analytics|performance|non-necessary|third-party) cookies\b|\b(accept|allow|reject|manage) (all )?cookies\b|\buse of cookies\b|\bcookies? (policy|settings|preferences|consent)\b/i,
};
/**
 * The site's notice to an old or scriptless browser ("You are using an older browser version.
 * Please use a supported version…", "…a browser version with limited support for CSS", "Please
 * enable JavaScript to view the comments"): a dump keeps it where the page put it, often right
 * above the story, and it is long enough to pass for its first paragraph. Up to 60 words
 * (nature.com's runs 55); a story about browsers runs longer paragraphs.
 */
const BROWSER_NOTICE: SiteNotice = {
  maxWords: 60,
  gate: ['browser', 'javascript'],
  pattern:
    /\b(using|have|with) an? (older|outdated|old|unsupported|legacy) (web )?browser\b|\bbrowser version with limited support\b|\b(upgrade|update) your (web )?browser\b|\bbrowser (is|are) (out of date|outdated|(no longer |not )supported)\b|\b(enable|turn on|activate) javascript\b|\bjavascript (is )?(disabled|required|turned off)\b/i,
};
/** "Click here to bet on football with Sky Bet!" */
const CLICK_HERE: GatedPattern = { gate: [' here'], pattern: /\b(click|tap) here\b/i };
const PHRASE_GATE = new RegExp(
  [COMMENT_FORM_PHRASE, FOOTER_PHRASE, DISCLAIMER, COOKIE_NOTICE, BROWSER_NOTICE, CLICK_HERE].flatMap(({ gate }) => gate.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('|'),
  'i',
);
const SITE_NOTICES: readonly SiteNotice[] = [COOKIE_NOTICE, BROWSER_NOTICE];
/** The site's notice about external content or comments, a short line (up to 30 words) on a line the gate let through. */
const isDisclaimer = (line: string, words: number, gated: boolean) => gated && words <= 30 && DISCLAIMER.pattern.test(line);
const SECTION_LINK =
  /^(all|more|other|latest|top|view all|see all|read all)\b.{0,40}\b(articles|stories|posts|columns|news|blogs|headlines|videos|photos|galleries|reviews|features|comments)(\s*[»›>]+)?$/i;
const RELATED_HEADER = /^(related( stories| articles| news| content| links)?|more (stories|news)|most (read|popular|viewed)|recommended|you may also like|see also|tags?|topics)\s*[:]?/i;

/** A picture's zoom link: "View larger image", "Enlarge this image". The line after it is the caption. */
export function isImageControl(text: string): boolean {
  return /^(view larger (image|photo|picture)|enlarge (this )?(image|photo|picture)|click (image |photo )?to enlarge|larger (image|photo)|\+? ?enlarge)\s*[»>+]?$/i.test(text.trim());
}

const PIPE = /\|/g;
const ARROW = /\s[>»]\s/g;

/** How often `pattern` (one of the global patterns above) occurs in `text`, counting up to `atMost`, without collecting the matches. */
function occurrences(text: string, pattern: RegExp, atMost = Number.POSITIVE_INFINITY): number {
  pattern.lastIndex = 0;
  let count = 0;
  while (count < atMost && pattern.exec(text) !== null) count++;
  return count;
}

/** A short line seen more than once on the page: site names, menus, repeated teasers. */
export function isRepeatedShortLine(words: number, repeats: number): boolean {
  return repeats >= 2 && words <= 15;
}

/** A line that is navigation, a form, a footer, a share bar or a list header: never article text. */
export function isBoilerplateLine(text: string, repeats: number): boolean {
  const line = text.trim();
  if (!line) return false;
  const features = lineFeatures(line);
  if (isRepeatedShortLine(features.words, repeats)) return true;
  // Each of the next three patterns needs a character most lines lack; includes() finds that out
  // faster than the pattern's scan of a long paragraph.
  if (line.includes('|') && /\s\|\s|^\||\|$/.test(line) && features.words <= 3 * (occurrences(line, PIPE) + 1)) return true;
  if ((line.includes('>') || line.includes('»')) && occurrences(line, ARROW, 2) >= 2) return true;
  if (line.includes(' - ') && /^(\S+( \S+){0,2}) - (\S+( \S+){0,2}) - (\S+( \S+){0,2})( - |$)/.test(line) && !features.endsSentence) return true;
  const gated = PHRASE_GATE.test(line);
  if (isCommentForm(line, gated) || isFooter(line, gated) || isImageControl(line)) return true;
  if (isDisclaimer(line, features.words, gated)) return true;
  if (gated && SITE_NOTICES.some((notice) => features.words <= notice.maxWords && notice.pattern.test(line))) return true;
  if (features.words <= 6 && !features.endsSentence && (SHARE_BAR.test(line) || SHARE_PHRASE.test(line))) return true;
  if (features.words <= 6 && RELATED_HEADER.test(line)) return true;
  // A link to a section or an archive: "Latest Headlines", "More In Internet News", "All Anne Perkins articles".
  if (isSectionLink(line)) return true;
  // "Click here to bet on football with Sky Bet!", "FREE Newsletter. Sign Up Now!": a promotion, never article text.
  if (gated && features.words <= 25 && CLICK_HERE.pattern.test(line)) return true;
  if (features.words <= 8 && /\bnewsletters?\b|\b(sign up|subscribe|register) (now|today|here|free)\b/i.test(line)) return true;
  if (features.words <= 8 && /^(editor|editors?|edited by|reporter|translator|photo|image|video)\s*[:：]/i.test(line)) return true;
  if (features.words <= 10 && !features.endsSentence && /^(last updated|updated|posted|published)\b/i.test(line)) return true;
  // The line is trimmed (\s and trim() take the same characters), so each of the patterns below
  // tied to the line's end can match only a line ending in that pattern's last character.
  const last = line.at(-1);
  // A related-list entry: a title followed by its date, "(2007-5-14 14:00:00)". No "(" inside, so
  // each "(" is read up to the next one, not to the line's end.
  if (last === ')' && features.words <= 20 && /\(\s*\d{4}-\d{1,2}-\d{1,2}[^()]*\)\s*$/.test(line)) return true;
  // A photo caption ending in its credit: "(AFP/Maxim Marmur)", "Alexander Nemenov / Afp |",
  // "Lord Condon (Pic:PA)", "… 33 separatists [EPA]".
  if ((last === ')' && /\([\p{L} .]+\/[\p{L} .]+\)\s*$/u.test(line)) || (last === '|' && /\s\/\s*[\p{L}]+\s*\|\s*$/u.test(line))) return true;
  if ((last === ')' && /\((pic|photo|picture|image|credit)s?\s*:[^)]{1,40}\)\s*$/i.test(line)) || (last === ']' && /\[(epa|afp|ap|reuters|getty( images)?|pa|ap photo)\]\s*$/i.test(line))) return true;
  // A timestamp line of a list: "GMT 12:37 2015 Sunday ,15 November".
  if (features.words <= 8 && /^(gmt|utc)?\s*\d{1,2}:\d{2}/i.test(line)) return true;
  return false;
}

/**
 * A list header ("Related", "See also", "Most read"): the article may end here, or the list may
 * be a box inside it ("Related Coverage" between two paragraphs).
 */
export function isListHeader(text: string): boolean {
  const line = text.trim();
  return RELATED_HEADER.test(line) && lineFeatures(line).words <= 6;
}

/** Readers' comments, or the site's notice about them and its links, begin here. */
function isCommentsStart(line: string, gated: boolean): boolean {
  const words = lineFeatures(line).words;
  return (words <= 10 && COMMENTS_START.test(line)) || isDisclaimer(line, words, gated);
}

/** A link to a section or an archive, often heading a list of its stories: "Latest Headlines", "More In Internet News". */
export function isSectionLink(text: string): boolean {
  const line = text.trim();
  return lineFeatures(line).words <= 7 && SECTION_LINK.test(line);
}

/** Markers after which the article has certainly ended: readers' comments and their forms, footers, credits, share bars. */
export function isEndMarker(text: string): boolean {
  const line = text.trim();
  const gated = PHRASE_GATE.test(line);
  return /^(from|source)\s*:\s*$/i.test(line) || isCommentForm(line, gated) || /^(copyright|©)/i.test(line) || /^(print|share)\s*(\||$)/i.test(line) || isCommentsStart(line, gated);
}
