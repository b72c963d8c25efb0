/**
 * Importing an uploaded config/subscribers.json of 1,000,000 rows: importSubscriberFile as deployed
 * (the file checked row by row, then read again and written), over stand-ins that answer as slowly
 * as AWS does. The file is written to a temporary directory and streamed from disk, as the S3 SDK
 * streams a GetObject body (first byte after 15 ms); every DynamoDB request waits 8 ms and answers
 * as for a new table (each row a created reader, no reader left to remove).
 *
 * Peak RSS is the process's, so this runs in a process of its own (scale-bench starts it); the
 * baseline is the same process with its modules loaded, before the import.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { silentLogger } from '../lambda/log.js';
import { importSubscriberFile } from '../lambda/pipeline/import-subscriber-file.js';
import { DynamoDbSubscriberRepository } from '../lambda/store/dynamodb-subscriber-repository.js';
import { SUBSCRIBERS_CONFIG_KEY } from '../lambda/store/keys.js';
import { MemoryObjectStore } from '../lambda/store/memory-object-store.js';
import type { ObjectStore } from '../lambda/store/object-store.js';
import { RejectionRepository } from '../lambda/store/rejection-repository.js';
import { TOPIC_LABELS } from '../lambda/topics/topic.js';
import { AWS_LATENCY_MS, isMain } from './bench-support.js';

export interface ImportFigures {
  readonly rows: number;
  readonly fileMb: number;
  readonly seconds: number;
  /** CPU (user + system) of the import: a 512 MB Lambda has about 0.29 of a vCPU for it. */
  readonly cpuSeconds: number;
  readonly updateRequests: number;
  readonly baselineRssMb: number;
  /** Highest RSS sampled every 10 ms, and the process's maxRSS. */
  readonly peakRssMb: number;
  readonly maxRssMb: number;
  readonly status: string;
}


/** A realistic list: names, two topics, a cadence and a time zone per reader (~150 bytes a row). */
async function writeList(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('[\n');
  for (let i = 0; i < rows; i++) {
    const row = { email: `reader${i}@example${i % 97}.com`, name: `Reader Number ${i}`, topics: [TOPIC_LABELS[i % TOPIC_LABELS.length], TOPIC_LABELS[(i * 5 + 1) % TOPIC_LABELS.length]], cadence: i % 5 ? 'daily' : 'weekly', timezone: 'Europe/Berlin' };
    if (!out.write(`${i ? ',' : ''}${JSON.stringify(row)}\n`)) await once(out, 'drain');
  }
  out.end(']\n');
  await once(out, 'finish');
}


export async function measureImport(rows: number, dynamoDbMs: number = AWS_LATENCY_MS.dynamoDb): Promise<ImportFigures> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'newsdrop-import-'));
  const file = path.join(dir, 'subscribers.json');
  try {
    await writeList(file, rows);
    const fileMb = (await stat(file)).size / 1024 / 1024;
    // The bucket: the list streamed from disk; everything else (markers, rejections) in memory and empty.
    const markers = new MemoryObjectStore();
    const store: ObjectStore = Object.assign(Object.create(markers) as ObjectStore, {
      getStream: async () => {
        await sleep(AWS_LATENCY_MS.s3Get);
        return createReadStream(file, { highWaterMark: 64 * 1024 });
      },
      head: async () => {
        await sleep(AWS_LATENCY_MS.s3Get);
        return { size: (await stat(file)).size, metadata: {}, etag: null, versionId: null };
      },
    });
    let updateRequests = 0;
    const client = {
      send: async (command: unknown) => {
        await sleep(dynamoDbMs);
        if (command instanceof UpdateCommand) {
          updateRequests++;
          return {};
        }
        if (command instanceof ScanCommand) return { Items: [] };
        throw new Error(`import-bench: unexpected ${(command as object).constructor.name}`);
      },
    } as unknown as DynamoDBDocumentClient;
    const subscribers = new DynamoDbSubscriberRepository(client, 'Subscribers');
    global.gc?.();
    const baselineRssMb = process.memoryUsage().rss / 1024 / 1024;
    let peakRssMb = baselineRssMb;
    const sampler = setInterval(() => (peakRssMb = Math.max(peakRssMb, process.memoryUsage().rss / 1024 / 1024)), 10);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const origin = { bucket: 'articles', key: SUBSCRIBERS_CONFIG_KEY, versionId: 'v1', etag: null };
    const result = await importSubscriberFile(origin, { store, subscribers, rejections: new RejectionRepository(markers), logger: silentLogger });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    clearInterval(sampler);
    // A refused list measures nothing: say why rather than print a figure for it.
    if (result.status !== 'imported') throw new Error(`import-bench: the generated list was not imported: ${JSON.stringify(result)}`);
    return { rows, fileMb, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, updateRequests, baselineRssMb, peakRssMb, maxRssMb: process.resourceUsage().maxRSS / 1024, status: result.status };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  // A second argument sets DynamoDB's latency (ms), to look at memory alone quickly.
  const figures = await measureImport(Number(process.argv[2] ?? 1_000_000), Number(process.argv[3] ?? AWS_LATENCY_MS.dynamoDb));
  console.log(JSON.stringify(figures));
}
