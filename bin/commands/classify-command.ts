import { analyseFile } from './analyse-file.js';

/** `newsdrop classify <file...>`: label, confidence and every label's probability per file. */
export async function classifyCommand(files: readonly string[], print: (line: string) => void): Promise<number> {
  for (const file of files) {
    const analysis = await analyseFile(file);
    if (!analysis.ok) {
      print(JSON.stringify({ file, label: null, confidence: null, scores: null, error: analysis.error }));
      continue;
    }
    const { label, confidence, scores } = analysis.prediction;
    const rounded = Object.fromEntries(Object.entries(scores).map(([name, p]) => [name, Number(p.toFixed(4))]));
    print(JSON.stringify({ file, label, confidence: Number(confidence.toFixed(4)), scores: rounded }));
  }
  return 0;
}
