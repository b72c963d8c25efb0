/**
 * Line labels for pages whose gold is the body text alone (AEB, Readability's pages): a line is
 * body text when most of its word 4-grams occur in the gold body (short lines: when its words
 * occur there in a row). The same tokens as eval:extract's body 4-gram F1.
 */

/** Lower-cased letter-and-digit runs: eval:extract's tokens. */
export const scoredWords = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

function grams(tokens: readonly string[], n: number): string[] {
  const result: string[] = [];
  for (let index = 0; index + n <= tokens.length; index++) result.push(tokens.slice(index, index + n).join(' '));
  return result;
}

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
  const p = grams(scoredWords(predicted), 4);
  const g = grams(scoredWords(gold), 4);
  if (p.length === 0 && g.length === 0) return 1;
  const counts = new Map<string, number>();
  for (const gram of g) counts.set(gram, (counts.get(gram) ?? 0) + 1);
  let shared = 0;
  for (const gram of p) {
    const left = counts.get(gram) ?? 0;
    if (left > 0) {
      shared++;
      counts.set(gram, left - 1);
    }
  }
  const precision = p.length ? shared / p.length : 0;
  const recall = g.length ? shared / g.length : 0;
  return precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
}
