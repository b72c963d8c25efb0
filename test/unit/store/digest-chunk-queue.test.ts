import { SendMessageBatchCommand, type SendMessageBatchCommandOutput, type SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { digestChunkSchema, SqsDigestChunkQueue, type DigestChunk } from '../../../lambda/store/digest-chunk-queue.js';
import { sha256Hex } from '../../../lambda/text/sha256-hex.js';
import { TransientStoreError } from '../../../lambda/store/store-error.js';

const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/newsdrop-digest-chunks';

const chunk = (index: number): DigestChunk => ({ runKey: 'digest-runs/daily/run-1.json', cadence: 'daily', readers: [sha256Hex(`reader-${index}`)] });
const chunks = (count: number) => Array.from({ length: count }, (_, index) => chunk(index));

type Entry = { Id: string; MessageBody: string };
type Failure = { Id: string; SenderFault: boolean; Code: string };

/**
 * An SQS client object that records each SendMessageBatch and answers with `answer` (by default:
 * every entry accepted). Only `send` is used by the queue.
 */
function recordingSqs(answer: (entries: Entry[], call: number) => { Failed?: Failure[] } = () => ({})) {
  const batches: Entry[][] = [];
  const client = {
    async send(command: unknown): Promise<Partial<SendMessageBatchCommandOutput>> {
      expect(command).toBeInstanceOf(SendMessageBatchCommand);
      const input = (command as SendMessageBatchCommand).input;
      expect(input.QueueUrl).toBe(QUEUE_URL);
      const entries = input.Entries as Entry[];
      batches.push(entries);
      return { Successful: [], ...answer(entries, batches.length) };
    },
  };
  return { client: client as unknown as SQSClient, batches };
}

const failed = (entry: Entry, code = 'InternalError', senderFault = false): Failure => ({ Id: entry.Id, SenderFault: senderFault, Code: code });

describe('SqsDigestChunkQueue', () => {
  beforeEach(() => {
    // The backoff between rounds is random; zero keeps the test off the clock.
    vi.spyOn(Math, 'random').mockReturnValue(0);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('sends chunks ten to a SendMessageBatch, each as its JSON', async () => {
    const { client, batches } = recordingSqs();

    await new SqsDigestChunkQueue(client, QUEUE_URL).enqueue(chunks(23));

    expect(batches.map((batch) => batch.length)).toEqual([10, 10, 3]);
    const sent = batches.flat().map((entry) => digestChunkSchema.parse(JSON.parse(entry.MessageBody)));
    expect(sent).toEqual(chunks(23));
    // Ids are unique within a batch, as SQS requires.
    for (const batch of batches) expect(new Set(batch.map((entry) => entry.Id)).size).toBe(batch.length);
  });

  it('sends nothing for no chunks', async () => {
    const { client, batches } = recordingSqs();

    await new SqsDigestChunkQueue(client, QUEUE_URL).enqueue([]);

    expect(batches).toEqual([]);
  });

  it('sends again only the entries SQS reports failed', async () => {
    // The first answer fails entries 2 and 7; the retry of those two fails 7 again; the third round takes it.
    const { client, batches } = recordingSqs((entries, call) => ({
      Failed: call === 1 ? [failed(entries[2]!), failed(entries[7]!)] : call === 2 ? [failed(entries.find((entry) => entry.Id === '7')!)] : [],
    }));

    await new SqsDigestChunkQueue(client, QUEUE_URL).enqueue(chunks(10));

    expect(batches.map((batch) => batch.map((entry) => entry.Id))).toEqual([['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], ['2', '7'], ['7']]);
    expect(JSON.parse(batches[2]![0]!.MessageBody)).toEqual(chunk(7));
  });

  it('gives up with a transient error after five rounds of failed entries', async () => {
    const { client, batches } = recordingSqs((entries) => ({ Failed: [failed(entries[0]!, 'ServiceUnavailable')] }));

    const attempt = new SqsDigestChunkQueue(client, QUEUE_URL).enqueue(chunks(3));

    await expect(attempt).rejects.toBeInstanceOf(TransientStoreError);
    await expect(attempt).rejects.toThrow(/5 times/);
    expect(batches.map((batch) => batch.length)).toEqual([3, 1, 1, 1, 1]);
  });

  it('fails at once, without a retry, when SQS says the sender is at fault', async () => {
    const { client, batches } = recordingSqs((entries) => ({ Failed: [failed(entries[1]!, 'InvalidMessageContents', true)] }));

    const attempt = new SqsDigestChunkQueue(client, QUEUE_URL).enqueue(chunks(2));

    await expect(attempt).rejects.toThrow(/malformed: InvalidMessageContents/);
    await expect(attempt).rejects.not.toBeInstanceOf(TransientStoreError);
    expect(batches).toHaveLength(1);
  });

  it('reports a refused request as a transient store error', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const client = { send: async () => Promise.reject(throttled) } as unknown as SQSClient;

    const attempt = new SqsDigestChunkQueue(client, QUEUE_URL).enqueue(chunks(1));

    await expect(attempt).rejects.toBeInstanceOf(TransientStoreError);
    await expect(attempt).rejects.toMatchObject({ message: 'SQS SendMessageBatch failed: ThrottlingException', cause: throttled });
  });
});
