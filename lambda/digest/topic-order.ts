import { TOPIC_LABELS } from '../topics/topic.js';

/** Built-in topics in their fixed order, then any operator-defined topic alphabetically. */
export function compareTopics(a: string, b: string): number {
  const rank = (topic: string) => {
    const index = (TOPIC_LABELS as readonly string[]).indexOf(topic);
    return index === -1 ? TOPIC_LABELS.length : index;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}

const TOPIC_TITLES: Record<string, string> = {
  world: 'World',
  politics: 'Politics',
  business: 'Business',
  technology: 'Technology',
  sport: 'Sport',
  entertainment: 'Entertainment',
};

export function topicTitle(topic: string): string {
  return TOPIC_TITLES[topic] ?? topic.replace(/[-_]+/g, ' ').replace(/^\w/, (first) => first.toUpperCase());
}
