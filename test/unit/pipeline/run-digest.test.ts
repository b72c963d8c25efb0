import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { silentLogger } from '../../../lambda/log.js';
import { parseSigningKeys } from '../../../lambda/mail/signing-keys.js';
import { unsubscribeLinks } from '../../../lambda/mail/unsubscribe-links.js';
import { verifyUnsubscribeToken } from '../../../lambda/mail/unsubscribe-token.js';
import { DailyQuotaExceededError, PermanentMailError, TransientMailError } from '../../../lambda/mail/mail-error.js';
import { runDigest, type DigestRunDependencies, type MailSender } from '../../../lambda/pipeline/run-digest.js';
import { ArticleRepository } from '../../../lambda/store/article-repository.js';
import { subscriberKeyFor } from '../../../lambda/store/keys.js';
import { MemoryObjectStore } from '../../../lambda/store/memory-object-store.js';
import { TransientStoreError } from '../../../lambda/store/store-error.js';
import type { Subscriber } from '../../../lambda/store/subscriber.js';
import { SubscriberStateRepository } from '../../../lambda/store/subscriber-state-repository.js';
import { indexEntryFor, storedArticle } from '../../support/article-factory.js';
import { capturedLogs } from '../../support/captured-logs.js';
import { startTestDynamoDb, type TestDynamoDb } from '../../support/dynamodb-emulator.js';
import { RecordingMetrics } from '../../support/recording-metrics.js';

const NOW = new Date('2026-11-24T12:00:00Z');

/** The ledger and the subscribers are DynamoDB (dynalite, in memory); each setUp gets tables of its own. */
let dynamo: TestDynamoDb;
beforeAll(async () => {
  dynamo = await startTestDynamoDb();
});
afterAll(async () => {
  await dynamo?.close();
});

/** Records what would go to SES; `failWith` makes the next sends fail. */
class RecordingMailer implements MailSender {
  readonly sent: { raw: string; to: readonly string[] }[] = [];
  failWith: Error | null = null;
  async send(raw: Uint8Array, destinations: readonly string[]) {
    if (this.failWith) throw this.failWith;
    this.sent.push({ raw: Buffer.from(raw).toString('utf8'), to: destinations });
    return { messageId: `m-${this.sent.length}` };
  }
}

async function setUp(subscribers: Subscriber[], articles = [
  storedArticle({ id: 'w1', headline: 'Summit ends with climate deal', topic: { label: 'world', confidence: 0.9 } }),
  storedArticle({ id: 's1', headline: 'Riverside win the cup', topic: { label: 'sport', confidence: 0.9 } }),
]) {
  const store = new MemoryObjectStore();
  const subscriberTable = await dynamo.freshSubscribers();
  await subscriberTable.import(subscribers.map((subscriber) => ({ ...subscriber, topics: [...subscriber.topics] })), { now: NOW });
  const repository = new ArticleRepository(store);
  const index = await dynamo.freshArticleIndex();
  for (const { storedAt, ...article } of articles) {
    await repository.put(article, new Date(storedAt));
    await index.put(indexEntryFor({ ...article, storedAt }));
  }
  const mailer = new RecordingMailer();
  const deps: DigestRunDependencies = {
    subscribers: subscriberTable,
    articles: index,
    ledger: await dynamo.freshLedger(),
    states: new SubscriberStateRepository(store),
    mailer,
    from: 'Digest <digest@example.com>',
    logger: silentLogger,
    now: () => NOW,
  };
  return { store, mailer, deps, index, subscriberTable };
}

/** A mailer whose send to one address never returns, as when the process dies there; `reached` says it got that far. */
function hangingOn(address: string, next: MailSender): MailSender & { reached: Promise<void> } {
  let reach!: () => void;
  const reached = new Promise<void>((resolve) => {
    reach = resolve;
  });
  return {
    reached,
    send: (raw, to) => {
      if (to[0] !== address) return next.send(raw, to);
      reach();
      return new Promise(() => {});
    },
  };
}

