/**
 * The pages the same-story pair set refers to, read from ../shared at eval time (the repo keeps
 * only ids and labels): GN1 development pages as "gn1:<first 8 id characters>", the seed pages as
 * "seed:000", the example articles as "example:<file name without extension>". A GN1 page has two
 * renderings: its gold headline and body, and what newsdrop's parser extracts from its raw text.
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
const examplesDir = path.join(repoRoot, 'examples', 'articles');

/** Why the pages cannot be read here, or null when they can. */
export function missingPages(): string | null {
  for (const needed of [gn1Path, seedsDir]) if (!existsSync(needed)) return `${path.relative(repoRoot, needed)} is not here`;
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
