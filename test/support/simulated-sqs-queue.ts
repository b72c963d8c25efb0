import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { sqsRecord } from '../../bin/local/sqs-event.js';

interface QueuedMessage {
  readonly messageId: string;
  readonly body: string;
  receiveCount: number;
}

export interface DrainSummary {
  readonly invocations: number;
  /** Batch items the handler reported as failed (each was redelivered or dead-lettered). */
  readonly failedItems: number;
  /** Invocations that ended without a response (threw, or the process was killed). */
  readonly failedInvocations: number;
}

/**
 * The SQS → Lambda event source mapping, in memory: batches of up to `batchSize`, partial batch
 * responses delete only the successful messages, a failed invocation returns the whole batch, and
 * a message received `maxReceiveCount` times without success moves to the dead-letter queue.
 */
export class SimulatedSqsQueue {
  private readonly visible: QueuedMessage[] = [];
  readonly deadLetters: QueuedMessage[] = [];

  constructor(private readonly options: { batchSize?: number; maxReceiveCount?: number } = {}) {}

  send(body: string): void {
    this.visible.push({ messageId: randomUUID(), body, receiveCount: 0 });
  }

  get depth(): number {
    return this.visible.length;
  }

  /** Delivers batches until the queue is empty; `invoke` may throw to fail the whole batch. */
  async drain(invoke: (event: SQSEvent) => Promise<SQSBatchResponse>, maxInvocations = 50): Promise<DrainSummary> {
    let invocations = 0;
    let failedItems = 0;
    let failedInvocations = 0;
    while (this.visible.length > 0) {
      if (invocations >= maxInvocations) throw new Error(`queue not drained after ${maxInvocations} invocations (${this.visible.length} left)`);
      const batch = this.visible.splice(0, this.options.batchSize ?? 10);
      for (const message of batch) message.receiveCount++;
      const event: SQSEvent = {
        Records: batch.map((message) => sqsRecord(message.body, { messageId: message.messageId, receiveCount: message.receiveCount })),
      };
      invocations++;
      let failedIds: Set<string>;
      try {
        const response = await invoke(event);
        failedIds = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
        failedItems += failedIds.size;
      } catch {
        failedInvocations++;
        failedIds = new Set(batch.map((message) => message.messageId));
      }
      for (const message of batch.filter((queued) => failedIds.has(queued.messageId))) {
        if (message.receiveCount >= (this.options.maxReceiveCount ?? 5)) this.deadLetters.push(message);
        else this.visible.push(message);
      }
    }
    return { invocations, failedItems, failedInvocations };
  }
}
