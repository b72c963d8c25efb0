/**
 * The local stand-ins for AWS a benchmark talks to, in a child process of their own: dynalite,
 * s3rver, aws-ses-v2-local (the emulators local mode runs), and an SES endpoint that only answers,
 * after a set delay. In their own process they run on the machine's other core, so the benchmark
 * process's CPU time is the code under test and its SDK clients, not the emulators'.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDynamoDbEmulator } from '../bin/local/dynamodb-emulator.js';
import { startS3Emulator } from '../bin/local/s3-emulator.js';
import { startSesEmulator } from '../bin/local/ses-emulator.js';
import { isMain } from './bench-support.js';

export interface LocalServicesOptions {
  readonly dynamoDb?: boolean;
  /** Start s3rver with this bucket. */
  readonly s3Bucket?: string;
  /** Start aws-ses-v2-local (it parses and keeps every mail: clear it now and then, see clearSesEmulator). */
  readonly sesEmulator?: boolean;
  /** Start an endpoint that answers every SES v2 SendEmail with a message id after this many ms. */
  readonly sesAnswerDelayMs?: number;
}

interface Endpoints {
  readonly dynamoDb?: string;
  readonly s3?: string;
  readonly sesEmulator?: string;
  readonly sesAnswer?: string;
}

export interface LocalServices {
  readonly endpoints: Endpoints;
  /** CPU time (user + system) the services' process has used so far, in ms. */
  cpuMs(): Promise<number>;
  /** Empties aws-ses-v2-local's in-memory store of received mails. */
  clearSesEmulator(): Promise<void>;
  close(): Promise<void>;
}

type Request = { readonly id: number; readonly type: 'cpu' | 'close' };
type Reply = { readonly id: number; readonly value: number };

/** Starts the services in a child process (node with tsx, as the benches run). */
export async function startLocalServices(options: LocalServicesOptions): Promise<LocalServices> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [endpoints] = (await once(child, 'message')) as [Endpoints];
  let nextId = 0;
  const waiting = new Map<number, (value: number) => void>();
  child.on('message', (reply: Reply) => {
    waiting.get(reply.id)?.(reply.value);
    waiting.delete(reply.id);
  });
  const ask = (type: Request['type']) =>
    new Promise<number>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      child.send({ id, type } satisfies Request);
    });
  return {
    endpoints,
    cpuMs: () => ask('cpu'),
    async clearSesEmulator() {
      if (!endpoints.sesEmulator) return;
      const response = await fetch(`${endpoints.sesEmulator}/clear-store`, { method: 'POST' });
      await response.arrayBuffer();
    },
    async close() {
      const exited = once(child, 'exit');
      await ask('close');
      await exited;
    },
  };
}

/** Answers SES v2 SendEmail (and anything else) with 200 and a message id, `delayMs` after the request ended. */
async function startSesAnswer(delayMs: number): Promise<Server> {
  let sent = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': `r-${sent}` });
        response.end(JSON.stringify({ MessageId: `bench-${++sent}` }));
      }, delayMs);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function serve(options: LocalServicesOptions): Promise<void> {
  const closers: (() => Promise<unknown>)[] = [];
  const endpoints: { -readonly [K in keyof Endpoints]: Endpoints[K] } = {};
  if (options.dynamoDb) {
    const dynamo = await startDynamoDbEmulator({ port: 0 });
    endpoints.dynamoDb = dynamo.endpoint;
    closers.push(() => dynamo.close());
  }
  if (options.s3Bucket) {
    const directory = await mkdtemp(path.join(tmpdir(), 'newsdrop-bench-s3-'));
    const s3 = await startS3Emulator({ port: 0, directory, bucket: options.s3Bucket });
    endpoints.s3 = s3.endpoint;
    closers.push(async () => {
      await s3.close();
      await rm(directory, { recursive: true, force: true });
    });
  }
  if (options.sesEmulator) {
    const ses = await startSesEmulator({ port: 0 });
    endpoints.sesEmulator = ses.endpoint;
    closers.push(() => ses.close());
  }
  if (options.sesAnswerDelayMs !== undefined) {
    const server = await startSesAnswer(options.sesAnswerDelayMs);
    endpoints.sesAnswer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
  }
  process.on('message', (request: Request) => {
    if (request.type === 'cpu') {
      const used = process.cpuUsage();
      process.send!({ id: request.id, value: (used.user + used.system) / 1000 } satisfies Reply);
      return;
    }
    void Promise.allSettled(closers.map((close) => close())).then(() => {
      process.send!({ id: request.id, value: 0 } satisfies Reply, () => process.exit(0));
    });
  });
  // The parent gone (killed, crashed): nothing left to serve.
  process.on('disconnect', () => process.exit(0));
  process.send!(endpoints);
}

if (isMain(import.meta.url)) await serve(JSON.parse(process.argv[2] ?? '{}') as LocalServicesOptions);
