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
  const [best, ...others] = detectAll(sampleOf(paragraphs));
  if (!best?.lang) return null;
  if (best.lang === 'en') return 'en';
  const english = others.find((candidate) => candidate.lang === 'en')?.accuracy ?? 0;
  return best.accuracy >= MARGIN_OVER_ENGLISH * english ? best.lang : null;
}
