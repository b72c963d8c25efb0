import type { ParsedArticle } from '../article/parsed-article.js';
import type { TopicAssignment } from '../topics/topic.js';

/** Where an article came from; bucket + key + (versionId or ETag) is its claim key. */
export interface ArticleOrigin {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string | null;
  readonly etag: string | null;
}

/** The JSON written to articles/<yyyy>/<mm>/<dd>/<id>.json. */
export interface StoredArticle extends Omit<ParsedArticle, 'language'> {
  readonly id: string;
  /** Absent on articles stored before languages were detected. */
  readonly language?: string | null;
  readonly topic: TopicAssignment;
  /** Operator-defined keyword topics (config/topics.json) the article matches. */
  readonly customTopics?: readonly string[];
  readonly origin: ArticleOrigin;
  /** When newsdrop stored it (ISO date-time); drives digest selection. */
  readonly storedAt: string;
  /** Which upload to its key this text is (article-revisions.ts): 1, 2, …; absent on articles stored before revisions (1). */
  readonly revision?: number;
}
