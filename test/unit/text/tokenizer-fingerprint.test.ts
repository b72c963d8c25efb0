import { describe, expect, it } from 'vitest';
import { lexiconTokensFingerprint } from '../../../lambda/article/headline-lexicon.js';
import { tokenizerFingerprint } from '../../../lambda/text/tokenizer-fingerprint.js';
import { wordTokens } from '../../../lambda/text/word-tokens.js';
import { hashedTermsFingerprint, termFrequencies } from '../../../lambda/topics/features.js';

describe('tokenizer fingerprint', () => {
  it('is 16 hex digits, the same on every call for the same tokenizer', () => {
    expect(tokenizerFingerprint(wordTokens)).toMatch(/^[0-9a-f]{16}$/);
    expect(tokenizerFingerprint((text) => wordTokens(text))).toBe(tokenizerFingerprint(wordTokens));
  });

  // Each rule of wordTokens, dropped in turn: the probes must notice every one.
  it.each([
    ['case folding', (text: string) => (text.normalize('NFKC').match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? []).map(foldNumber)],
    ['NFKC normalisation', (text: string) => (text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? []).map(foldNumber)],
    ['apostrophe suffixes', (text: string) => (text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? []).map(foldNumber)],
    ['number shapes', (text: string) => text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? []],
  ])('changes when the tokenizer drops %s', (_rule, changed) => {
    expect(tokenizerFingerprint(changed)).not.toBe(tokenizerFingerprint(wordTokens));
  });

  it('of hashed terms changes with the bucket count, not only with the tokens', () => {
    const halfTheBuckets = (text: string) => Array.from(termFrequencies(text).indices, (bucket) => bucket >>> 1);
    expect(tokenizerFingerprint(halfTheBuckets)).not.toBe(hashedTermsFingerprint());
  });

  it('differs between what topic weights and headline lexicons are indexed by', () => {
    expect(lexiconTokensFingerprint()).not.toBe(hashedTermsFingerprint());
  });
});

function foldNumber(token: string): string {
  return /^\d+$/.test(token) ? (token.length <= 2 ? '#n' : '#nnn') : token;
}
