/**
 * One hostile file through ingestObject (the real parser and classifier, an in-memory bucket, the
 * article index, revisions and content claims in an in-process dynalite), in a process of its own
 * so its peak RSS is its own: `node hostile-file-run.js FILE NAME`. Prints one JSON line: the
 * outcome, the ingest time and the process's peak RSS (dynalite's share included: an upper bound).
 */
import { readFileSync } from 'node:fs';
import { silentLogger } from '../lambda/log.js';
import { ingestObject, type IngestDependencies } from '../lambda/pipeline/ingest-object.js';
import { startDynamoDbEmulator } from '../bin/local/dynamodb-emulator.js';
import { createDynamoDbDocumentClient } from '../lambda/aws-clients.js';
import { DynamoDbArticleIndex } from '../lambda/store/article-index.js';
import { DynamoDbArticleRevisions } from '../lambda/store/article-revisions.js';
import { DynamoDbContentClaims } from '../lambda/store/content-claims.js';
import { ArticleRepository } from '../lambda/store/article-repository.js';
import { MemoryObjectStore } from '../lambda/store/memory-object-store.js';
import { RejectionRepository } from '../lambda/store/rejection-repository.js';
import { classifyArticle } from '../lambda/topics/classify.js';
import { CustomTopicMatcher } from '../lambda/topics/custom-topic.js';
import { DEFAULT_MAX_ARTICLE_BYTES } from '../lambda/article/decode.js';

/** What one run reports on stdout. */
export interface HostileFileOutcome {
  readonly status: string;
  readonly code?: string;
  readonly ms: number;
  readonly maxRssMb: number;
}

const WARM_UP = {
  'warm.txt': 'Council approves harbour terminal\n\nThe harbour authority said on Tuesday that the new container terminal would open in March after two years of delays and a long public inquiry.\n',
  'warm.md': '# Council approves harbour terminal\n\nThe harbour authority said on Tuesday that the new container terminal would open in March after two years of delays and a long public inquiry.\n',
  'warm.html': '<html><head><title>Council approves harbour terminal</title></head><body><article><p>The harbour authority said on Tuesday that the new container terminal would open in March after two years of delays and a long public inquiry, officials said.</p><p>The council voted 31 to 20 after a debate that ran past midnight in the chamber.</p></article></body></html>',
};

async function main(): Promise<void> {
  const [file, name = 'file'] = process.argv.slice(2);
  if (!file) throw new Error('usage: hostile-file-run FILE [NAME]');
  const store = new MemoryObjectStore();
  const dynamo = await startDynamoDbEmulator({ port: 0 });
  const table = 'hostile-articles';
  await dynamo.createArticleIndexTable(table);
  const client = createDynamoDbDocumentClient({}, { endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  const deps: IngestDependencies = {
    store,
    articles: new ArticleRepository(store),
    articleIndex: new DynamoDbArticleIndex(client, table),
    revisions: new DynamoDbArticleRevisions(client, table),
    contentClaims: new DynamoDbContentClaims(client, table),
    rejections: new RejectionRepository(store),
    classify: classifyArticle,
    customTopics: new CustomTopicMatcher([{ name: 'ports', any: ['harbour', 'terminal'] }]),
    confidenceThreshold: 0.5,
    maxArticleBytes: DEFAULT_MAX_ARTICLE_BYTES,
    logger: silentLogger,
  };
  const origin = (key: string) => ({ bucket: 'bench', key, versionId: null, etag: '"bench"' });
  // A warm container: every parser loaded and the model read before the hostile file arrives.
  for (const [key, text] of Object.entries(WARM_UP)) {
    await store.put(`incoming/${key}`, text);
    await ingestObject(origin(`incoming/${key}`), deps);
  }

  const key = `incoming/${name}`;
  await store.put(key, readFileSync(file));
  const started = performance.now();
  const result = await ingestObject(origin(key), deps);
  const ms = performance.now() - started;
  const outcome: HostileFileOutcome = {
    status: result.status,
    ...(result.status === 'rejected' ? { code: result.code } : {}),
    ms,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  console.log(JSON.stringify(outcome));
  await dynamo.close();
}

await main();
