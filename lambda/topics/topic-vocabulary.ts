import { TOPIC_LABELS } from './topic.js';

/** A typo this close to a known topic ("Buisness", "sprot") gets it suggested. */
const maxSuggestionDistance = (length: number) => Math.max(1, Math.floor(length / 3));
/** More than this many known topics are not all listed in one message. */
const MAX_LISTED = 20;

/** Edits (insert, delete, substitute, swap two neighbours) between two short names. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

export interface TopicVocabularyOptions {
  /** Why the operator's topics are not among the known ones, told with every unknown topic. */
  readonly customTopicsUnknownBecause?: string;
}

/**
 * The topics a subscriber may choose: "*" (all), the model's labels and the operator's custom
 * topics (config/topics.json), matched ignoring case as digests match them. A topic outside it
 * would silently never match an article, so imports refuse it with the closest known topic.
 */
export class TopicVocabulary {
  private readonly known: readonly string[];
  private readonly lowerCase: ReadonlySet<string>;

  constructor(
    customTopicNames: readonly string[],
    private readonly options: TopicVocabularyOptions = {},
  ) {
    this.known = [...new Set(['*', ...TOPIC_LABELS, ...customTopicNames])];
    this.lowerCase = new Set(this.known.map((topic) => topic.toLowerCase()));
  }

  /** Null for a known topic; otherwise what is wrong, with the closest known topic or the list of them. */
  problemWith(topic: string): string | null {
    const wanted = topic.toLowerCase();
    if (this.lowerCase.has(wanted)) return null;
    const suggestion = this.closestTo(wanted);
    const listed = this.known.length > MAX_LISTED ? `${this.known.slice(0, MAX_LISTED).join(', ')} and ${this.known.length - MAX_LISTED} more` : this.known.join(', ');
    const hint = suggestion ? `did you mean "${suggestion}"?` : `known topics: ${listed}`;
    const why = this.options.customTopicsUnknownBecause ? ` (custom topics were not read: ${this.options.customTopicsUnknownBecause})` : '';
    return `unknown topic "${topic}"; ${hint}${why}`;
  }

  /** The known topic fewest edits away (within reach), or one the name begins ("tech" → "technology"). */
  private closestTo(wanted: string): string | null {
    let best: { topic: string; distance: number } | null = null;
    for (const topic of this.known) {
      if (topic === '*') continue;
      const distance = editDistance(wanted, topic.toLowerCase());
      if (distance <= maxSuggestionDistance(wanted.length) && (!best || distance < best.distance)) best = { topic, distance };
    }
    if (best) return best.topic;
    return wanted.length >= 3 ? (this.known.find((topic) => topic.toLowerCase().startsWith(wanted)) ?? null) : null;
  }
}
