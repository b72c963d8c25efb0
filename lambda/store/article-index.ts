import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { TopicAssignment } from '../topics/topic.js';
import {
  ARTICLE_INDEX_PARTITION_KEY,
  ARTICLE_INDEX_RETENTION_DAYS,
  ARTICLE_INDEX_SORT_KEY,
  ARTICLE_INDEX_TTL_ATTRIBUTE,
} from './article-index-table.js';
import { dynamoDbStoreError as toStoreError, isConditionalCheckFailure } from './dynamodb-store-error.js';
import { DAY_MS } from '../time.js';
import { CorruptRecordError } from './store-error.js';
import { decodeSparseVector, encodeSparseVector, type StoryFeatures } from './story-features.js';
import type { StoredArticle } from './stored-article.js';


/** What a digest needs of an article: everything but the body (it reads no article object). */
export type DigestArticle = Pick<
  StoredArticle,
  'id' | 'headline' | 'source' | 'published' | 'storedAt' | 'topic' | 'customTopics' | 'summary' | 'url' | 'wordCount'
>;

/** An index entry: the digest's fields of one stored article and its precomputed story features. */
export interface IndexedArticle extends DigestArticle {
  readonly storyFeatures: StoryFeatures;
}

/**
 * An entry as a digest run reads it: with the time its entry was written. Readers' delivery
 * watermarks count in this time, not storedAt: an entry written late (an ingest retried after a
 * crash between the article object and the entry) still comes after the watermark of every run
 * that could not see it.
 */
export interface ListedArticle extends IndexedArticle {
  readonly indexedAt: string;
}

/** The entry of an article as stored: binary vectors, keys and expiry beside the digest fields. */
interface IndexItem {
  readonly [ARTICLE_INDEX_PARTITION_KEY]: string;
  readonly [ARTICLE_INDEX_SORT_KEY]: string;
  readonly [ARTICLE_INDEX_TTL_ATTRIBUTE]: number;
  readonly id: string;
  readonly headline: string;
  readonly source: string | null;
  readonly published: string | null;
  readonly storedAt: string;
  /** Absent on entries written before readers' watermarks existed: storedAt stands in. */
  readonly indexedAt?: string;
  readonly topic: TopicAssignment;
  readonly customTopics?: readonly string[];
  readonly summary: string;
  readonly url: string | null;
  readonly wordCount: number;
  readonly storyVector: Uint8Array;
  readonly ledeVector: Uint8Array;
  readonly entities: readonly string[];
  /** Absent on entries written before grouping compared openings, facts and weekdays (see fromItem). */
  readonly openingVector?: Uint8Array;
  readonly factsVector?: Uint8Array;
  readonly weekdays?: number;
  readonly headlineVector?: Uint8Array;
  readonly firstSentenceVector?: Uint8Array;
  readonly eventVector?: Uint8Array;
  readonly leadNamesVector?: Uint8Array;
  /** Absent on entries written before grouping compared quoted speech: read as no quotes. */
  readonly quotesVector?: Uint8Array;
  /** Absent on entries written before grouping compared events by meaning: read as empty (story-similarity.ts then compares their event words). */
  readonly eventMeaningVector?: Uint8Array;
  /** The article revision the entry was written from; absent on entries written before revisions. */
  readonly revision?: number;
}

