/**
 * npm run bench:burst — 10,000 articles dropped at once, through the real ingest pipeline code
 * (parse, classify, story features, article object, index entry, instant-run request) with
 * AWS-like latencies injected: S3 GET/HEAD 15 ms, PUT 30 ms, DynamoDB 8 ms (dynalite in memory
 * behind an 8 ms delay). Ingest batches of 10 run 16 at a time (16 concurrent ingest Lambdas);
 * the digest function is reserved to one concurrent run, as deployed, and each run does what an
 * instant run does before sending: wait for quiet (its longest wait doubling while the burst goes
 * on), take the marker, read the index, group stories.
 * Prints: instant runs started, time to group 10,000 candidates, the longest event-loop stall,
 * and a baseline in the same run (all-pairs grouping with text processing per digest, as before,
 * on 1,000 articles, extrapolated). Figures print; nothing gates.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startDynamoDbEmulator } from '../bin/local/dynamodb-emulator.js';
import { createDynamoDbDocumentClient } from '../lambda/aws-clients.js';
import { storyFeaturesOf } from '../lambda/digest/story-features.js';
import { findSameStoryPairs, findSameStoryPairsAllPairs } from '../lambda/digest/story-graph.js';
import { silentLogger } from '../lambda/log.js';
import { ingestObject, type IngestDependencies } from '../lambda/pipeline/ingest-object.js';
import { requestInstantRun, startInstantRun } from '../lambda/pipeline/instant-run.js';
import { DynamoDbArticleIndex } from '../lambda/store/article-index.js';
import { ArticleRepository } from '../lambda/store/article-repository.js';
import { DynamoDbArticleRevisions } from '../lambda/store/article-revisions.js';
import { DynamoDbContentClaims } from '../lambda/store/content-claims.js';
import { InstantRunMarker } from '../lambda/store/instant-run-marker.js';
import { MemoryObjectStore } from '../lambda/store/memory-object-store.js';
import { RejectionRepository } from '../lambda/store/rejection-repository.js';
import { classifyArticle } from '../lambda/topics/classify.js';
import { CustomTopicMatcher } from '../lambda/topics/custom-topic.js';
import { burstArticleText, burstCorpus } from '../test/support/burst-corpus.js';
import { AWS_LATENCY_MS as LATENCY_MS, LatencyObjectStore, withLatency } from './bench-support.js';

const ARTICLES = Number(process.env['BURST_ARTICLES'] ?? 10_000);
const BASELINE_ARTICLES = 1_000;
const BATCH_SIZE = 10;
const INGEST_CONCURRENCY = 16;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  const dynamo = await startDynamoDbEmulator({ port: 0 });
  const table = 'burst-articles';
  await dynamo.createArticleIndexTable(table);
  const client = withLatency(createDynamoDbDocumentClient({}, { endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } }), LATENCY_MS.dynamoDb);
  const index = new DynamoDbArticleIndex(client, table);
  const marker = new InstantRunMarker(client, table);
  const bucket = new MemoryObjectStore();
  const store = new LatencyObjectStore(bucket);
  const corpus = burstCorpus(ARTICLES, { seed: 12 });
  for (const article of corpus) await bucket.put(`incoming/${article.name}`, burstArticleText(article), { metadata: { source: article.source } });

  const deps: IngestDependencies = {
    store,
    articles: new ArticleRepository(store),
    articleIndex: index,
    revisions: new DynamoDbArticleRevisions(client, table),
    contentClaims: new DynamoDbContentClaims(client, table),
    rejections: new RejectionRepository(store),
    classify: classifyArticle,
    customTopics: new CustomTopicMatcher([]),
    confidenceThreshold: 0.5,
    maxArticleBytes: 5 * 1024 * 1024,
    logger: silentLogger,
  };

  // The digest function, reserved concurrency 1: invocations queue and run one after another.
  const stall = monitorEventLoopDelay({ resolution: 10 });
  const runs: { waitedMs: number; maxWaitMs: number | null; candidates: number; groupingMs: number }[] = [];
  let queued = 0;
  let digestBusy: Promise<void> = Promise.resolve();
  const invokeDigest = async () => {
    queued++;
    digestBusy = digestBusy.then(async () => {
      const { waitedMs, maxWaitMs } = await startInstantRun({ marker });
      const now = new Date();
      const candidates = await index.listStoredBetween(new Date(now.getTime() - 2 * 86_400_000), now);
      const started = performance.now();
      await findSameStoryPairs(candidates);
      runs.push({ waitedMs, maxWaitMs, candidates: candidates.length, groupingMs: performance.now() - started });
    });
  };

  stall.enable();
  const ingestStarted = performance.now();
  const keys = corpus.map((article) => `incoming/${article.name}`);
  let next = 0;
  let stored = 0;
  const worker = async () => {
    while (next < keys.length) {
      const batch = keys.slice(next, next + BATCH_SIZE);
      next += BATCH_SIZE;
      let storedInBatch = 0;
      for (const key of batch) {
        const result = await ingestObject({ bucket: 'bench', key, versionId: null, etag: `"${key}"` }, deps);
        if (result.status === 'stored') storedInBatch++;
      }
      stored += storedInBatch;
      if (storedInBatch > 0) await requestInstantRun({ marker, invokeDigest, now: new Date(), logger: silentLogger });
    }
  };
  await Promise.all(Array.from({ length: INGEST_CONCURRENCY }, worker));
  const ingestMs = performance.now() - ingestStarted;
  // Runs queued by the last batches while the one before was finishing: wait for all of them.
  for (let current = digestBusy; ; current = digestBusy) {
    await current;
    if (current === digestBusy) break;
  }
  stall.disable();

  // Grouping all 10,000 as one run sees them (read from the index, features precomputed).
  const now = new Date();
  const readStarted = performance.now();
  const candidates = await index.listStoredBetween(new Date(now.getTime() - 2 * 86_400_000), now);
  const readMs = performance.now() - readStarted;
  const groupStall = monitorEventLoopDelay({ resolution: 10 });
  groupStall.enable();
  const groupStarted = performance.now();
  const grouped = await findSameStoryPairs(candidates);
  const groupMs = performance.now() - groupStarted;
  groupStall.disable();

  // Baseline, as before: features computed per digest from the text, every pair compared.
  const baselineArticles = corpus.slice(0, BASELINE_ARTICLES);
  const baselineStarted = performance.now();
  const baselineItems = baselineArticles.map((article) => ({ id: article.name, published: article.published, storyFeatures: storyFeaturesOf({ headline: article.headline, body: article.paragraphs }) }));
  const featuresMs = performance.now() - baselineStarted;
  const allPairs = findSameStoryPairsAllPairs(baselineItems);
  const baselineMs = performance.now() - baselineStarted;
  const pairsMs = baselineMs - featuresMs;
  const scale = candidates.length / BASELINE_ARTICLES;
  const extrapolatedMs = featuresMs * scale + pairsMs * scale * scale;
  const blockedOnBaseline = await findSameStoryPairs(baselineItems);

  const maxStallMs = stall.max / 1e6;
  const maxGroupStallMs = groupStall.max / 1e6;
  console.log(`bench:burst — ${ARTICLES} articles, ingest batches of ${BATCH_SIZE} x ${INGEST_CONCURRENCY} concurrent, S3 GET ${LATENCY_MS.s3Get} ms / PUT ${LATENCY_MS.s3Put} ms, DynamoDB ${LATENCY_MS.dynamoDb} ms`);
  console.log(`  ingest: ${stored} stored in ${seconds(ingestMs)} (${(stored / (ingestMs / 1000)).toFixed(0)} articles/s)`);
  console.log(`  instant runs started: ${runs.length} (invocations ${queued}; target <= 3)`);
  for (const [i, run] of runs.entries()) console.log(`    run ${i + 1}: waited ${seconds(run.waitedMs)} for quiet (at most ${run.maxWaitMs === null ? '-' : seconds(run.maxWaitMs)}), ${run.candidates} candidates, grouped in ${seconds(run.groupingMs)}`);
  console.log(`  index read of ${candidates.length} candidates: ${seconds(readMs)}`);
  console.log(`  grouping ${candidates.length} candidates: ${seconds(groupMs)} (${grouped.compared} pairs compared of ${((candidates.length * (candidates.length - 1)) / 2).toExponential(2)}, ${grouped.pairs.size} same-story pairs; target: seconds)`);
  console.log(`  longest event-loop stall: ${maxStallMs.toFixed(0)} ms during the burst (ingest and runs), ${maxGroupStallMs.toFixed(0)} ms while grouping ${candidates.length} (target < 1000 ms)`);
  console.log(`  baseline (per digest: text features + all pairs), ${BASELINE_ARTICLES} articles: ${seconds(baselineMs)} (features ${seconds(featuresMs)}, ${allPairs.compared} pairs ${seconds(pairsMs)}), blocking finds ${blockedOnBaseline.pairs.size} of its ${allPairs.pairs.size} pairs`);
  console.log(`  baseline extrapolated to ${candidates.length}: ${seconds(extrapolatedMs)} per distinct digest, blocking on stored features ${(extrapolatedMs / groupMs).toFixed(0)}x faster (once per run, not per digest)`);
  client.destroy();
  await dynamo.close();
}

await main();
