import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInProcessFanOut, runDigestInProcess, type DigestRunTotals } from '../../bin/local/digest-fanout.js';
import { s3NotificationBody } from '../../bin/local/sqs-event.js';
import { articleKey, rejectedKey } from '../../lambda/store/keys.js';
import type { Rejection } from '../../lambda/store/rejection-repository.js';
import { plainTextArticle } from '../support/article-file-factory.js';
import { indexEntryFor, storedArticle } from '../support/article-factory.js';
import {
  gzipArticle,
  headlineInjectionPage,
  hostileHtmlPage,
  largeText,
  latin1,
  pdfDocument,
  pngImage,
  singleLine,
  utf16WithoutBom,
  utf8WithBrokenSequence,
} from '../support/bad-input-factory.js';
import { hostileFile } from '../support/hostile-corpus.js';
import { startLocalStack, type LocalStack } from '../support/local-stack.js';
import { SimulatedSqsQueue, type DrainSummary } from '../support/simulated-sqs-queue.js';

const BUCKET = 'newsdrop-bad-input';
const MiB = 1024 * 1024;

type IngestHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

type Expected = { readonly result: 'rejected'; readonly code: string } | { readonly result: 'stored'; readonly headline?: string };

interface BadInput {
  readonly key: string;
  readonly bytes: Buffer;
  readonly metadata?: Record<string, string>;
  readonly expected: Expected;
}

/** One story per encoding: the same text in two encodings is one article (the second a duplicate). */
const accented = () => plainTextArticle({ headline: 'Café owners in Zürich cheer as the new harbour terminal finally opens' });
const [utf16le, utf16be, latin1Text, brokenUtf8] = [accented(), accented(), accented(), accented()];
const injectedHeadline = 'Storm closes port\r\nBcc: attacker@example.com <mj-raw><script>alert(1)</script></mj-raw>';
const SCRIPT_TRACES = [/<script/i, /\bon(?:error|load|click|mouseover)\s*=/i, /javascript:/i, /<iframe/i];

/** Every input the issue names, with the result it must get. */
function badInputs(): BadInput[] {
  const rejected = (code: string): Expected => ({ result: 'rejected', code });
  return [
    { key: 'incoming/blank.txt', bytes: Buffer.from('\uFEFF\n  \n\t\n'), expected: rejected('empty') },
    { key: 'incoming/zero-bytes.txt', bytes: Buffer.alloc(0), expected: rejected('empty') },
    { key: 'incoming/photo.png', bytes: pngImage(), expected: rejected('unsupported-content') },
    { key: 'incoming/annual report.pdf', bytes: pdfDocument(), expected: rejected('unsupported-content') },
    { key: 'incoming/story.txt.gz', bytes: gzipArticle(), expected: rejected('unsupported-content') },
    { key: 'incoming/archive dump.txt', bytes: largeText(30 * MiB), expected: rejected('too-large') },
    // 5 MB of text is more than an extractor reads (MAX_TEXT_CHARS): refused at once, not parsed for seconds.
    { key: 'incoming/one-line.txt', bytes: singleLine(5_000_000), expected: rejected('too-complex') },
    // Issue 13: files that took a batch past its timeout, mixed in with the good ones.
    { key: 'incoming/initials.txt', bytes: hostileFile('initials', 240_000).bytes, expected: { result: 'stored' } },
    { key: 'incoming/bold.html', bytes: hostileFile('bold-elements').bytes, expected: rejected('too-complex') },
    { key: 'incoming/entities.html', bytes: hostileFile('entities').bytes, expected: rejected('too-complex') },
    { key: 'incoming/scripts.html', bytes: hostileFile('unclosed-script', 1_600_000).bytes, expected: rejected('no-article') },
    { key: 'incoming/divs.html', bytes: hostileFile('self-closing-divs').bytes, expected: rejected('unsupported-content') },
    { key: 'incoming/utf16le.txt', bytes: utf16WithoutBom(utf16le.text, 'le'), expected: { result: 'stored', headline: utf16le.headline } },
    { key: 'incoming/utf16be.txt', bytes: utf16WithoutBom(utf16be.text, 'be'), expected: { result: 'stored', headline: utf16be.headline } },
    { key: 'incoming/latin1.txt', bytes: latin1(latin1Text.text), expected: { result: 'stored', headline: latin1Text.headline } },
    { key: 'incoming/broken-utf8.txt', bytes: utf8WithBrokenSequence(brokenUtf8.text), expected: { result: 'stored', headline: brokenUtf8.headline } },
    { key: 'incoming/hostile.html', bytes: hostileHtmlPage('Dock strike ends as harbour workers return'), expected: { result: 'stored' } },
    { key: 'incoming/headline-injection.html', bytes: headlineInjectionPage(injectedHeadline), expected: { result: 'stored' } },
    {
      key: 'incoming/Zürich café report +1 (late).txt',
      bytes: Buffer.from(plainTextArticle().text),
      expected: { result: 'stored' },
    },
    { key: 'incoming/Résumé scan 2026.png', bytes: pngImage(), expected: rejected('unsupported-content') },
    {
      key: 'incoming/metadata-url.txt',
      bytes: Buffer.from(plainTextArticle().text),
      metadata: { url: "javascript:alert('metadata')", source: 'Coastal Courier' },
      expected: { result: 'stored' },
    },
  ];
}

