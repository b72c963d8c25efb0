import { WEEKDAY_NAMES } from '../text/calendar-names.js';
import { fnv1a } from '../text/fnv1a.js';
import { type SparseVector, termFrequencies } from '../topics/features.js';
import { storyIdf } from './story-idf.js';
import { namedEntities } from './story-similarity.js';

/**
 * Who, where and how much: a report's names and numbers as one L2-normalised sparse vector, so
 * two reports of one event match on the people, places and figures they share even when worded
 * apart (two agencies, two angles). A name weighs what its rarest word or word pair weighs in
 * news (story-idf.bin: "Galyani Vadhana" far more than "US"), each word of a longer name counts
 * too ("HRH Princess Galyani Vadhana" is "Princess Galyani Vadhana"), a number weighs
 * NUMBER_WEIGHT; those in the headline or the first LEDE_PARAGRAPHS paragraphs, where a report
 * says what happened, weigh LEDE_BOOST times more.
 */
export const LEDE_PARAGRAPHS = 3;
export const LEDE_BOOST = 2;
export const NUMBER_WEIGHT = 6;
/** Facts are hashed into 2^20 buckets: a stored vector's three-byte bucket holds them, and grouping spreads one article's over an array that size (4 MB). */
export const FACT_BUCKETS = 1 << 20;
/** The shortest word of a longer name that counts alone ("Kim" does, "de" does not). */
const MIN_NAME_WORD = 3;

/** Figures that identify an event: "124-120", "4-3", "300,000", "52.1", "13"; single digits and bare years ("2008") say little. */
export function numbersIn(text: string): Set<string> {
  const numbers = new Set<string>();
  for (const match of text.matchAll(/\d+(?:[.,:]\d+)*(?: ?[-–] ?\d+(?:[.,]\d+)*)?/g)) {
    const number = match[0].replaceAll(' ', '').replace('–', '-');
    if (number.length < 2 || /^(?:19|20)\d\d$/.test(number)) continue;
    numbers.add(number);
  }
  return numbers;
}

/** The hashed bucket of a fact ("name:rice", "number:4-3"). */
function factBucket(key: string): number {
  return fnv1a(key) & (FACT_BUCKETS - 1);
}

/** A full stop after these ends no sentence: "U.S. officials", "Mr. Rice", "Jan. 5". */
const ABBREVIATION = /(?:^|\s)(?:(?:\p{Lu}\.)+\p{Lu}?|Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Lt|Col|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|No|Inc|Corp|Ltd|Co|Jr|Sr|\p{Lu})$/u;

