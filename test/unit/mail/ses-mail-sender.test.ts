import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SESClient } from '@aws-sdk/client-ses';
import { afterEach, describe, expect, it } from 'vitest';
import { DailyQuotaExceededError, PermanentMailError, TransientMailError } from '../../../lambda/mail/mail-error.js';
import { SesMailSender } from '../../../lambda/mail/ses-mail-sender.js';

const NS = 'http://ses.amazonaws.com/doc/2010-12-01/';
const success = (id: string) =>
  `<SendRawEmailResponse xmlns="${NS}"><SendRawEmailResult><MessageId>${id}</MessageId></SendRawEmailResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></SendRawEmailResponse>`;
const failure = (code: string, message: string) =>
  `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r</RequestId></ErrorResponse>`;

type Reply = { status: number; body: string };

/** A tiny SES v1 query-API endpoint on loopback that answers from a script of replies. */
async function sesShim(replies: Reply[]): Promise<{ server: Server; endpoint: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      requests.push(body);
      const reply = replies[Math.min(requests.length - 1, replies.length - 1)]!;
      response.writeHead(reply.status, { 'content-type': 'text/xml' }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  servers = [];
});

async function senderFor(replies: Reply[], options: { configurationSet?: string } = {}) {
  const shim = await sesShim(replies);
  servers.push(shim.server);
  const client = new SESClient({ endpoint: shim.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 });
  const sleeps: number[] = [];
  const sender = new SesMailSender({
    client,
    ratePerSecond: 1000,
    maxAttempts: 4,
    configurationSet: options.configurationSet,
    clock: { now: () => performance.now(), sleep: async (ms) => void sleeps.push(ms) },
    random: () => 0.5,
  });
  return { sender, requests: shim.requests, sleeps };
}

const RAW = new TextEncoder().encode('From: a@example.com\r\nTo: b@example.com\r\nSubject: hi\r\n\r\nbody');

describe('SesMailSender', () => {
  it('sends with SendRawEmail, destinations and configuration set', async () => {
    const { sender, requests } = await senderFor([{ status: 200, body: success('m-1') }], { configurationSet: 'events' });

    expect(await sender.send(RAW, ['b@example.com'])).toEqual({ messageId: 'm-1' });
    const request = new URLSearchParams(requests[0]);
    expect(request.get('Action')).toBe('SendRawEmail');
    expect(request.get('Destinations.member.1')).toBe('b@example.com');
    expect(request.get('ConfigurationSetName')).toBe('events');
    expect(Buffer.from(request.get('RawMessage.Data')!, 'base64').toString()).toContain('Subject: hi');
  });

  it('retries Throttling with growing, jittered backoff until SES accepts', async () => {
    const throttled = { status: 400, body: failure('Throttling', 'Maximum sending rate exceeded.') };
    const { sender, requests, sleeps } = await senderFor([throttled, throttled, { status: 200, body: success('m-2') }]);

    expect(await sender.send(RAW, ['b@example.com'])).toEqual({ messageId: 'm-2' });
    expect(requests).toHaveLength(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it('retries 5xx and gives up as a transient error after maxAttempts', async () => {
    const { sender, requests } = await senderFor([{ status: 503, body: failure('ServiceUnavailable', 'down') }]);

    await expect(sender.send(RAW, ['b@example.com'])).rejects.toBeInstanceOf(TransientMailError);
    expect(requests).toHaveLength(4);
  });

  it('does not retry MessageRejected', async () => {
    const { sender, requests } = await senderFor([{ status: 400, body: failure('MessageRejected', 'Email address is not verified.') }]);

    await expect(sender.send(RAW, ['b@example.com'])).rejects.toBeInstanceOf(PermanentMailError);
    expect(requests).toHaveLength(1);
  });

  it('stops at once when the daily quota is used up', async () => {
    const { sender, requests } = await senderFor([{ status: 400, body: failure('Throttling', 'Daily message quota exceeded.') }]);

    await expect(sender.send(RAW, ['b@example.com'])).rejects.toBeInstanceOf(DailyQuotaExceededError);
    expect(requests).toHaveLength(1);
  });
});
