import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribersCommand } from '../../bin/commands/subscribers-command.js';
import { localEnvironment } from '../../bin/local/local-environment.js';
import { startS3Emulator, type S3Emulator } from '../../bin/local/s3-emulator.js';
import { startSesEmulator, type SesEmulator } from '../../bin/local/ses-emulator.js';
import { startUnsubscribeServer } from '../../bin/local/unsubscribe-server.js';
import { startTestDynamoDb, type TestDynamoDb } from '../support/dynamodb-emulator.js';

/**
 * Signup through local mode's public server and the real emulators: the form, a POST as a browser
 * sends it, the confirmation mail read from the SES emulator, its link followed, and the reader
 * active in `newsdrop subscribers export`.
 */
const BUCKET = 'newsdrop-signup-test';
let dir: string;
let s3: S3Emulator;
let ses: SesEmulator;
let dynamo: TestDynamoDb;
let server: Awaited<ReturnType<typeof startUnsubscribeServer>>;
let subscriberTable: string;
const saved = { ...process.env };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'newsdrop-signup-'));
  s3 = await startS3Emulator({ port: 0, directory: path.join(dir, 's3'), bucket: BUCKET });
  ses = await startSesEmulator({ port: 0 });
  dynamo = await startTestDynamoDb();
  subscriberTable = await dynamo.createSubscriberTable();
  let handler: ((event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>) | undefined;
  server = await startUnsubscribeServer(0, async () => {
    if (!handler) handler = (await import('../../lambda/handlers/unsubscribe.js')).handler;
    return handler;
  });
  Object.assign(
    process.env,
    localEnvironment({ s3Endpoint: s3.endpoint, sesEndpoint: ses.endpoint, dynamoDbEndpoint: dynamo.endpoint, bucket: BUCKET, deliveryTable: 'unused', subscriberTable, articleIndexTable: 'unused' }),
    { NEWSDROP_UNSUBSCRIBE_KEYS: JSON.stringify({ current: '1', key1: randomBytes(32).toString('hex') }), PUBLIC_BASE_URL: server.url, NEWSDROP_LOG_FILE: path.join(dir, 'local.log') },
  );
});

afterAll(async () => {
  process.env = saved;
  await Promise.allSettled([server?.close(), s3?.close(), ses?.close(), dynamo?.close()]);
  await rm(dir, { recursive: true, force: true });
});

describe('signup in local mode', () => {
  it('form → POST → confirmation mail in the SES emulator → confirm → active in subscribers export', async () => {
    const form = await fetch(new URL('subscribe', server.url));
    expect(form.status).toBe(200);
    expect(form.headers.get('content-security-policy')).toMatch(/script-src 'sha256-/);
    const page = await form.text();
    expect(page).toContain('name="topics" value="technology"');

    const body = new URLSearchParams({ email: 'reader@example.com', name: 'Rea Der', cadence: 'daily', timezone: 'America/New_York', website: '' });
    body.append('topics', 'technology');
    body.append('topics', 'world');
    const posted = await fetch(new URL('subscribe', server.url), { method: 'POST', body, headers: { origin: 'https://news.example.org' } });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toContain('Check your inbox');

    const mails = await ses.mails();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.destination.to).toEqual(['"Rea Der" <reader@example.com>']);
    const link = /http:\/\/127\.0\.0\.1:\d+\/subscribe\/confirm\?p=[\w-]+&s=[\w-]+/.exec(mails[0]!.body.text ?? '')?.[0];
    expect(link).toBeDefined();

    const confirmPage = await fetch(link!);
    expect(await confirmPage.text()).toContain('Confirm my subscription');
    const confirmed = await fetch(link!, { method: 'POST', body: new URLSearchParams(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('You are subscribed');

    const exported: string[] = [];
    const location = { kind: 'local' as const, dynamoDbPort: Number(new URL(dynamo.endpoint).port), tableName: subscriberTable, s3Port: 9, bucket: BUCKET };
    expect(await subscribersCommand({ action: 'export' }, location, (line) => exported.push(line), () => {})).toBe(0);
    expect(exported.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({
        email: 'reader@example.com',
        name: 'Rea Der',
        status: 'active',
        topics: ['technology', 'world'],
        cadence: 'daily',
        timezone: 'America/New_York',
        consentSource: 'signup form https://news.example.org, confirmed',
        consentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      }),
    ]);
  });
});
