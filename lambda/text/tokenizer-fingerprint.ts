import { createHash } from 'node:crypto';

/**
 * Texts a tokenizer's fingerprint is taken on: case, accents, compatibility forms (ligature,
 * full-width digits), both apostrophes, numbers of each shape, hyphens, CJK and Cyrillic, URLs,
 * a headline and a line of more than twelve words. Add a probe when a tokenizer gains a rule
 * none of these exercises.
 */
export const TOKENIZER_PROBES: readonly string[] = [
  'Gulf states urge peace with Iran',
  "Zürich's FC won 3-1 in 2026; the ﬁnal drew ２０,０００ fans",
  'Don’t panic: shares fell 8% to $18.4bn, the lowest since 1987',
  'CTV Toronto | Sign In to E-Mail or Save This',
  'By Erin Hitchcock, Burnaby Now — Updated 9 p.m. Oct. 12, 2007',
  'São Paulo, Ångström, façade, naïve, ÉCOLE, İstanbul',
  '東京で首脳会談が開かれた。北京、上海も参加！',
  'Москва и Сочи: переговоры продолжаются',
  'Read more at https://news.example.org/2026/01/02/story-123.html or mail desk@example.org',
  'One two three four five six seven eight nine ten eleven twelve thirteen fourteen words here',
  '',
];

/** Bytes of a fingerprint as stored in binary weights files (hex in text ones). */
export const FINGERPRINT_BYTES = 8;

/**
 * A fingerprint of a text → tokens (or hashed buckets) mapping: SHA-256 over its output on
 * TOKENIZER_PROBES, as 16 hex digits. Taken on output rather than source, so a refactor that
 * tokenizes alike keeps it and any change in what comes out changes it.
 */
export function tokenizerFingerprint(tokenize: (text: string) => Iterable<string | number>): string {
  const hash = createHash('sha256');
  for (const probe of TOKENIZER_PROBES) hash.update(`${JSON.stringify([...tokenize(probe)])}\n`);
  return hash.digest('hex').slice(0, FINGERPRINT_BYTES * 2);
}