/** UTC days ("2026-11-24") from `from` to `to` inclusive. */
export function indexDaysBetween(from: Date, to: Date): string[] {
  const days: string[] = [];
  const day = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  while (day.getTime() <= to.getTime()) {
    days.push(day.toISOString().slice(0, 10));
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return days;
}

function sortKeyFor(storedAt: string, articleId: string): string {
  return `${storedAt}#${articleId}`;
}

const EMPTY_VECTOR = { indices: new Uint32Array(0), values: new Float32Array(0) };

function optionalVector(bytes: unknown) {
  return bytes instanceof Uint8Array ? decodeSparseVector(bytes) : EMPTY_VECTOR;
}

function fromItem(item: Record<string, unknown>): ListedArticle {
  const stored = item as unknown as IndexItem;
  if (typeof stored.id !== 'string' || typeof stored.storedAt !== 'string' || !(stored.storyVector instanceof Uint8Array) || !(stored.ledeVector instanceof Uint8Array)) {
    throw new TypeError('index entry without id, storedAt or story vectors');
  }
  return {
    id: stored.id,
    headline: stored.headline,
    source: stored.source ?? null,
    published: stored.published ?? null,
    storedAt: stored.storedAt,
    indexedAt: typeof stored.indexedAt === 'string' ? stored.indexedAt : stored.storedAt,
    topic: stored.topic,
    ...(stored.customTopics ? { customTopics: stored.customTopics } : {}),
    summary: stored.summary,
    url: stored.url ?? null,
    wordCount: stored.wordCount,
    storyFeatures: {
      vector: decodeSparseVector(stored.storyVector),
      lede: decodeSparseVector(stored.ledeVector),
      entities: stored.entities ?? [],
      // An entry written before these existed: its lede stands in for the opening, the rest are empty, so it
      // groups on what it has until it leaves the look-back (10 days at most).
      opening: stored.openingVector instanceof Uint8Array ? decodeSparseVector(stored.openingVector) : decodeSparseVector(stored.ledeVector),
      facts: optionalVector(stored.factsVector),
      weekdays: typeof stored.weekdays === 'number' ? stored.weekdays : 0,
      headline: optionalVector(stored.headlineVector),
      firstSentence: optionalVector(stored.firstSentenceVector),
      event: optionalVector(stored.eventVector),
      leadNames: optionalVector(stored.leadNamesVector),
      quotes: optionalVector(stored.quotesVector),
      eventMeaning: optionalVector(stored.eventMeaningVector),
    },
  };
}

/**
 * The article index in DynamoDB (table layout in article-index-table.ts): one entry per stored
 * article, partitioned by the UTC day of storedAt, so a digest run reads a day with one paged
 * Query instead of one GET per article object. Entries are written at ingest (idempotent: the
 * same article always lands on the same key) and expire after ARTICLE_INDEX_RETENTION_DAYS.
 */
export class DynamoDbArticleIndex {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  /**
   * Writes the entry of revision `revision` of the article; answers 'superseded' (and writes
   * nothing) when the entry of a later revision is there. `indexedAt`: when ingest writes the entry
   * (just before this call); the backfill of articles stored before the index leaves it out, and
   * storedAt stands in. An entry keeps the indexedAt it was first written with: readers' delivery
   * watermarks count in it, so an update (a later revision) is not new to a reader who got the
   * article, and a reader who did not gets the updated text.
   */
  async put(article: IndexedArticle, indexedAt: Date = new Date(article.storedAt), revision = 1): Promise<'written' | 'superseded'> {
    const fields: Omit<IndexItem, typeof ARTICLE_INDEX_PARTITION_KEY | typeof ARTICLE_INDEX_SORT_KEY | 'indexedAt'> = {
      [ARTICLE_INDEX_TTL_ATTRIBUTE]: Math.floor((Date.parse(article.storedAt) + ARTICLE_INDEX_RETENTION_DAYS * DAY_MS) / 1000),
      id: article.id,
      headline: article.headline,
      source: article.source,
      published: article.published,
      storedAt: article.storedAt,
      topic: article.topic,
      ...(article.customTopics && article.customTopics.length > 0 ? { customTopics: article.customTopics } : {}),
      summary: article.summary,
      url: article.url,
      wordCount: article.wordCount,
      storyVector: encodeSparseVector(article.storyFeatures.vector),
      ledeVector: encodeSparseVector(article.storyFeatures.lede),
      entities: article.storyFeatures.entities,
      openingVector: encodeSparseVector(article.storyFeatures.opening),
      factsVector: encodeSparseVector(article.storyFeatures.facts),
      weekdays: article.storyFeatures.weekdays,
      headlineVector: encodeSparseVector(article.storyFeatures.headline),
      firstSentenceVector: encodeSparseVector(article.storyFeatures.firstSentence),
      eventVector: encodeSparseVector(article.storyFeatures.event),
      leadNamesVector: encodeSparseVector(article.storyFeatures.leadNames),
      quotesVector: encodeSparseVector(article.storyFeatures.quotes),
      eventMeaningVector: encodeSparseVector(article.storyFeatures.eventMeaning),
      revision,
    };
    // Attribute names are plain identifiers, so "#name" / ":name" placeholders cannot collide.
    const entries = Object.entries(fields);
    const names: Record<string, string> = Object.fromEntries(entries.map(([name]) => [`#${name}`, name]));
    const values: Record<string, unknown> = Object.fromEntries(entries.map(([name, value]) => [`:${name}`, value]));
    const set = [...entries.map(([name]) => `#${name} = :${name}`), '#indexedAt = if_not_exists(#indexedAt, :indexedAt)'];
    names['#indexedAt'] = 'indexedAt';
    values[':indexedAt'] = indexedAt.toISOString();
    // A revision without operator topics must not keep the ones of the revision before.
    const remove = 'customTopics' in fields ? '' : ' REMOVE #customTopics';
    if (remove) names['#customTopics'] = 'customTopics';
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [ARTICLE_INDEX_PARTITION_KEY]: article.storedAt.slice(0, 10), [ARTICLE_INDEX_SORT_KEY]: sortKeyFor(article.storedAt, article.id) },
          UpdateExpression: `SET ${set.join(', ')}${remove}`,
          ConditionExpression: 'attribute_not_exists(#revision) OR #revision <= :revision',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return 'written';
    } catch (error) {
      if (isConditionalCheckFailure(error)) return 'superseded';
      throw toStoreError(`index ${article.id}`, error);
    }
  }

  /** Is the article's entry there? (An ingest retry after a crash between the S3 write and this one.) */
  async has(storedAt: string, articleId: string): Promise<boolean> {
    try {
      const { Item } = await this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { [ARTICLE_INDEX_PARTITION_KEY]: storedAt.slice(0, 10), [ARTICLE_INDEX_SORT_KEY]: sortKeyFor(storedAt, articleId) },
          ProjectionExpression: '#id',
          ExpressionAttributeNames: { '#id': 'id' },
          ConsistentRead: true,
        }),
      );
      return Item !== undefined;
    } catch (error) {
      throw toStoreError(`index lookup ${articleId}`, error);
    }
  }

  /**
   * Articles whose storedAt lies in [from, to], oldest first: one paged Query per day (the days in
   * parallel). Strongly consistent, so an article whose ingest finished before this run started
   * (and set the instant-run marker) is seen. Unreadable entries are reported, not fatal.
   */
  async listStoredBetween(from: Date, to: Date, onCorrupt: (error: CorruptRecordError) => void = () => {}): Promise<ListedArticle[]> {
    const perDay = await Promise.all(indexDaysBetween(from, to).map((day) => this.queryDay(day, from, to, onCorrupt)));
    return perDay.flat();
  }

  private async queryDay(day: string, from: Date, to: Date, onCorrupt: (error: CorruptRecordError) => void): Promise<ListedArticle[]> {
    const articles: ListedArticle[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      let page: QueryCommandOutput;
      try {
        page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: '#day = :day AND #entry BETWEEN :from AND :to',
            ExpressionAttributeNames: { '#day': ARTICLE_INDEX_PARTITION_KEY, '#entry': ARTICLE_INDEX_SORT_KEY },
            // "#" sorts before every id character and "~" after, so the bounds are inclusive of both instants.
            ExpressionAttributeValues: { ':day': day, ':from': `${from.toISOString()}#`, ':to': `${to.toISOString()}#~` },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
      } catch (error) {
        throw toStoreError(`index query ${day}`, error);
      }
      for (const item of page.Items ?? []) {
        try {
          articles.push(fromItem(item));
        } catch (error) {
          onCorrupt(new CorruptRecordError(`article index ${day}/${String(item[ARTICLE_INDEX_SORT_KEY])}`, { cause: error }));
        }
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return articles;
  }
}
