import path from 'node:path';

/**
 * Where the news pages are in each outside repository that import:extra-pages reads, and the URL
 * each repository records for a page. One reader per repository layout; the importer picks the one
 * whose layout the file list matches (recogniseExtraPageSource).
 */

/** A repository's files, from a checkout or a bare mirror: every path ('/'-separated), and a file's bytes. */
export interface SourceFiles {
  readonly paths: readonly string[];
  read(file: string): Buffer;
}

/** A page of the collection: its path, and the URL the repository's own metadata gives it (null: none; the page's canonical URL is used). */
export interface SourcePage {
  readonly file: string;
  readonly url: string | null;
}

export interface ExtraPageSource {
  /** The folder name under .newsdrop/extra-pages/ ("trafilatura"). */
  readonly collection: string;
  /** Whether the repository's paths are this layout. */
  matches(paths: readonly string[]): boolean;
  /** Its HTML pages, in path order. */
  pages(files: SourceFiles): SourcePage[];
}

const isHtml = (file: string) => file.endsWith('.html');
const under = (folder: string) => (file: string) => file.startsWith(`${folder}/`);
const jsonOf = (files: SourceFiles, file: string): unknown => JSON.parse(files.read(file).toString('utf8'));
const urlField = (record: unknown): string | null => {
  const url = (record as { url?: unknown } | null)?.url;
  return typeof url === 'string' && /^https?:\/\//i.test(url.trim()) ? url.trim() : null;
};

/** postlight/parser: fixtures/<site>.html and fixtures/<site>/<timestamp>.html, no metadata. */
const postlight: ExtraPageSource = {
  collection: 'postlight',
  matches: (paths) => paths.some(under('fixtures')) && paths.some(under('src/extractors')),
  pages: (files) =>
    files.paths
      .filter((file) => under('fixtures')(file) && isHtml(file))
      .sort()
      .map((file) => ({ file, url: null })),
};

/**
 * adbar/trafilatura: its evaluation pages, tests/eval/*.html and tests/cache/*.html;
 * tests/evaldata.json maps each page's URL to its file name ({url: {file, …}}).
 */
const trafilatura: ExtraPageSource = {
  collection: 'trafilatura',
  matches: (paths) => paths.includes('tests/evaldata.json') && paths.some(under('trafilatura')),
  pages: (files) => {
    const urlOfFile = new Map<string, string>();
    const evaldata = jsonOf(files, 'tests/evaldata.json') as Record<string, { file?: string }>;
    for (const [url, entry] of Object.entries(evaldata)) if (entry.file && urlField({ url })) urlOfFile.set(entry.file, url.trim());
    return files.paths
      .filter((file) => (under('tests/eval')(file) || under('tests/cache')(file)) && isHtml(file))
      .sort()
      .map((file) => ({ file, url: urlOfFile.get(path.posix.basename(file)) ?? null }));
  },
};

/** The HTML pages under `folder`, each with the "url" of the JSON file metadataOf names for it, when there is one. */
function pagesWithJsonUrls(files: SourceFiles, folder: string, metadataOf: (file: string) => string): SourcePage[] {
  const present = new Set(files.paths);
  return files.paths
    .filter((file) => under(folder)(file) && isHtml(file))
    .sort()
    .map((file) => {
      const metadata = metadataOf(file);
      return { file, url: present.has(metadata) ? urlField(jsonOf(files, metadata)) : null };
    });
}

/** goose3/goose3: tests/data/<feature>/<name>.html, each with <name>.json holding its "url". */
const goose3: ExtraPageSource = {
  collection: 'goose3',
  matches: (paths) => paths.some(under('goose3')) && paths.some(under('tests/data')),
  pages: (files) => pagesWithJsonUrls(files, 'tests/data', (file) => file.replace(/\.html$/, '.json')),
};

/** AndyTheFactory/newspaper4k: tests/data/html/<name>.html, with tests/data/metadata/<name>.json holding its "url". */
const newspaper4k: ExtraPageSource = {
  collection: 'newspaper4k',
  matches: (paths) => paths.some(under('newspaper')) && paths.some(under('tests/data/html')),
  pages: (files) => pagesWithJsonUrls(files, 'tests/data/html', (file) => `tests/data/metadata/${path.posix.basename(file, '.html')}.json`),
};

export const EXTRA_PAGE_SOURCES: readonly ExtraPageSource[] = [postlight, trafilatura, goose3, newspaper4k];

/** The layout the repository's paths match; an error naming the known ones when none does. */
export function recogniseExtraPageSource(paths: readonly string[]): ExtraPageSource {
  const matching = EXTRA_PAGE_SOURCES.filter((source) => source.matches(paths));
  if (matching.length !== 1) {
    throw new Error(
      `import:extra-pages: ${matching.length ? `the repository matches several layouts (${matching.map((source) => source.collection).join(', ')})` : 'the repository is none of the known layouts'}; known: ${EXTRA_PAGE_SOURCES.map((source) => source.collection).join(', ')}`,
    );
  }
  return matching[0]!;
}
