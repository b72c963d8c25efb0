import { fnv1a } from '../text/fnv1a.js';
import { tokenizerFingerprint } from '../text/tokenizer-fingerprint.js';
import { wordTokens } from '../text/word-tokens.js';

/** Hash buckets of the lexicon: small enough to ship in the weights file, few harmful collisions. */
export const LEXICON_BUCKETS = 1 << 12;

/**
 * How headline-like a line's words are: hashed word log-odds of "written as a headline" (news
 * headlines from the topic corpora) against "page furniture" (menus, section names, bylines,
 * captions of the GN1 training pages). Headlines read differently ("Gulf states urge peace with
 * Iran") from the lines around them ("CTV Toronto", "Sign In to E-Mail or Save This").
 */
export class HeadlineLexicon {
  constructor(private readonly logOdds: Float32Array) {
    if (logOdds.length !== LEXICON_BUCKETS) throw new Error(`headline lexicon needs ${LEXICON_BUCKETS} buckets, got ${logOdds.length}`);
  }

  static bucketOf(token: string): number {
    return fnv1a(token) & (LEXICON_BUCKETS - 1);
  }

  /** Mean log-odds of the line's words; 0 for a line without words. */
  score(text: string): number {
    const tokens = scoredTokens(text);
    if (tokens.length === 0) return 0;
    let sum = 0;
    for (const token of tokens) sum += this.logOdds[HeadlineLexicon.bucketOf(token)]!;
    return sum / tokens.length;
  }

  static fromBase64(encoded: string, scale: number): HeadlineLexicon {
    const bytes = Buffer.from(encoded, 'base64');
    const values = new Float32Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) values[i] = ((bytes[i]! << 24) >> 24) * scale;
    return new HeadlineLexicon(values);
  }

  /** Int8-quantised, base64: 4 KiB of weights become ~5.5 KB of text. */
  toBase64(): { encoded: string; scale: number } {
    const max = Math.max(1e-6, ...Array.from(this.logOdds, Math.abs));
    const scale = max / 127;
    const bytes = Buffer.alloc(this.logOdds.length);
    for (const [i, value] of this.logOdds.entries()) bytes.writeInt8(Math.round(value / scale), i);
    return { encoded: bytes.toString('base64'), scale: Number(scale.toPrecision(6)) };
  }
}

/**
 * The two contrasts the ranker uses: headlines against page furniture (menus, section names,
 * bylines) and headlines against prose (decks and ledes, which sit right below the headline).
 */
export interface HeadlineLexicons {
  readonly furniture: HeadlineLexicon;
  readonly prose: HeadlineLexicon;
}

/** Words plus one shape token, so "Erin Hitchcock, Burnaby Now" and "Police recover body" differ in form too. */
export function lexiconTokens(text: string): string[] {
  const tokens = wordTokens(text);
  if (tokens.length > 0) tokens.push(`#len${Math.min(tokens.length, 12)}`);
  return tokens;
}

/**
 * The ranker scores each line under both lexicons, one right after the other: the line's tokens
 * are kept from the first call for the second, as tokenising was most of the scoring time.
 */
let lastScored: { readonly text: string; readonly tokens: readonly string[] } | undefined;
function scoredTokens(text: string): readonly string[] {
  if (lastScored?.text !== text) lastScored = { text, tokens: lexiconTokens(text) };
  return lastScored.tokens;
}

let fingerprint: string | undefined;
/** Fingerprint of line → lexicon buckets: what the lexicons in a weights file are indexed by. */
export function lexiconTokensFingerprint(): string {
  fingerprint ??= tokenizerFingerprint((text) => lexiconTokens(text).map(HeadlineLexicon.bucketOf));
  return fingerprint;
}

/** Naive-Bayes log-odds per bucket with add-one smoothing, from two lists of lines. */
export function trainHeadlineLexicon(headlines: Iterable<string>, other: Iterable<string>): HeadlineLexicon {
  const count = (lines: Iterable<string>) => {
    const counts = new Float64Array(LEXICON_BUCKETS);
    let total = 0;
    for (const line of lines) {
      for (const token of lexiconTokens(line)) {
        counts[HeadlineLexicon.bucketOf(token)]!++;
        total++;
      }
    }
    return { counts, total };
  };
  const positive = count(headlines);
  const negative = count(other);
  const logOdds = new Float32Array(LEXICON_BUCKETS);
  for (let b = 0; b < LEXICON_BUCKETS; b++) {
    logOdds[b] =
      Math.log((positive.counts[b]! + 1) / (positive.total + LEXICON_BUCKETS)) - Math.log((negative.counts[b]! + 1) / (negative.total + LEXICON_BUCKETS));
  }
  return new HeadlineLexicon(logOdds);
}
