/**
 * npm run bench:ses — client CPU per mail for SES v1 SendRawEmail (query protocol: the raw message
 * base64-encoded, then URL-encoded into a form body) against SES v2 SendEmail with Content.Raw
 * (JSON protocol: base64 in a JSON string), for the same message, in the same run.
 *
 * The answering server runs in a child process, so only the sender's CPU is counted, and answers
 * at once: this measures what each protocol costs the digest function, not the network.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { SendRawEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { isMain, median } from './bench-support.js';

const CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };

/** A digest-sized MIME message (~117 KB, as a 10-story digest measures): headers, text and HTML parts. */
export function digestSizedMessage(kilobytes = 117): Uint8Array {
  const line = 'Foreign ministers met in Geneva on Tuesday to discuss a ceasefire, officials said.';
  const lines: string[] = [];
  for (let size = 0; size < kilobytes * 1024; size += line.length + 2) lines.push(line);
  const half = Math.floor(lines.length / 2);
  return new TextEncoder().encode(
    [
      'From: News Digest <digest@news.example.org>',
      'To: reader@example.com',
      'Subject: Your daily digest',
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      ...lines.slice(0, half),
      '--b',
      'Content-Type: text/html; charset=utf-8',
      '',
      ...lines.slice(half).map((text) => `<p>${text}</p>`),
      '--b--',
      '',
    ].join('\r\n'),
  );
}

/** A loopback server in its own process answering both protocols' success responses. */
async function startAnsweringServer(): Promise<{ endpoint: string; child: ChildProcess }> {
  const source = `
    const http = require('node:http');
    const v1 = '<SendRawEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><SendRawEmailResult><MessageId>m-1</MessageId></SendRawEmailResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></SendRawEmailResponse>';
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url.startsWith('/v2/')) { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"MessageId":"m-1"}'); }
        else { res.writeHead(200, { 'content-type': 'text/xml' }); res.end(v1); }
      });
    });
    server.keepAliveTimeout = 60000;
    server.listen(0, '127.0.0.1', () => process.send(server.address().port));
  `;
  const child = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const [port] = (await once(child, 'message')) as [number];
  return { endpoint: `http://127.0.0.1:${port}`, child };
}

export interface SesProtocolFigures {
  readonly messageKb: number;
  readonly mails: number;
  /** Sender CPU (user + system) per mail, in ms: median of the rounds. */
  readonly v1CpuMsPerMail: number;
  readonly v2CpuMsPerMail: number;
}

async function cpuMsPerMail(send: () => Promise<unknown>, mails: number): Promise<number> {
  for (let i = 0; i < 20; i++) await send(); // warm-up: connections, JIT
  const before = process.cpuUsage();
  for (let i = 0; i < mails; i++) await send();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / mails;
}

export async function measureSesProtocols(options: { mails: number; rounds: number }): Promise<SesProtocolFigures> {
  const { endpoint, child } = await startAnsweringServer();
  try {
    const raw = digestSizedMessage();
    const common = { region: 'eu-west-1', endpoint, credentials: CREDENTIALS, maxAttempts: 1 };
    const v1 = new SESClient(common);
    const v2 = new SESv2Client(common);
    const sendV1 = () => v1.send(new SendRawEmailCommand({ RawMessage: { Data: raw }, Destinations: ['reader@example.com'] }));
    const sendV2 = () => v2.send(new SendEmailCommand({ Content: { Raw: { Data: raw } }, Destination: { ToAddresses: ['reader@example.com'] } }));
    const v1Rounds: number[] = [];
    const v2Rounds: number[] = [];
    // Interleaved rounds, so a change in the machine's load falls on both alike.
    for (let round = 0; round < options.rounds; round++) {
      v1Rounds.push(await cpuMsPerMail(sendV1, options.mails));
      v2Rounds.push(await cpuMsPerMail(sendV2, options.mails));
    }
    return { messageKb: raw.byteLength / 1024, mails: options.mails * options.rounds, v1CpuMsPerMail: median(v1Rounds), v2CpuMsPerMail: median(v2Rounds) };
  } finally {
    child.kill();
  }
}

export function sesProtocolReport(figures: SesProtocolFigures): string[] {
  return [
    `v1 SendRawEmail (query protocol): ${figures.v1CpuMsPerMail.toFixed(2)} ms CPU/mail`,
    `v2 SendEmail, raw content (JSON protocol): ${figures.v2CpuMsPerMail.toFixed(2)} ms CPU/mail (${(figures.v2CpuMsPerMail / figures.v1CpuMsPerMail).toFixed(2)} x v1)`,
  ];
}

if (isMain(import.meta.url)) {
  const figures = await measureSesProtocols({ mails: 200, rounds: 5 });
  console.log(`SES protocols (${figures.messageKb.toFixed(0)} KB message, ${figures.mails} mails each, sender CPU only)`);
  for (const line of sesProtocolReport(figures)) console.log(`  ${line}`);
}
