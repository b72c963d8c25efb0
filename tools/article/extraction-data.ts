/**
 * Reading the extraction corpora of ../shared/data/extraction, as eval:extract, train:headline and
 * train:body all do: JSON-lines files, the AEB pages with their gold bodies, and the extra training pages.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

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

/**
 * The AEB-format folders of extra training pages (`npm run import:extra-pages` writes
 * .newsdrop/extra-pages/<collection>/), in name order; none, with a message, when nothing was
 * imported. Their bodies are silver (Readability's) and they are training pages only: never split
 * into dev and never-read, never scored as evaluation pages, in every training fold.
 */
export function extraTrainingFolders(repoRoot: string): string[] {
  const root = path.join(repoRoot, '.newsdrop', 'extra-pages');
  const folders = existsSync(root)
    ? readdirSync(root)
        .sort()
        .map((name) => path.join(root, name))
        .filter((folder) => existsSync(path.join(folder, 'ground-truth.json')) && existsSync(path.join(folder, 'html')))
    : [];
  if (folders.length === 0) console.log(`  no extra training pages in ${root} (npm run import:extra-pages -- <repository> makes them; README, extra training pages)`);
  return folders;
}
