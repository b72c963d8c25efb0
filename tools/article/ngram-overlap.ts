/**
 * The body score of eval:extract (and of train:body, which must score bodies the same way):
 * precision, recall and F1 of the multiset overlap of word n-grams.
 */

/** Lower-cased letter-and-digit runs: the tokens every body score counts. */
export const scoredWords = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** The word n-grams of a token list, in order, each joined by a space. */
export function wordGrams(tokens: readonly string[], n: number): string[] {
  const result: string[] = [];
  for (let index = 0; index + n <= tokens.length; index++) result.push(tokens.slice(index, index + n).join(' '));
  return result;
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

/** Multiset overlap of the two texts' word n-grams (all 1 when both have none). */
export function ngramOverlap(predicted: string, gold: string, n: number): Prf {
  const p = wordGrams(scoredWords(predicted), n);
  const g = wordGrams(scoredWords(gold), n);
  if (p.length === 0 && g.length === 0) return { precision: 1, recall: 1, f1: 1 };
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
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}
