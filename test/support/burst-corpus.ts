import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../../tools/topics/training.js';
import { seedsDir } from './seed-pages.js';

/** A report as an editor would drop it: headline line, blank line, paragraphs. */
export interface BurstArticle {
  readonly name: string;
  readonly story: number;
  readonly headline: string;
  readonly paragraphs: readonly string[];
  readonly published: string;
  readonly source: string;
}

/** Real English words from the seed pages and example articles in the repository, most frequent first. */
function vocabulary(): string[] {
  const dirs = [seedsDir, path.resolve(import.meta.dirname, '../../examples/articles')];
  const counts = new Map<string, number>();
  for (const dir of dirs) {
    for (const file of readdirSync(dir).filter((name) => /\.(txt|md|html)$/.test(name))) {
      for (const word of readFileSync(path.join(dir, file), 'utf8').toLowerCase().match(/[a-z]{3,12}/g) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([word]) => word);
}

const SYLLABLES = 'ka ro mi tes van dor li sa ne gul bar ost ria fen mo zu tal ber in ash'.split(' ');

/**
 * A burst of synthetic news: `count` reports of count / reportsPerStory stories. Reports of one
 * story share its words and names, and say first what happened in much the same words (so they
 * group); stories share only common filler words.
 * Deterministic for a seed, so tests and benchmarks see the same articles every time.
 */
export function burstCorpus(count: number, options: { readonly seed?: number; readonly reportsPerStory?: number } = {}): BurstArticle[] {
  const random = seededRandom(options.seed ?? 1);
  const words = vocabulary();
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  // Zipf-like filler: low ranks (common words) far more often than the tail.
  const filler = () => words[Math.floor(words.length * random() ** 3)]!;
  // Invented words stand for what makes a story a story (its places, people, things): rare in news.
  const invented = () => Array.from({ length: 3 + Math.floor(random() * 2) }, () => pick(SYLLABLES)).join('');
  const name = () => {
    const text = invented();
    return text[0]!.toUpperCase() + text.slice(1);
  };
  const storyCount = Math.max(1, Math.ceil(count / (options.reportsPerStory ?? 4)));
  const stories = Array.from({ length: storyCount }, () => ({
    words: [...Array.from({ length: 15 }, invented), ...Array.from({ length: 15 }, () => pick(words))],
    names: Array.from({ length: 3 }, name),
    day: 20 + Math.floor(random() * 3),
  }));
  // What happened, as every report of a story says it first (headline and first sentence): who did what, in the story's words.
  const leads = stories.map((story) => ({
    headline: [story.names[0]!, ...story.words.slice(0, 4), ...story.words.slice(15, 18)],
    sentence: [story.names[0]!, ...story.words.slice(15, 20), story.names[1]!, ...story.words.slice(0, 6)],
  }));
  const articles: BurstArticle[] = [];
  for (let k = 0; k < count; k++) {
    const storyIndex = Math.floor(random() * storyCount);
    const story = stories[storyIndex]!;
    const word = () => {
      const roll = random();
      return roll < 0.3 ? pick(story.words) : roll < 0.36 ? pick(story.names) : filler();
    };
    const sentence = (length: number) => {
      const text = Array.from({ length }, word).join(' ');
      return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
    };
    const lead = leads[storyIndex]!;
    // Each outlet rewords a quarter of it.
    const reworded = (words: readonly string[]) => words.map((leadWord) => (random() < 0.25 ? word() : leadWord)).join(' ');
    const leadSentence = () => {
      const text = reworded(lead.sentence);
      return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
    };
    const paragraphs = Array.from({ length: 4 + Math.floor(random() * 5) }, (_, p) =>
      Array.from({ length: 3 }, (_, s) => (p === 0 && s === 0 ? leadSentence() : sentence(10 + Math.floor(random() * 10)))).join(' '),
    );
    articles.push({
      name: `burst-${String(k).padStart(5, '0')}.txt`,
      story: storyIndex,
      headline: reworded(lead.headline),
      paragraphs,
      published: `2026-11-${story.day + Math.floor(random() * 2)}`,
      source: `Wire ${1 + Math.floor(random() * 20)}`,
    });
  }
  return articles;
}

/** The bytes an editor would drop for a report (plain text, headline first). */
export function burstArticleText(article: BurstArticle): string {
  return `${article.headline}\n\n${article.paragraphs.join('\n\n')}\n`;
}