describe('bad input through the real ingest path (s3rver, SQS-shaped batches)', () => {
  let stack: LocalStack;
  let ingest: IngestHandler;
  /** A daily run: the planner and its senders over an in-process chunk queue. */
  let digest: () => Promise<DigestRunTotals>;
  const inputs = badInputs();
  const etags = new Map<string, string | null>();
  const queue = new SimulatedSqsQueue({ batchSize: 10, maxReceiveCount: 5 });
  const malformedBody = 'this message is not an S3 notification';
  let drained: DrainSummary;
  const report: string[] = [];

  beforeAll(async () => {
    // Prepare: emulators, handlers loaded as at a cold start, every input uploaded.
    stack = await startLocalStack({ bucket: BUCKET });
    Object.assign(process.env, stack.env);
    ({ handler: ingest } = (await import('../../lambda/handlers/ingest.js')) as { handler: IngestHandler });
    const fanOut = await loadInProcessFanOut();
    digest = () => runDigestInProcess('daily', fanOut);
    for (const input of inputs) {
      await stack.bucket.put(input.key, input.bytes, { metadata: input.metadata });
      etags.set(input.key, (await stack.bucket.head(input.key))!.etag);
    }
    // An object deleted between its event and the ingest run.
    await stack.bucket.put('incoming/withdrawn.txt', plainTextArticle().text);
    await stack.bucket.delete('incoming/withdrawn.txt');

    // Bad and good records mixed in each batch, plus the test event and a message that is no S3 event.
    const bodies = stack.uploads.map((record) => s3NotificationBody(record));
    bodies.splice(3, 0, JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Time: new Date().toISOString(), Bucket: BUCKET }));
    bodies.splice(7, 0, malformedBody);
    for (const body of bodies) queue.send(body);

    // Act
    drained = await queue.drain((event) => ingest(event, {} as Context));
  }, 120_000);

  afterAll(async () => {
    if (report.length > 0) console.log(['bad-input results:', ...report].join('\n  '));
    await stack?.close();
  });

  it('gives every input a clear result: an article, or rejected/<name>.error.json with a code', async () => {
    // Assess
    const articles = await stack.storedArticles();
    const rejections = await stack.bucket.list('rejected/');
    for (const input of inputs) {
      const stored = articles.filter((article) => article.origin.key === input.key);
      const rejection = await stack.bucket.get(rejectedKey(input.key));
      report.push(`${input.key} (${input.bytes.byteLength} bytes): ${stored.length} article(s), ${rejection ? `rejected: ${(await stack.readJson<Rejection>(rejectedKey(input.key))).code}` : 'not rejected'}`);
      if (input.expected.result === 'stored') {
        expect({ key: input.key, stored: stored.length, rejected: rejection !== null }).toEqual({ key: input.key, stored: 1, rejected: false });
        if (input.expected.headline) expect(stored[0]!.headline).toBe(input.expected.headline);
      } else {
        expect({ key: input.key, stored: stored.length }).toEqual({ key: input.key, stored: 0 });
        const record = await stack.readJson<Rejection>(rejectedKey(input.key));
        expect({ key: input.key, code: record.code }).toEqual({ key: input.key, code: input.expected.code });
        expect(record.message.length).toBeGreaterThan(10);
        expect(record.origin.key).toBe(input.key);
      }
    }
    const storedCount = inputs.filter((input) => input.expected.result === 'stored').length;
    expect(articles).toHaveLength(storedCount);
    expect(rejections).toHaveLength(inputs.length - storedCount);
    expect(await stack.bucket.list('state/ingested/')).toHaveLength(storedCount);
  });

  it('leaves every original in incoming/ byte for byte', async () => {
    for (const input of inputs) {
      const object = await stack.bucket.get(input.key);
      expect({ key: input.key, etag: object?.etag }).toEqual({ key: input.key, etag: etags.get(input.key) });
      expect(Buffer.from(object!.body).equals(input.bytes)).toBe(true);
    }
  });

  it('fails only the message that is no S3 event, which ends in the dead-letter queue; nothing escapes', async () => {
    // Assess: every invocation returned a partial batch response; the other records all succeeded.
    expect(drained.failedInvocations).toBe(0);
    expect(drained.failedItems).toBe(5);
    expect(queue.deadLetters.map((message) => message.body)).toEqual([malformedBody]);
    const errors = (await stack.logLines()).filter((line) => line['level'] === 'ERROR');
    expect(errors.length).toBeGreaterThanOrEqual(5);
    expect(new Set(errors.map((line) => line['messageId']))).toEqual(new Set([queue.deadLetters[0]!.messageId]));
    expect(await stack.bucket.get('rejected/withdrawn.txt.error.json')).toBeNull();
  });

  it('stores no script, event handler or javascript: URL from a hostile page, nor from object metadata', async () => {
    const articles = await stack.storedArticles();
    const hostile = articles.find((article) => article.origin.key === 'incoming/hostile.html')!;
    const fromMetadata = articles.find((article) => article.origin.key === 'incoming/metadata-url.txt')!;

    expect(hostile.headline).toBe('Dock strike ends as harbour workers return');
    expect(hostile.body.join('\n')).toContain('Dock workers returned to work on Monday');
    for (const trace of SCRIPT_TRACES) {
      expect(JSON.stringify([hostile.headline, hostile.body, hostile.summary, hostile.url])).not.toMatch(trace);
    }
    expect(fromMetadata.source).toBe('Coastal Courier');
    expect(fromMetadata.url).toBeNull();
  });

  it('keeps a headline with CR/LF on one line when it is stored', async () => {
    const article = (await stack.storedArticles()).find((stored) => stored.origin.key === 'incoming/headline-injection.html')!;

    expect(article.headline).toBe('Storm closes port Bcc: attacker@example.com <mj-raw><script>alert(1)</script></mj-raw>');
  });

  describe('digest run', () => {
    const reader = { email: 'reader@example.com', name: 'Eve Reader\r\nBcc: attacker@example.com', topics: ['*'], cadence: 'daily' };
    const portDesk = { email: 'ports@example.com', topics: ['port-closures'], cadence: 'daily' };

    it('rejects a malformed subscribers.json, naming the problem, imports nobody and mails nobody', async () => {
      // Act
      const result = await stack.uploadSubscribers(`[${JSON.stringify(reader)},]`);
      const summary = await digest();

      // Assess: the file stays for inspection, the error beside it under rejected/.
      expect(result).toMatchObject({ status: 'rejected', rejectionKey: 'rejected/config/subscribers.json.error.json' });
      expect(await stack.readJson<Rejection>('rejected/config/subscribers.json.error.json')).toMatchObject({ code: 'invalid-config', message: expect.stringMatching(/config\/subscribers\.json is not valid JSON/) });
      expect(await stack.bucket.head('config/subscribers.json')).not.toBeNull();
      expect(await stack.subscriberItems()).toEqual([]);
      expect(summary.subscribers).toBe(0);
      expect(await stack.ses.mails()).toEqual([]);
      expect(await stack.ledgerEntries()).toEqual([]);
    });

    it('rejects a subscribers.json off the schema whole, naming the entry and field, and changes nothing', async () => {
      // Act: the first row is fine; the second is not, so neither is imported.
      const result = await stack.uploadSubscribers(JSON.stringify([reader, { ...portDesk, cadence: 'hourly' }]));
      const summary = await digest();

      // Assess
      expect(result).toMatchObject({ status: 'rejected', message: expect.stringMatching(/config\/subscribers\.json does not match the subscriber schema: entry 2 \(ports@example\.com\), field cadence: /) });
      expect(await stack.subscriberItems()).toEqual([]);
      expect(summary.subscribers).toBe(0);
      expect(await stack.ses.mails()).toEqual([]);
      expect(await stack.ledgerEntries()).toEqual([]);
    });

    it('escapes hostile headlines in the digest HTML and keeps each header on one line of the MIME', async () => {
      // Prepare: besides the ingested pages, a stored article written with raw CR/LF in its headline.
      const raw = storedArticle({
        headline: 'Port closes\r\nBcc: attacker@example.com\r\n\r\n<mj-raw><script>alert(2)</script></mj-raw>',
        customTopics: ['port-closures'],
        storedAt: new Date().toISOString(),
      });
      await stack.bucket.put(articleKey(raw.id, raw.storedAt), JSON.stringify(raw));
      await stack.articleIndex.put(indexEntryFor(raw));
      // The desk's topic is the operator's: the import checks readers' topics against config/topics.json.
      await stack.bucket.put('config/topics.json', JSON.stringify([{ name: 'port-closures', any: ['port closes'] }]));
      expect(await stack.uploadSubscribers(JSON.stringify([reader, portDesk]))).toMatchObject({ status: 'imported' });

      // Act
      const summary = await digest();

      // Assess
      expect(summary.sent).toBe(2);
      const mails = await Promise.all(stack.capturedMails.map((captured) => simpleParser(captured.mime)));
      expect(mails).toHaveLength(2);
      for (const [index, mail] of mails.entries()) {
        const html = String(mail.html);
        for (const trace of [...SCRIPT_TRACES, /<mj-raw/i]) expect(html).not.toMatch(trace);
        expect(html).toContain('&lt;mj-raw&gt;&lt;script&gt;alert(');
        expect(mail.headers.has('bcc')).toBe(false);
        expect(mail.subject).not.toMatch(/[\r\n]/);
        // The raw header block, folding undone: one Subject line, no smuggled header.
        const mime = stack.capturedMails[index]!.mime.toString('utf8');
        const headerLines = mime.slice(0, mime.indexOf('\r\n\r\n')).replace(/\r\n[ \t]/g, ' ').split('\r\n');
        expect(headerLines.filter((line) => /^subject:/i.test(line))).toHaveLength(1);
        expect(headerLines.filter((line) => /^bcc:/i.test(line))).toEqual([]);
      }
      const toReader = mails.find((mail) => JSON.stringify(mail.to).includes('reader@example.com'))!;
      expect(String(toReader.html)).toContain('Storm closes port Bcc: attacker@example.com &lt;mj-raw&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;/mj-raw&gt;');
      const toPorts = mails.find((mail) => JSON.stringify(mail.to).includes('ports@example.com'))!;
      expect(toPorts.subject).toMatch(/: Port closes Bcc: attacker@example\.com <mj-raw><script>alert\(2\)<\/script><\/mj-raw>$/);
    });
  });
});
