import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import { inParallel } from '../in-parallel.js';
import { TransientStoreError } from './store-error.js';
import { CADENCES } from './subscriber.js';
import { realClock } from '../time.js';

/**
 * Readers per chunk at most. A chunk is one SQS message: 300 address hashes are ~20 KB, and ten
 * of them (one SendMessageBatch) stay well under SQS's 256 KB per batch.
 */
export const MAX_CHUNK_READERS = 300;

/** One sender's work: readers (by address hash) of one run, whose snapshot is at runKey. */
export const digestChunkSchema = z
  .object({
    runKey: z.string().min(1).max(1024),
    cadence: z.enum(CADENCES),
    readers: z.array(z.string().regex(/^[0-9a-f]{64}$/)).min(1).max(MAX_CHUNK_READERS),
  })
  .strict();

export type DigestChunk = z.infer<typeof digestChunkSchema>;

/** Where the planner puts chunks and a sender hands back the readers it had no time for. */
export interface DigestChunkQueue {
  enqueue(chunks: readonly DigestChunk[]): Promise<void>;
}

const SQS_BATCH = 10;
const SEND_ROUNDS = 5;

/** The deployed queue: SendMessageBatch, ten chunks a request, entries SQS failed retried. */
export class SqsDigestChunkQueue implements DigestChunkQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly concurrency = 8,
  ) {}

  async enqueue(chunks: readonly DigestChunk[]): Promise<void> {
    const batches: DigestChunk[][] = [];
    for (let offset = 0; offset < chunks.length; offset += SQS_BATCH) batches.push(chunks.slice(offset, offset + SQS_BATCH));
    await inParallel(batches, this.concurrency, (batch) => this.sendBatch(batch));
  }

  private async sendBatch(batch: readonly DigestChunk[]): Promise<void> {
    let entries = batch.map((chunk, index) => ({ Id: String(index), MessageBody: JSON.stringify(chunk) }));
    for (let round = 0; entries.length > 0; round++) {
      if (round >= SEND_ROUNDS) throw new TransientStoreError(`SQS refused ${entries.length} digest chunk(s) ${SEND_ROUNDS} times`);
      if (round > 0) await realClock.sleep(Math.random() * 100 * 2 ** round);
      let failed: readonly { Id?: string; SenderFault?: boolean; Code?: string }[];
      try {
        ({ Failed: failed = [] } = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries })));
      } catch (error) {
        throw new TransientStoreError(`SQS SendMessageBatch failed: ${(error as Error).name ?? 'Error'}`, { cause: error });
      }
      const sender = failed.find((entry) => entry.SenderFault);
      if (sender) throw new Error(`SQS refused a digest chunk as malformed: ${sender.Code ?? 'unknown code'}`);
      const retry = new Set(failed.map((entry) => entry.Id));
      entries = entries.filter((entry) => retry.has(entry.Id));
    }
  }
}
