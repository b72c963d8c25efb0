/**
 * Reading the extraction corpora of ../shared/data/extraction, as eval:extract, train:headline and
 * train:body all do: JSON-lines files, and the AEB pages with their gold bodies.
 */
import { readdirSync, readFileSync } from 'node:fs';
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
}

/** The pages of an AEB folder (`html/*.html.gz` and `ground-truth.json`), in file-name order. */
export function* aebPages(aebDir: string): Generator<AebPage> {
  const truth = JSON.parse(readFileSync(path.join(aebDir, 'ground-truth.json'), 'utf8')) as Record<string, { articleBody: string }>;
  const htmlDir = path.join(aebDir, 'html');
  for (const file of readdirSync(htmlDir).sort()) {
    const id = file.replace(/\.html\.gz$/, '');
    yield { id, html: gunzipSync(readFileSync(path.join(htmlDir, file))), goldBody: truth[id]?.articleBody };
  }
}
