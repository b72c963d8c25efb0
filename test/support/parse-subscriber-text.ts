import type { SubscriberRow } from '../../lambda/store/subscriber.js';
import { checkSubscriberFile } from '../../lambda/store/subscriber-file.js';
import type { TopicVocabulary } from '../../lambda/topics/topic-vocabulary.js';

/** Every row of a subscriber file given as text, or the OperatorConfigError checkSubscriberFile throws for it. */
export async function parseSubscriberFile(text: string, source: string, topics: TopicVocabulary): Promise<SubscriberRow[]> {
  const checked = await checkSubscriberFile(async () => [text], source, topics);
  const rows: SubscriberRow[] = [];
  for await (const row of checked.rows()) rows.push(row);
  return rows;
}