/** The first sentence of the first paragraph: where a news report says who did what. */
export function firstSentence(article: { readonly body: readonly string[] }): string {
  const paragraph = article.body[0] ?? '';
  for (const end of paragraph.matchAll(/[.!?](?=\s+["'“‘(]?\p{Lu})/gu)) {
    const before = paragraph.slice(Math.max(0, end.index - 12), end.index + (end[0] === '.' ? 0 : 1));
    if (end[0] === '.' && ABBREVIATION.test(before)) continue;
    return paragraph.slice(0, end.index + 1);
  }
  return paragraph;
}

/**
 * What happened, without who: the headline and first sentence with capitalised words (names)
 * left out, except a sentence's first word. "Greek sprinters suspended by IAAF" and "Greek duo
 * cleared in doping case" share their names and differ here.
 */
export function eventText(article: { readonly headline: string; readonly body: readonly string[] }): string {
  return [article.headline, firstSentence(article)].map((text) => text.replace(/(?<=[^.!?\s]\s+)\p{Lu}[\p{L}\p{N}'’.-]*/gu, ' ')).join('\n');
}

/** The names in the headline and first sentence, as an indicator vector (weight 1 each, not normalised): a dot product of two counts the names they share. */
export function leadNames(article: { readonly headline: string; readonly body: readonly string[] }): SparseVector {
  const buckets = [...new Set([...namedEntities([article.headline, firstSentence(article)])].map((name) => factBucket(`name:${name}`)))].sort((a, b) => a - b);
  return { indices: Uint32Array.from(buckets), values: new Float32Array(buckets.length).fill(1) };
}

export function storyFacts(article: { readonly headline: string; readonly body: readonly string[] }): SparseVector {
  const idf = storyIdf();
  const weights = new Map<number, number>();
  const add = (key: string, weight: number) => {
    const bucket = factBucket(key);
    weights.set(bucket, Math.max(weights.get(bucket) ?? 0, weight));
  };
  const nameWeight = (name: string) => {
    let weight = 0;
    for (const bucket of termFrequencies(name).indices) weight = Math.max(weight, idf[bucket]!);
    return weight;
  };
  const addName = (name: string, boost: number) => {
    add(`name:${name}`, boost * nameWeight(name));
    const words = name.split(' ');
    if (words.length > 1) for (const word of words) if (word.length >= MIN_NAME_WORD) add(`name:${word}`, boost * nameWeight(word));
  };
  const lede = [article.headline, ...article.body.slice(0, LEDE_PARAGRAPHS)];
  const rest = article.body.slice(LEDE_PARAGRAPHS);
  // Lede first: add keeps the larger weight, so a name in both counts as the lede's.
  for (const name of namedEntities(lede)) addName(name, LEDE_BOOST);
  for (const name of namedEntities(rest)) addName(name, 1);
  for (const number of numbersIn(lede.join('\n'))) add(`number:${number}`, LEDE_BOOST * NUMBER_WEIGHT);
  for (const number of numbersIn(rest.join('\n'))) add(`number:${number}`, NUMBER_WEIGHT);
  const indices = Uint32Array.from([...weights.keys()].sort((a, b) => a - b));
  const values = Float32Array.from(indices, (bucket) => weights.get(bucket)!);
  let norm = 0;
  for (const value of values) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < values.length; i++) values[i]! /= norm;
  return { indices, values };
}

/**
 * When, as news writes it: the weekdays the headline and the first two paragraphs name ("… said on
 * Tuesday", "… Friday night"), as a 7-bit mask (bit 0 Monday). Two reports whose ledes name only
 * other days report other events (a tournament's third round and its fourth) however alike
 * their names and words.
 */
export function ledeWeekdays(article: { readonly headline: string; readonly body: readonly string[] }): number {
  let mask = 0;
  const text = [article.headline, ...article.body.slice(0, 2)].join('\n').toLowerCase();
  for (const match of text.matchAll(/\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/g)) {
    mask |= 1 << WEEKDAY_NAMES.indexOf(match[1] as (typeof WEEKDAY_NAMES)[number]);
  }
  return mask;
}

/** Words in a row that make one shingle of quoted speech: short enough to survive a trimmed quote, long enough to be the speaker's own words. */
export const QUOTE_SHINGLE_WORDS = 4;
/** Quoted speech: double quotes, straight or curly, around 15 to 300 characters (shorter is a title or a scare quote, longer a stray quote mark). */
const QUOTED_SPEECH = /["“]([^"“”\n]{15,300})["”]/g;

/**
 * Who said what: the QUOTE_SHINGLE_WORDS-word shingles of the quoted speech in headline and body,
 * hashed, weight 1 each (not normalised: a dot product of two counts the shingles they share).
 * Two agencies reporting one occurrence quote the same words of the same people however they word
 * the rest; two steps of a running story quote different ones.
 */
export function quotedShingles(article: { readonly headline: string; readonly body: readonly string[] }): SparseVector {
  const buckets = new Set<number>();
  for (const paragraph of [article.headline, ...article.body]) {
    for (const quote of paragraph.matchAll(QUOTED_SPEECH)) {
      const words = quote[1]!.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
      for (let i = 0; i + QUOTE_SHINGLE_WORDS <= words.length; i++) buckets.add(factBucket(`quote:${words.slice(i, i + QUOTE_SHINGLE_WORDS).join(' ')}`));
    }
  }
  const indices = Uint32Array.from([...buckets].sort((a, b) => a - b));
  return { indices, values: new Float32Array(indices.length).fill(1) };
}
