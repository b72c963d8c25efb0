import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { localEnvironment } from '../../../bin/local/local-environment.js';
import { createSesClient } from '../../../lambda/aws-clients.js';
import { DailyQuotaExceededError, PermanentMailError, TransientMailError } from '../../../lambda/mail/mail-error.js';
import { SesMailSender } from '../../../lambda/mail/ses-mail-sender.js';

type Reply = { status: number; headers: Record<string, string>; body: string };

const success = (id: string): Reply => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ MessageId: id }) });
/**
 * An SES v2 error as the service sends it: the error name in x-amzn-ErrorType (with the coral
 * namespace after a colon, which the SDK strips) and the message in a JSON body.
 */
const failure = (status: number, name: string, message: string): Reply => ({
  status,
  headers: { 'content-type': 'application/json', 'x-amzn-errortype': `${name}:http://internal.amazon.com/coral/com.amazonaws.sesv2/`, 'x-amzn-requestid': 'r-1' },
  body: JSON.stringify({ message }),
});

interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A tiny SES v2 (REST/JSON) endpoint on loopback that answers from a script of replies. */
async function sesShim(replies: Reply[]): Promise<{ server: Server; endpoint: string; requests: ReceivedRequest[] }> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      const reply = replies[Math.min(requests.length - 1, replies.length - 1)]!;
      response.writeHead(reply.status, reply.headers).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

let servers: Server[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  servers = [];
});

async function senderFor(replies: Reply[], options: { configurationSet?: string } = {}) {
  const shim = await sesShim(replies);
  servers.push(shim.server);
  const client = new SESv2Client({ endpoint: shim.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 });
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

/** The sender's rejection, with the SDK error it was classified from. */
async function failureOf(promise: Promise<unknown>): Promise<Error & { cause: { name: string } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { cause: { name: string } };
  }
  throw new Error('the send succeeded');
}

const RAW = new TextEncoder().encode('From: a@example.com\r\nTo: b@example.com\r\nSubject: hi\r\n\r\nbody');

describe('SesMailSender', () => {
  it('sends with SES v2 SendEmail: raw content, destination and configuration set', async () => {
    const { sender, requests } = await senderFor([success('m-1')], { configurationSet: 'events' });

    expect(await sender.send(RAW, ['b@example.com'])).toEqual({ messageId: 'm-1' });
    expect(requests[0]).toMatchObject({ method: 'POST', url: '/v2/email/outbound-emails' });
    const body = JSON.parse(requests[0]!.body) as { Content: { Raw: { Data: string } }; Destination: { ToAddresses: string[] }; ConfigurationSetName: string };
    expect(body.Destination).toEqual({ ToAddresses: ['b@example.com'] });
    expect(body.ConfigurationSetName).toBe('events');
    expect(Buffer.from(body.Content.Raw.Data, 'base64').toString()).toBe(new TextDecoder().decode(RAW));
  });

  it('retries TooManyRequestsException (429) with growing, jittered backoff until SES accepts', async () => {
    const throttled = failure(429, 'TooManyRequestsException', 'Maximum sending rate exceeded.');
    const { sender, requests, sleeps } = await senderFor([throttled, throttled, success('m-2')]);

    expect(await sender.send(RAW, ['b@example.com'])).toEqual({ messageId: 'm-2' });
    expect(requests).toHaveLength(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it.each([
    ['InternalServiceErrorException from SES', failure(500, 'InternalServiceErrorException', 'An internal error occurred.')],
    ['a bare 503 from the load balancer', { status: 503, headers: { 'content-type': 'text/html' }, body: '<html>Service Unavailable</html>' }],
  ])('retries %s and gives up as a transient error after maxAttempts', async (_what, reply) => {
    const { sender, requests } = await senderFor([reply]);

    await expect(sender.send(RAW, ['b@example.com'])).rejects.toBeInstanceOf(TransientMailError);
    expect(requests).toHaveLength(4);
  });

  it.each([
    [400, 'MessageRejected', 'Email address is not verified. The following identities failed the check in region US-EAST-1: a@example.com'],
    [400, 'MailFromDomainNotVerifiedException', 'The MAIL FROM domain is not verified.'],
    [400, 'AccountSuspendedException', 'Your account has been suspended.'],
    [400, 'SendingPausedException', 'Sending is paused for this account.'],
    [404, 'NotFoundException', 'Configuration set <events> does not exist.'],
    [400, 'BadRequestException', 'Missing final @domain'],
  ])('does not retry HTTP %i %s', async (status, name, message) => {
    const { sender, requests } = await senderFor([failure(status, name, message)], { configurationSet: 'events' });

    const error = await failureOf(sender.send(RAW, ['b@example.com']));
    expect(error).toBeInstanceOf(PermanentMailError);
    expect(error).not.toBeInstanceOf(TransientMailError);
    // The SDK read the name from x-amzn-ErrorType, so the class came from the name, not only the status.
    expect(error.cause.name).toBe(name);
    expect(error.message).toContain(message);
    expect(requests).toHaveLength(1);
  });

  it.each([
    [429, 'TooManyRequestsException'],
    [400, 'LimitExceededException'],
  ])('stops at once when the daily quota is used up (HTTP %i %s)', async (status, name) => {
    const { sender, requests } = await senderFor([failure(status, name, 'Daily message quota exceeded.')]);

    const error = await failureOf(sender.send(RAW, ['b@example.com']));
    expect(error).toBeInstanceOf(DailyQuotaExceededError);
    expect(error.cause.name).toBe(name);
    expect(requests).toHaveLength(1);
  });

  it("reaches the endpoint local mode sets (AWS_ENDPOINT_URL_SESV2, the v2 client's variable)", async () => {
    const shim = await sesShim([success('m-local')]);
    servers.push(shim.server);
    for (const [name, value] of Object.entries(localEnvironment({ s3Endpoint: 'http://127.0.0.1:9', sesEndpoint: shim.endpoint, dynamoDbEndpoint: 'http://127.0.0.1:9', bucket: 'b', deliveryTable: 'deliveries', subscriberTable: 'subscribers', articleIndexTable: 'articles' }))) vi.stubEnv(name, value);
    const sender = new SesMailSender({ client: createSesClient(), ratePerSecond: 1000 });

    expect(await sender.send(RAW, ['b@example.com'])).toEqual({ messageId: 'm-local' });
    expect(shim.requests.map((request) => request.url)).toEqual(['/v2/email/outbound-emails']);
  });
});
