/**
 * The labelled same-story pair set (story-pairs.jsonl, the rule it was labelled by in
 * story-pairs.md): reading it, and splitting it into a development part and a never-read part
 * by a hash of the pair id (holdout-split.ts), with the development part cut into folds for
 * cross-validation by a second hash.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { holdoutPart, type HoldoutPart } from '../article/holdout-split.js';

export interface LabelledPair {
  readonly a: string;
  readonly b: string;
  readonly same: boolean;
  readonly note: string;
}

export const STORY_PAIRS_FILE = new URL('./story-pairs.jsonl', import.meta.url);
export const CV_FOLDS = 5;

const PAGE_ID = /^(gn1:[0-9a-f]{8}|bbc:[a-z]+\/\d{3}|seed:\d{3}|example:[a-z0-9-]+)$/;

/** The pairs in the file's text; a malformed line is an error naming its line number. */
export function parseLabelledPairs(text: string): LabelledPair[] {
  const pairs: LabelledPair[] = [];
  const seen = new Set<string>();
  for (const [index, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    const where = `story pairs line ${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${where}: not JSON`);
    }
    const { a, b, same, note } = (value ?? {}) as Record<string, unknown>;
    if (typeof a !== 'string' || typeof b !== 'string' || !PAGE_ID.test(a) || !PAGE_ID.test(b)) throw new Error(`${where}: a and b must be page ids (gn1:xxxxxxxx, bbc:business/001, seed:000, example:name)`);
    if (!(a < b)) throw new Error(`${where}: a must sort before b (${a}, ${b})`);
    if (typeof same !== 'boolean') throw new Error(`${where}: same must be true or false`);
    if (typeof note !== 'string') throw new Error(`${where}: note must be a string`);
    const id = pairId({ a, b });
    if (seen.has(id)) throw new Error(`${where}: ${id} is labelled twice`);
    seen.add(id);
    pairs.push({ a, b, same, note });
  }
  return pairs;
}

export function readLabelledPairs(): LabelledPair[] {
  return parseLabelledPairs(readFileSync(STORY_PAIRS_FILE, 'utf8'));
}

export function pairId(pair: { readonly a: string; readonly b: string }): string {
  return `${pair.a}|${pair.b}`;
}

/** The pair's part, from its id alone (stable across runs and file order). */
export function pairPart(pair: { readonly a: string; readonly b: string }): HoldoutPart {
  return holdoutPart(pairId(pair));
}

/** The cross-validation fold (0 … CV_FOLDS − 1) of a development pair, by a hash independent of the split's. */
export function pairFold(pair: { readonly a: string; readonly b: string }): number {
  return createHash('sha256').update(`fold:${pairId(pair)}`).digest().readUInt32BE(0) % CV_FOLDS;
}