describe('runDigest', () => {
  it('sends each subscriber of the cadence only the articles in their topics', async () => {
    // Prepare
    const { mailer, deps } = await setUp([
      { email: 'all@example.com', topics: ['*'], cadence: 'daily' },
      { email: 'sport@example.com', topics: ['sport'], cadence: 'daily' },
      { email: 'weekly@example.com', topics: ['*'], cadence: 'weekly' },
    ]);
    // Act
    const summary = await runDigest('daily', deps);
    // Assess
    expect(summary).toMatchObject({ subscribers: 2, sent: 2, nothingNew: 0, failed: 0, deferred: 0 });
    const bySubscriber = Object.fromEntries(mailer.sent.map((mail) => [mail.to[0], mail.raw]));
    expect(Object.keys(bySubscriber).sort()).toEqual(['all@example.com', 'sport@example.com']);
    expect(bySubscriber['sport@example.com']).toContain('Riverside win the cup');
    expect(bySubscriber['sport@example.com']).not.toContain('Summit ends with climate deal');
  });

  it('sends nothing when a run repeats, and only new articles after that', async () => {
    const { mailer, deps, index } = await setUp([{ email: 'all@example.com', topics: ['*'], cadence: 'daily' }]);
    await runDigest('daily', deps);

    const repeat = await runDigest('daily', deps);
    expect(repeat).toMatchObject({ sent: 0, nothingNew: 1 });

    await index.put(indexEntryFor(storedArticle({ id: 'w2', headline: 'Talks resume on port strike' })));
    const next = await runDigest('daily', deps);
    expect(next.sent).toBe(1);
    expect(mailer.sent[1]?.raw).toContain('Talks resume on port strike');
    expect(mailer.sent[1]?.raw).not.toContain('Riverside win the cup');
  });

  it('puts signed one-click unsubscribe and stop-topic links in each mail when links are configured', async () => {
    const { mailer, deps } = await setUp([{ email: 'all@example.com', topics: ['*'], cadence: 'daily' }]);
    const signing = parseSigningKeys(JSON.stringify({ current: '1', key1: 'k'.repeat(48) }));

    await runDigest('daily', { ...deps, links: unsubscribeLinks('https://unsub.example.org/', signing, () => NOW) });

    const mail = await simpleParser(mailer.sent[0]!.raw);
    const header = mail.headerLines.find((line) => line.key === 'list-unsubscribe')?.line ?? '';
    const url = /<(https:\/\/unsub\.example\.org\/\?p=[^>]+)>/.exec(header)?.[1];
    expect(url).toBeDefined();
    const params = new URL(url!).searchParams;
    expect(verifyUnsubscribeToken(params.get('p')!, params.get('s')!, signing, NOW.getTime() / 1000)).toMatchObject({ email: 'all@example.com', scope: '*' });
    expect(mail.headerLines.some((line) => line.line === 'List-Unsubscribe-Post: List-Unsubscribe=One-Click')).toBe(true);
    expect(mail.html).toContain('Stop World stories');
    expect(mail.html).toContain('Unsubscribe or change your topics');
  });

  it('after a run killed half way, sends only what is missing (stale claims are taken over after the lease)', async () => {
    // Prepare: three subscribers, sent one at a time; the second send never returns (the process dies there).
    const { mailer, deps } = await setUp(['a', 'b', 'c'].map((name) => ({ email: `${name}@example.com`, topics: ['*'], cadence: 'daily' as const })));
    // Runs go in the table's index order (by address hash), so "the second" is read from it.
    const [first, second] = (await deps.subscribers.loadActive('daily')).map((subscriber) => subscriber.email);
    const sent: string[] = [];
    const dying = hangingOn(second!, { send: (raw, to) => mailer.send(raw, to).then((result) => { sent.push(to[0]!); return result; }) });
    void runDigest('daily', { ...deps, mailer: dying, concurrency: 1 }); // abandoned, as a killed Lambda would be
    await dying.reached;
    expect(sent).toEqual([first]);

    // Act: a retry within the lease leaves the second's claim alone; one after it sends it.
    const soon = await runDigest('daily', { ...deps, now: () => new Date(NOW.getTime() + 5 * 60_000) });
    const later = await runDigest('daily', { ...deps, now: () => new Date(NOW.getTime() + 30 * 60_000) });

    // Assess: every subscriber got the digest exactly once.
    expect(soon).toMatchObject({ sent: 1, alreadySent: 1, nothingNew: 1 });
    expect(later).toMatchObject({ sent: 1 });
    expect(mailer.sent.map((mail) => mail.to[0]).sort()).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
  });

  it('lets the retry just after a killed run\'s deadline send what that run left', async () => {
    // Prepare: the run knows its invocation ends in a minute; its send to b never returns.
    const { mailer, deps } = await setUp(['a', 'b'].map((name) => ({ email: `${name}@example.com`, topics: ['*'], cadence: 'daily' as const })));
    const dying = hangingOn('b@example.com', mailer);
    void runDigest('daily', { ...deps, mailer: dying, concurrency: 1, deadline: new Date(NOW.getTime() + 60_000) });
    await dying.reached;

    // Act: Lambda's async retry, about a minute after the timeout.
    const retry = await runDigest('daily', { ...deps, now: () => new Date(NOW.getTime() + 2 * 60_000) });

    // Assess
    expect(retry).toMatchObject({ sent: 1, alreadySent: 0, nothingNew: 1 });
    expect(mailer.sent.map((mail) => mail.to[0]).sort()).toEqual(['a@example.com', 'b@example.com']);
  });

  it('does not send again when recording a sent mail fails', async () => {
    const { mailer, deps } = await setUp([{ email: 'all@example.com', topics: ['*'], cadence: 'daily' }]);
    const flaky = Object.create(deps.ledger) as typeof deps.ledger;
    flaky.markSent = async () => {
      throw new Error('DynamoDB unavailable');
    };

    const first = await runDigest('daily', { ...deps, ledger: flaky });
    const retry = await runDigest('daily', { ...deps, now: () => new Date(NOW.getTime() + 60_000) });

    expect(first.sent).toBe(1);
    expect(retry).toMatchObject({ sent: 0, alreadySent: 1 });
    expect(mailer.sent).toHaveLength(1);
  });

  it('defers only the subscriber whose state the store cannot read, and sends to the others', async () => {
    // Prepare
    const { mailer, deps } = await setUp(['a', 'b', 'c'].map((name) => ({ email: `${name}@example.com`, topics: ['*'], cadence: 'daily' as const })));
    const flaky = Object.create(deps.states) as typeof deps.states;
    flaky.receivedIds = async (subscriberKey) => {
      if (subscriberKey === subscriberKeyFor('b@example.com')) throw new TransientStoreError('S3 is unavailable: GetObject (HTTP 503)');
      return deps.states.receivedIds(subscriberKey);
    };

    // Act
    const first = await runDigest('daily', { ...deps, states: flaky });
    const retry = await runDigest('daily', deps);

    // Assess
    expect(first).toMatchObject({ sent: 2, deferred: 1 });
    expect(retry).toMatchObject({ sent: 1, alreadySent: 0 });
    expect(mailer.sent.map((mail) => mail.to[0]).sort()).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
  });

  it('skips unsubscribed and suppressed readers, and sends the rest without the topics they stopped', async () => {
    // Prepare
    const { mailer, deps, subscriberTable } = await setUp([
      { email: 'gone@example.com', topics: ['*'], cadence: 'daily' },
      { email: 'bounced@example.com', topics: ['*'], cadence: 'daily' },
      { email: 'stays@example.com', topics: ['*'], cadence: 'daily' },
    ]);
    await subscriberTable.unsubscribe('Gone@Example.com', 'one-click', NOW);
    await subscriberTable.suppress('bounced@example.com', 'hard-bounce: Permanent/General', NOW);
    await subscriberTable.stopTopic('stays@example.com', 'sport', NOW);

    // Act
    const summary = await runDigest('daily', deps);

    // Assess: only the reader who stayed, with world news and no sport.
    expect(summary).toMatchObject({ subscribers: 1, sent: 1 });
    expect(mailer.sent.map((mail) => mail.to)).toEqual([['stays@example.com']]);
    expect(mailer.sent[0]!.raw).toContain('Summit ends with climate deal');
    expect(mailer.sent[0]!.raw).not.toContain('Riverside win the cup');
  });

  it('records a permanent refusal and does not retry it; releases a transient failure for the next run', async () => {
    const { mailer, deps, index } = await setUp([{ email: 'all@example.com', topics: ['*'], cadence: 'daily' }]);
    mailer.failWith = new TransientMailError('SES throttled');
    const first = await runDigest('daily', deps);
    expect(first).toMatchObject({ sent: 0, deferred: 1 });

    mailer.failWith = null;
    const second = await runDigest('daily', deps);
    expect(second.sent).toBe(1);

    await index.put(indexEntryFor(storedArticle({ id: 'w3' })));
    mailer.failWith = new PermanentMailError('MessageRejected: address on suppression list');
    const third = await runDigest('daily', deps);
    mailer.failWith = null;
    const fourth = await runDigest('daily', deps);
    expect(third).toMatchObject({ failed: 1 });
    expect(fourth).toMatchObject({ sent: 0, alreadySent: 1 });
  });
});

