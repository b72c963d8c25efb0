/**
 * Reading the extraction corpora of ../shared/data/extraction, as eval:extract, train:headline and
 * train:body all do: JSON-lines files, the AEB pages with their gold bodies, and the extra training pages.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { holdoutPart } from './holdout-split.js';
import { renderCacheDir } from './text-browser-render.js';

/** The records of a JSON-lines file, blank lines skipped. */
export function readJsonLines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** One AEB page: its id (the file name's hash), its HTML as stored, and its gold body when ground-truth.json has one. */
export interface AebPage {
  readonly id: string;
  readonly html: Buffer;
  readonly goldBody: string | undefined;
  /** The language import:extra-pages read in an extra page's body (null: not clear); undefined for the AEB pages, which do not say. */
  readonly language?: string | null;
}

/** The pages of an AEB folder (`html/*.html.gz` and `ground-truth.json`), in file-name order. */
export function* aebPages(aebDir: string): Generator<AebPage> {
  const truth = JSON.parse(readFileSync(path.join(aebDir, 'ground-truth.json'), 'utf8')) as Record<string, { articleBody: string; language?: string | null }>;
  const htmlDir = path.join(aebDir, 'html');
  for (const file of readdirSync(htmlDir).sort()) {
    const id = file.replace(/\.html\.gz$/, '');
    yield { id, html: gunzipSync(readFileSync(path.join(htmlDir, file))), goldBody: truth[id]?.articleBody, language: truth[id]?.language };
  }
}

/** An imported collection of extra pages: its name (the folder's), its AEB-format folder, and where its text renders are cached. */
export interface ExtraCollection {
  readonly name: string;
  readonly folder: string;
  readonly renderCache: string;
}

/**
 * The collections of extra pages (`npm run import:extra-pages` writes
 * .newsdrop/extra-pages/<collection>/ in the AEB format), in name order; none, with a message, when
 * nothing was imported. Their bodies are silver (Readability's). The TRAINING_ONLY_COLLECTIONS are
 * training pages only, in every fold, never scored; the others are split like every set
 * (extraPageTrainable). The trainers and eval:extract share one render cache per collection.
 */
export function extraCollections(repoRoot: string): ExtraCollection[] {
  const root = path.join(repoRoot, '.newsdrop', 'extra-pages');
  const names = existsSync(root)
    ? readdirSync(root)
        .sort()
        .filter((name) => existsSync(path.join(root, name, 'ground-truth.json')) && existsSync(path.join(root, name, 'html')))
    : [];
  if (names.length === 0) console.log(`  no extra training pages in ${root} (npm run import:extra-pages -- <repository> makes them; README, extra training pages)`);
  return names.map((name) => ({ name, folder: path.join(root, name), renderCache: renderCacheDir(repoRoot, `extra-${name}`) }));
}

/**
 * The extra collections trained on in full and never scored: Postlight's, which the shipped headline
 * ranker was fitted on before any other was imported. Every other collection (trafilatura's,
 * goose3's, newspaper4k's, which no shipped model fits on) eval:extract scores as pages nobody tuned
 * on, split by holdout-split.ts like every set, so a trainer may fit on its development part only.
 */
export const TRAINING_ONLY_COLLECTIONS: ReadonlySet<string> = new Set(['postlight']);

/** Whether a trainer may fit on this extra page: its collection is training-only, or it is in a development part. */
export function extraPageTrainable(collection: string, pageId: string): boolean {
  return TRAINING_ONLY_COLLECTIONS.has(collection) || holdoutPart(pageId) === 'dev';
}
