/**
 * The pages the same-story pair set refers to, read from ../shared at eval time (the repo keeps
 * only ids and labels): GN1 development pages as "gn1:<first 8 id characters>", BBC News articles
 * of the topic data as "bbc:business/001", the seed pages as "seed:000", the example articles as
 * "example:<file name without extension>". A GN1 page has two renderings: its gold headline and
 * body, and what newsdrop's parser extracts from its raw text; the others have one (a BBC article
 * is its first line as headline and its paragraphs as body, with no date).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArticle } from '../../lambda/article/parse-article.js';

export interface PageText {
  readonly id: string;
  readonly headline: string;
  readonly body: readonly string[];
  readonly published: string | null;
}

export type Rendering = 'parsed' | 'gold';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const sharedDir = path.resolve(repoRoot, '..', 'shared');
const gn1Path = path.join(sharedDir, 'data', 'extraction', 'gn1-dev.jsonl');
const seedsDir = path.join(sharedDir, 'seeds');
const bbcPath = path.join(sharedDir, 'data', 'topics', 'bbc-dev.jsonl');
const examplesDir = path.join(repoRoot, 'examples', 'articles');

/** Why the pages cannot be read here, or null when they can. */
export function missingPages(): string | null {
  for (const needed of [gn1Path, bbcPath, seedsDir]) if (!existsSync(needed)) return `${path.relative(repoRoot, needed)} is not here`;
  return null;
}

interface Gn1Page {
  id: string;
  raw_text: string;
  gold: { headline: string[]; body: string[] };
}

function parsed(id: string, bytes: Buffer, fileName: string): PageText {
  const article = parseArticle(bytes, { fileName });
  return { id, headline: article.headline, body: article.body, published: article.published };
}

/** Every page under both renderings (seeds and examples have no gold: both renderings are the parser's). */
export function loadPages(): Record<Rendering, Map<string, PageText>> {
  const pages: Record<Rendering, Map<string, PageText>> = { parsed: new Map(), gold: new Map() };
  for (const line of readFileSync(gn1Path, 'utf8').split('\n')) {
    if (!line) continue;
    const page = JSON.parse(line) as Gn1Page;
    const id = `gn1:${page.id.slice(0, 8)}`;
    const fromParser = parsed(id, Buffer.from(page.raw_text), `${page.id}.txt`);
    pages.parsed.set(id, fromParser);
    // Gold has no date field; the date the parser found in the raw page stands for both.
    pages.gold.set(id, { id, headline: page.gold.headline.join(' '), body: page.gold.body, published: fromParser.published });
  }
  for (const line of readFileSync(bbcPath, 'utf8').split('\n')) {
    if (!line) continue;
    const article = JSON.parse(line) as { id: string; text: string };
    const [headline = '', ...body] = article.text.split(/\n+/).map((paragraph) => paragraph.trim()).filter(Boolean);
    const id = `bbc:${article.id.replace(/\.txt$/, '')}`;
    const page = { id, headline, body, published: null };
    pages.parsed.set(id, page);
    pages.gold.set(id, page);
  }
  const files: [string, string][] = [
    ...readdirSync(seedsDir).map((file): [string, string] => [`seed:${file.slice(0, 3)}`, path.join(seedsDir, file)]),
    ...(existsSync(examplesDir) ? readdirSync(examplesDir).map((file): [string, string] => [`example:${file.replace(/\.[^.]+$/, '')}`, path.join(examplesDir, file)]) : []),
  ];
  for (const [id, file] of files) {
    const page = parsed(id, readFileSync(file), path.basename(file));
    pages.parsed.set(id, page);
    pages.gold.set(id, page);
  }
  return pages;
}