describe('runDigest logs and metrics', () => {
  async function observed(subscribers: Subscriber[]) {
    const setup = await setUp(subscribers);
    const { logger, lines } = capturedLogs('digest');
    const metrics = new RecordingMetrics();
    let clock = 1_000;
    // Each reading of the monotonic clock advances it by 250 ms: a run reads it twice.
    const deps: DigestRunDependencies = { ...setup.deps, logger, metrics, monotonicNow: () => (clock += 250) };
    const sendLines = () => lines.filter((line) => 'outcome' in line);
    return { ...setup, deps, lines, sendLines, metrics };
  }
  const daily = (email: string): Subscriber => ({ email, topics: ['*'], cadence: 'daily' });

  it('writes one line per mail sent, with the digest id, the hashed subscriber and the SES MessageId, never the address', async () => {
    // Prepare
    const { deps, lines, sendLines, metrics } = await observed([daily('ada@example.com'), daily('bob@example.com')]);
    // Act
    await runDigest('daily', deps);
    // Assess
    const sent = sendLines();
    expect(sent).toHaveLength(2);
    expect(sent.map((line) => line['subscriberKey']).sort()).toEqual([subscriberKeyFor('ada@example.com'), subscriberKeyFor('bob@example.com')].sort());
    expect(sent.map((line) => line['messageId']).sort()).toEqual(['m-1', 'm-2']);
    for (const line of sent) {
      expect(line).toMatchObject({ level: 'INFO', message: 'digest sent', outcome: 'sent', cadence: 'daily', articles: 2 });
      expect(line['digestId']).toMatch(/^[0-9a-f]{20}$/);
    }
    expect(JSON.stringify(lines)).not.toMatch(/ada@|bob@/);
    expect(metrics.total('MailsSent', { cadence: 'daily' })).toBe(2);
    expect(metrics.recorded.filter((entry) => entry.name === 'DigestLatency')).toEqual([{ name: 'DigestLatency', value: 250, dimensions: { cadence: 'daily' } }]);
    expect(lines.at(-1)).toMatchObject({ message: 'digest run finished', sent: 2, latencyMs: 250 });
  });

  it('writes one line for a refused mail and one for a deferred one, counted as failed and deferred', async () => {
    const { deps, mailer, sendLines, metrics } = await observed([daily('ada@example.com')]);
    mailer.failWith = new TransientMailError('SES throttled');
    await runDigest('daily', deps);
    mailer.failWith = new PermanentMailError('MessageRejected: address on suppression list');
    await runDigest('daily', deps);

    expect(sendLines()).toEqual([
      expect.objectContaining({ level: 'ERROR', outcome: 'deferred', subscriberKey: subscriberKeyFor('ada@example.com'), error: expect.objectContaining({ name: 'TransientMailError' }) }),
      expect.objectContaining({ level: 'ERROR', outcome: 'failed', subscriberKey: subscriberKeyFor('ada@example.com'), error: expect.objectContaining({ code: 'send-rejected' }) }),
    ]);
    expect(metrics.total('MailsDeferred')).toBe(1);
    expect(metrics.total('MailsFailed', { cadence: 'daily' })).toBe(1);
    expect(metrics.total('MailsSent')).toBe(0);
  });

  it('writes a single line when a sent mail cannot be recorded, and one skipped line when the next run finds its claim', async () => {
    const { deps, sendLines, metrics } = await observed([daily('ada@example.com')]);
    const flaky = Object.create(deps.ledger) as typeof deps.ledger;
    flaky.markSent = async () => {
      throw new Error('DynamoDB unavailable');
    };

    await runDigest('daily', { ...deps, ledger: flaky });
    await runDigest('daily', { ...deps, now: () => new Date(NOW.getTime() + 60_000) });

    const [sent, skipped, ...rest] = sendLines();
    expect(rest).toEqual([]);
    expect(sent).toMatchObject({ level: 'ERROR', outcome: 'sent', messageId: 'm-1', error: { message: 'DynamoDB unavailable' } });
    expect(skipped).toMatchObject({ level: 'INFO', outcome: 'skipped', ledgerStatus: 'claimed', digestId: sent?.['digestId'] });
    expect(metrics.total('MailsSent')).toBe(1);
  });

  it('counts every mail held back by the daily quota but logs only the attempt that hit it', async () => {
    const { deps, mailer, sendLines, metrics } = await observed([daily('ada@example.com'), daily('bob@example.com'), daily('cy@example.com')]);
    mailer.failWith = new DailyQuotaExceededError('SES daily sending quota exceeded');

    const summary = await runDigest('daily', { ...deps, concurrency: 1 });

    expect(summary).toMatchObject({ deferred: 3, stoppedForQuota: true });
    expect(sendLines()).toEqual([expect.objectContaining({ level: 'WARN', outcome: 'deferred', reason: 'daily-quota' })]);
    expect(metrics.total('MailsDeferred', { cadence: 'daily' })).toBe(3);
  });
});
