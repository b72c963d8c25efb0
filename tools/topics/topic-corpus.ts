import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TopicLabel } from '../../lambda/topics/topic.js';

export interface LabelledText {
  readonly id: string;
  readonly corpus: 'bbc' | 'agnews';
  readonly label: TopicLabel;
  readonly text: string;
}

/** BBC (UK) and AG News (international) labels onto newsdrop's topics; BBC politics is domestic. */
const LABEL_MAP: Record<string, TopicLabel> = {
  business: 'business',
  entertainment: 'entertainment',
  politics: 'politics',
  sport: 'sport',
  tech: 'technology',
  World: 'world',
  Sports: 'sport',
  Business: 'business',
  'Sci/Tech': 'technology',
};

/** ../shared/data/topics next to the checkout, or null (a fresh clone outside CI has none). */
export function topicDataDir(repoRoot: string): string | null {
  const dir = path.resolve(repoRoot, '..', 'shared', 'data', 'topics');
  return existsSync(path.join(dir, 'bbc-dev.jsonl')) && existsSync(path.join(dir, 'agnews-dev.jsonl')) ? dir : null;
}

export function readTopicCorpus(dir: string): LabelledText[] {
  const read = (file: string, corpus: LabelledText['corpus']) =>
    readFileSync(path.join(dir, file), 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line): LabelledText => {
        const record = JSON.parse(line) as { id: string; label: string; title?: string; text: string };
        const label = LABEL_MAP[record.label];
        if (!label) throw new Error(`${file}: unknown label "${record.label}" in ${record.id}`);
        return { id: record.id, corpus, label, text: record.title ? `${record.title}\n${record.text}` : record.text };
      });
  return [...read('bbc-dev.jsonl', 'bbc'), ...read('agnews-dev.jsonl', 'agnews')];
}
