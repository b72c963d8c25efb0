import { sha256Hex } from '../text/sha256-hex.js';
import type { ParsedArticle } from './parsed-article.js';

/**
 * The body as the words it says: Unicode-compatibility folded (NFKC: full-width letters, ligatures),
 * lower-cased, every run of punctuation, symbols and whitespace made one space. Re-wrapping, curly
 * versus straight quotes, a dash for a hyphen or an editor's capitals do not make another story.
 * Linear in the body's length.
 */
export function normalisedBody(body: readonly string[]): string {
  return body
    .join(' ')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * SHA-256 of the normalised body: two files with this fingerprint are one article, whatever their
 * keys, headlines or metadata. The headline is left out on purpose: an outlet re-titling a wire
 * story, or an editor fixing a typo in it, sends the same text again.
 */
export function contentFingerprint(article: Pick<ParsedArticle, 'body'>): string {
  return sha256Hex(normalisedBody(article.body));
}

/**
 * SHA-256 of everything parsed from the file (headline, body, source, byline, dates, summary):
 * an upload to an article's key with the same revision fingerprint changes nothing a reader sees.
 */
export function revisionFingerprint(article: ParsedArticle): string {
  return sha256Hex(JSON.stringify(article));
}
