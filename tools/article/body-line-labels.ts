/**
 * Line labels for pages whose gold is the body text alone (AEB, Readability's pages): a line is
 * body text when most of its word 4-grams occur in the gold body (short lines: when its words
 * occur there in a row). The same tokens as eval:extract's body 4-gram F1.
 */

import { ngramOverlap, scoredWords, wordGrams as grams } from './ngram-overlap.js';

/** Share of a line's 4-grams that must occur in the gold body for the line to be body text. */
const BODY_GRAM_SHARE = 0.5;

/** The gold body, indexed once for labelling each line of its page. */
export class GoldBody {
  private readonly grams4: ReadonlySet<string>;
  private readonly joined: string;

  constructor(gold: string) {
    const tokens = scoredWords(gold);
    this.grams4 = new Set(grams(tokens, 4));
    this.joined = ` ${tokens.join(' ')} `;
  }

  /** True when the line is body text by the gold; a line without words never is. */
  has(line: string): boolean {
    const tokens = scoredWords(line);
    if (tokens.length === 0) return false;
    if (tokens.length < 4) return this.joined.includes(` ${tokens.join(' ')} `);
    const lineGrams = grams(tokens, 4);
    return lineGrams.filter((gram) => this.grams4.has(gram)).length >= BODY_GRAM_SHARE * lineGrams.length;
  }
}

/** F1 of the multiset overlap of word 4-grams, as eval:extract scores a body (1 when both are empty). */
export function gram4F1(predicted: string, gold: string): number {
  return ngramOverlap(predicted, gold, 4).f1;
}
