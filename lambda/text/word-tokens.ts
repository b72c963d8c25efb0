const NON_ASCII = /\P{ASCII}/u;

/**
 * Lower-cased, NFKC-normalised words (letters and digits, with one apostrophe suffix such as
 * "zürich's"); the tokens the topic model, the story IDF and the headline lexicons are trained on.
 * Weights files carry tokenizerFingerprint() of what they were trained with: change this and
 * they refuse to load until retrained.
 */
export function wordTokens(text: string): string[] {
  const lower = text.toLowerCase();
  // ASCII is its own NFKC form; asking ICU to normalise it anyway was a quarter of the time here.
  return ((NON_ASCII.test(lower) ? lower.normalize('NFKC') : lower).match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? []).map((token) =>
    // Numbers carry little topic signal individually; their shape does ("2-1", "$18.4bn").
    /^\d+$/.test(token) ? (token.length <= 2 ? '#n' : '#nnn') : token,
  );
}
