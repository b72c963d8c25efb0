import { detectAll } from 'tinyld/light';

/**
 * The detector reads this much of an article, its headline and lede: plenty to tell a language
 * (more did not help on BBC News), and a bound on its time whatever the file's size.
 */
export const LANGUAGE_SAMPLE_CHARACTERS = 2000;

/**
 * How much likelier than English another language must score to be named. tinyld's light
 * profiles confuse short English items full of names with Italian, French or Dutch (3.8% of AG
 * News headline+lede items as the top answer); among those the English score is mostly close
 * behind. Asking for 4x halves the wrong names and leaves clear text (Russian scores 1, English 0) alone.
 */
const MARGIN_OVER_ENGLISH = 4;

/** English words other languages written in Latin letters seldom use ("to", "in", "a" are Polish, German, Italian words too). */
const ENGLISH_FUNCTION_WORDS: ReadonlySet<string> = new Set(['the', 'and', 'of', 'that', 'with', 'was', 'were', 'have', 'has', 'this', 'from', 'said', 'which', 'would', 'their', 'been', 'for', 'is', 'are']);
/**
 * Share of those words above which a text is English without asking tinyld, which costs about a
 * millisecond a page (40% of parsing one): at least 0.136 on 95% of the English GN1 and AEB pages,
 * at most 0.017 on their pages in other languages.
 */
const MIN_ENGLISH_SHARE = 0.1;
/** Fewer words than this say too little for the shortcut; tinyld decides. */
const MIN_SHORTCUT_WORDS = 20;

function englishFunctionWordShare(sample: string): number {
  const words = sample.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length < MIN_SHORTCUT_WORDS) return 0;
  let found = 0;
  for (const word of words) if (ENGLISH_FUNCTION_WORDS.has(word)) found++;
  return found / words.length;
}

function sampleOf(paragraphs: readonly string[]): string {
  let sample = '';
  for (const paragraph of paragraphs) {
    sample += `${paragraph.slice(0, LANGUAGE_SAMPLE_CHARACTERS - sample.length)}\n`;
    if (sample.length >= LANGUAGE_SAMPLE_CHARACTERS) break;
  }
  return sample;
}

/**
 * The ISO 639-1 code of the language an article is written in ("en", "ru"), read from the first
 * LANGUAGE_SAMPLE_CHARACTERS of its paragraphs by tinyld's light profiles (24 languages); null
 * when it has no words to go on or no language clearly beats English.
 */
export function detectLanguage(paragraphs: readonly string[]): string | null {
  const sample = sampleOf(paragraphs);
  if (englishFunctionWordShare(sample) >= MIN_ENGLISH_SHARE) return 'en';
  const [best, ...others] = detectAll(sample);
  if (!best?.lang) return null;
  if (best.lang === 'en') return 'en';
  const english = others.find((candidate) => candidate.lang === 'en')?.accuracy ?? 0;
  return best.accuracy >= MARGIN_OVER_ENGLISH * english ? best.lang : null;
}
