import type { Context } from 'aws-lambda';
import type { DigestPlannerHandler } from '../../lambda/handlers/digest.js';
import type { DigestSenderHandler } from '../../lambda/handlers/digest-sender.js';
import { inParallel } from '../../lambda/in-parallel.js';
import type { ChunkSendSummary, DeliveryCounts } from '../../lambda/pipeline/send-digest-chunk.js';
import type { DigestChunk, DigestChunkQueue } from '../../lambda/store/digest-chunk-queue.js';
import type { Cadence } from '../../lambda/store/subscriber.js';
import { sqsRecord } from './sqs-event.js';

/** The chunk queue in process: what SQS is to the deployed planner and senders. */
export class InProcessChunkQueue implements DigestChunkQueue {
  private readonly waiting: { chunk: DigestChunk; receiveCount: number }[] = [];

  async enqueue(chunks: readonly DigestChunk[]): Promise<void> {
    for (const chunk of chunks) this.waiting.push({ chunk, receiveCount: 0 });
  }

  /** Puts a chunk whose sender failed back, counting the receive. */
  requeue(chunk: DigestChunk, receiveCount: number): void {
    this.waiting.push({ chunk, receiveCount });
  }

  take(): { chunk: DigestChunk; receiveCount: number } | undefined {
    return this.waiting.shift();
  }

  get length(): number {
    return this.waiting.length;
  }
}

/** A digest run as local mode reports it: the plan and every chunk's outcome added up. */
export interface DigestRunTotals extends DeliveryCounts {
  readonly cadence: Cadence;
  /** Active readers the planner handed out. */
  readonly subscribers: number;
  readonly chunks: number;
  readonly candidateArticles: number;
  /** Chunks that failed `maxReceiveCount` times: in AWS they would be in the dead-letter queue. */
  readonly deadLettered: number;
}

export interface InProcessFanOut {
  readonly planner: DigestPlannerHandler;
  readonly sender: DigestSenderHandler;
  readonly queue: InProcessChunkQueue;
  /** The summaries the sender reports (its onChunk option). */
  readonly chunkSummaries: ChunkSendSummary[];
  /** Senders at once, as the event source's maximum concurrency. @default 4 */
  readonly senders?: number;
  /** Receives of one chunk before it counts as dead-lettered, as the queue's maxReceiveCount. @default 5 */
  readonly maxReceiveCount?: number;
  /** The sender's context (its remaining time sets its deadline). */
  readonly senderContext?: () => Context | undefined;
}

/**
 * One digest run the way the deployed stack does it, in this process: the planner handler plans
 * and enqueues, then `senders` sender handlers drain the queue, each message as the event source
 * mapping hands it over; failed chunks come back until maxReceiveCount.
 */
export async function runDigestInProcess(cadence: Cadence, fanOut: InProcessFanOut): Promise<DigestRunTotals> {
  const plan = await fanOut.planner({ cadence });
  const maxReceiveCount = fanOut.maxReceiveCount ?? 5;
  const reported = fanOut.chunkSummaries.length;
  let deadLettered = 0;
  const senderLoop = async () => {
    for (let next = fanOut.queue.take(); next; next = fanOut.queue.take()) {
      const receiveCount = next.receiveCount + 1;
      const event = { Records: [sqsRecord(JSON.stringify(next.chunk), { receiveCount })] };
      const response = await fanOut.sender(event, fanOut.senderContext?.());
      if (response.batchItemFailures.length === 0) continue;
      if (receiveCount >= maxReceiveCount) deadLettered++;
      else fanOut.queue.requeue(next.chunk, receiveCount);
    }
  };
  // Workers stop when the queue is empty; a chunk handed back meanwhile is picked up by the next round.
  while (fanOut.queue.length > 0) await inParallel(Array.from({ length: fanOut.senders ?? 4 }), fanOut.senders ?? 4, senderLoop);
  const chunks = fanOut.chunkSummaries.slice(reported);
  const fields: (keyof DeliveryCounts)[] = ['sent', 'alreadySent', 'nothingNew', 'notMailable', 'superseded', 'failed', 'deferred'];
  const counts = Object.fromEntries(fields.map((field) => [field, chunks.reduce((sum, summary) => sum + summary[field], 0)])) as unknown as DeliveryCounts;
  return {
    cadence,
    subscribers: plan.readers,
    chunks: plan.chunks,
    candidateArticles: plan.candidateArticles,
    ...counts,
    deadLettered,
  };
}

/**
 * The planner and sender handlers over one in-process queue. Imported here, not at the top: the
 * handlers read their environment at import, as at a Lambda cold start, so the caller sets it first.
 */
export async function loadInProcessFanOut(options: Pick<InProcessFanOut, 'senders' | 'maxReceiveCount' | 'senderContext'> = {}): Promise<InProcessFanOut> {
  const queue = new InProcessChunkQueue();
  const chunkSummaries: ChunkSendSummary[] = [];
  const { digestPlannerHandler } = await import('../../lambda/handlers/digest.js');
  const { digestSenderHandler } = await import('../../lambda/handlers/digest-sender.js');
  return {
    planner: digestPlannerHandler(queue),
    sender: digestSenderHandler({ queue, onChunk: (summary) => chunkSummaries.push(summary) }),
    queue,
    chunkSummaries,
    ...options,
  };
}
