/**
 * Articles and readers for the digest benches: index entries as ingest writes them (story
 * features from the text), and readers spread over topic pairs as a real list would be.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { storyFeaturesOf } from '../lambda/digest/story-features.js';
import { inParallel } from '../lambda/in-parallel.js';
import type { ListedArticle } from '../lambda/store/article-index.js';
import type { DeliveryState } from '../lambda/store/delivery-state.js';
import { DELIVERY_PARTITION_KEY, DELIVERY_SORT_KEY, DELIVERY_STATE_SORT_KEY, DELIVERY_TTL_ATTRIBUTE } from '../lambda/store/delivery-table.js';
import { addressHash } from '../lambda/store/keys.js';
import type { SubscriberRow } from '../lambda/store/subscriber.js';
import { ACTIVE_CADENCE_ATTRIBUTE, activeCadenceKey, activeCadenceShardOf, SUBSCRIBER_PARTITION_KEY } from '../lambda/store/subscriber-table.js';
import { burstCorpus } from '../test/support/burst-corpus.js';

export const BENCH_TOPICS = ['world', 'politics', 'business', 'technology', 'sport', 'entertainment'] as const;

/**
 * `count` candidate articles of a daily run at `runAt`, indexed over the day before it, topics in
 * turn: with 30 of them a reader of two topics gets 10 (the README's cost figures assume 10).
 */
export function candidateArticles(count: number, runAt: Date, seed = 7): ListedArticle[] {
  return burstCorpus(count, { seed }).map((article, i) => {
    const indexedAt = new Date(runAt.getTime() - 3_600_000 - Math.floor((i / count) * 20 * 3_600_000));
    const body = [...article.paragraphs];
    return {
      id: article.name.replace(/\.txt$/, ''),
      headline: article.headline,
      source: article.source,
      published: article.published,
      storedAt: new Date(indexedAt.getTime() - 1000).toISOString(),
      indexedAt: indexedAt.toISOString(),
      topic: { label: BENCH_TOPICS[i % BENCH_TOPICS.length]!, confidence: 0.9 },
      summary: body[0]!.split('. ').slice(0, 2).join('. ').slice(0, 300),
      url: `https://news.example.com/${article.name.replace(/\.txt$/, '')}`,
      wordCount: body.join(' ').split(/\s+/).length,
      storyFeatures: storyFeaturesOf({ headline: article.headline, body }),
    };
  });
}

/** Reader `i` of a bench list: a daily reader of two topics (15 distinct pairs). */
export function benchReader(i: number): SubscriberRow {
  const first = i % BENCH_TOPICS.length;
  const second = (first + 1 + (Math.floor(i / BENCH_TOPICS.length) % (BENCH_TOPICS.length - 1))) % BENCH_TOPICS.length;
  return { email: `reader${i}@example.com`, topics: [BENCH_TOPICS[first]!, BENCH_TOPICS[second]!], cadence: 'daily' };
}

/** Readers `from` … `from + count - 1`, with their address hashes (what chunks carry). */
export function benchReaders(from: number, count: number): { row: SubscriberRow; hash: string }[] {
  return Array.from({ length: count }, (_, k) => {
    const row = benchReader(from + k);
    return { row, hash: addressHash(row.email) };
  });
}

/**
 * Writes readers straight into the subscriber table, 25 a BatchWriteItem (setup only: ~15 x faster
 * on dynalite than an import's conditional UpdateItem per row). The items are what an import
 * writes for a new address, plus, when given, the delivery state an earlier run left.
 */
export async function seedReaders(
  client: DynamoDBDocumentClient,
  tableName: string,
  readers: readonly { row: SubscriberRow; hash: string }[],
  delivered?: { readonly ledgerTable: string; readonly state: DeliveryState },
): Promise<void> {
  const now = new Date().toISOString();
  const batches: (typeof readers)[number][][] = [];
  for (let offset = 0; offset < readers.length; offset += 25) batches.push(readers.slice(offset, offset + 25));
  await inParallel(batches, 8, async (batch) => {
    let requests: Record<string, unknown>[] = batch.map(({ row, hash }) => ({
      PutRequest: {
        Item: {
          [SUBSCRIBER_PARTITION_KEY]: hash,
          ...row,
          status: 'active',
          [ACTIVE_CADENCE_ATTRIBUTE]: activeCadenceKey(row.cadence, activeCadenceShardOf(hash)),
          createdAt: now,
          updatedAt: now,
          statusAt: now,
        },
      },
    }));
    await writeAll(client, tableName, requests);
    if (delivered) {
      // Readers who got yesterday's digest: their delivery state, beside the ledger's entries.
      const expiresAt = Math.floor(Date.now() / 1000) + 30 * 86_400;
      requests = batch.map(({ hash }) => ({
        PutRequest: {
          Item: {
            [DELIVERY_PARTITION_KEY]: hash.slice(0, 32),
            [DELIVERY_SORT_KEY]: DELIVERY_STATE_SORT_KEY,
            deliveredThrough: delivered.state.deliveredThrough,
            recentArticleIds: [...delivered.state.recentArticleIds],
            [DELIVERY_TTL_ATTRIBUTE]: expiresAt,
          },
        },
      }));
      await writeAll(client, delivered.ledgerTable, requests);
    }
  });
}

async function writeAll(client: DynamoDBDocumentClient, tableName: string, requests: Record<string, unknown>[]): Promise<void> {
  while (requests.length > 0) {
    const answer = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
    requests = (answer.UnprocessedItems?.[tableName] as Record<string, unknown>[] | undefined) ?? [];
  }
}
