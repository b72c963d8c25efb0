import { analyseFile, articleJson } from './analyse-file.js';

/** `newsdrop parse <file...>`: one JSON line per file; a bad file is a result, not a failure. */
export async function parseCommand(files: readonly string[], print: (line: string) => void): Promise<number> {
  for (const file of files) {
    const analysis = await analyseFile(file);
    print(JSON.stringify(analysis.ok ? { file, ok: true, article: articleJson(analysis) } : analysis));
  }
  return 0;
}
