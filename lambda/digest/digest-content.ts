/** One story in a digest: one article, or several outlets reporting the same event. */
export interface DigestStory {
  readonly headline: string;
  readonly topic: string;
  /** Outlets in order of appearance; empty when no article names its source. */
  readonly sources: readonly string[];
  readonly published: string | null;
  /** Every report was published before the run's look-back window (a 2007 story dropped today): its date is shown first. */
  readonly publishedBeforeWindow?: boolean;
  /** It continues a story this reader was sent in an earlier digest (a report of the same event): shown as an update. */
  readonly continuesEarlier?: boolean;
  readonly summary: string;
  readonly url: string | null;
  readonly articleIds: readonly string[];
}

/** Everything a digest shows, independent of the recipient. */
export interface DigestContent {
  /** Calendar date the digest is for, YYYY-MM-DD. */
  readonly date: string;
  readonly cadence: 'instant' | 'daily' | 'weekly';
  /** Topics the subscriber chose (["*"] = all). */
  readonly topics: readonly string[];
  readonly stories: readonly DigestStory[];
}

/** A digest rendered once per distinct selection; recipient details are filled in later. */
export interface RenderedDigest {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}
