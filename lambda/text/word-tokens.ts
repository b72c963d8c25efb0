/**
 * Lower-cased, NFKC-normalised words (letters and digits, with one apostrophe suffix such as
 * "zürich's"); the tokens the topic model, the story IDF and the headline lexicons are trained on.
 * Weights files carry tokenizerFingerprint() of what they were trained with: change this and
 * they refuse to load until retrained.
 */
export function wordTokens(text: string): string[] {
  return (text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? []).map((token) =>
    // Numbers carry little topic signal individually; their shape does ("2-1", "$18.4bn").
    /^\d+$/.test(token) ? (token.length <= 2 ? '#n' : '#nnn') : token,
  );
}
