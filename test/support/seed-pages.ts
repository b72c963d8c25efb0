import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The five scraped pages editors drop (a copy of ../shared/seeds), kept in the repo so a clone
 * with nothing beside it runs every test. Missing data is an error, never a reason to skip.
 */
export const seedsDir = path.resolve(import.meta.dirname, '../fixtures/seeds');

/** The seed file names, sorted; throws when the fixtures are missing or incomplete. */
export function seedFileNames(): string[] {
  if (!existsSync(seedsDir)) throw new Error(`test fixtures missing: ${seedsDir}`);
  const names = readdirSync(seedsDir).filter((name) => name.endsWith('.txt')).sort();
  if (names.length !== 5) throw new Error(`expected 5 seed pages in ${seedsDir}, found ${names.length}`);
  return names;
}
