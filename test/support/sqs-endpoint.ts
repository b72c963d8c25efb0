import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The SQS API's SendMessageBatch, as much as the digest planner and sender call, over HTTP on 127.0.0.1. */
export interface SqsEndpoint {
  /** A queue URL on this endpoint (the SDK sends to the queue URL's host). */
  readonly queueUrl: string;
  /** Bodies of the messages received, in order. */
  readonly messages: string[];
  close(): Promise<void>;
}

/**
 * Answers SendMessageBatch (AWS JSON 1.0, as @aws-sdk/client-sqs speaks it) with the MD5 of each
 * body, which the SDK checks, and keeps the bodies. Anything else is a 400, so a bundle calling
 * an action this stand-in does not know fails the test instead of passing unseen.
 */
export async function startSqsEndpoint(): Promise<SqsEndpoint> {
  const messages: string[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      if (target !== 'AmazonSQS.SendMessageBatch') {
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify({ __type: 'InvalidAction', message: `not emulated: ${String(target)}` }));
        return;
      }
      const { Entries } = JSON.parse(body) as { Entries: { Id: string; MessageBody: string }[] };
      const Successful = Entries.map((entry) => {
        messages.push(entry.MessageBody);
        return { Id: entry.Id, MessageId: randomUUID(), MD5OfMessageBody: createHash('md5').update(entry.MessageBody).digest('hex') };
      });
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify({ Successful, Failed: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    queueUrl: `http://127.0.0.1:${port}/000000000000/newsdrop-digest-chunks`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
