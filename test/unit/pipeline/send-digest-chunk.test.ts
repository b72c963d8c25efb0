import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { InProcessChunkQueue } from '../../../bin/local/digest-fanout.js';
import { silentLogger } from '../../../lambda/log.js';
import { DailyQuotaExceededError, PermanentMailError, TransientMailError } from '../../../lambda/mail/mail-error.js';
import type { MailSender } from '../../../lambda/mail/mail-sender.js';
import { parseSigningKeys } from '../../../lambda/mail/signing-keys.js';
import { unsubscribeLinks } from '../../../lambda/mail/unsubscribe-links.js';
import { verifyUnsubscribeToken } from '../../../lambda/mail/unsubscribe-token.js';
import { planDigestRun } from '../../../lambda/pipeline/plan-digest-run.js';
import { sendDigestChunk, type ChunkSendDependencies, type ChunkSendSummary } from '../../../lambda/pipeline/send-digest-chunk.js';
import type { StoredArticle } from '../../../lambda/store/stored-article.js';
import type { DigestChunk } from '../../../lambda/store/digest-chunk-queue.js';
import { DigestRunRepository } from '../../../lambda/store/digest-run-repository.js';
import { DynamoDbDeliveryStates } from '../../../lambda/store/dynamodb-delivery-states.js';
import { addressHash, subscriberKeyFor, subscriberStateKey } from '../../../lambda/store/keys.js';
import { LegacySubscriberStateRepository } from '../../../lambda/store/legacy-subscriber-state-repository.js';
import { MemoryObjectStore } from '../../../lambda/store/memory-object-store.js';
import { WebArchive } from '../../../lambda/store/web-archive.js';
import { TransientStoreError } from '../../../lambda/store/store-error.js';
import type { SubscriberRow } from '../../../lambda/store/subscriber.js';
import { indexEntryFor, storedArticle } from '../../support/article-factory.js';
import { capturedLogs } from '../../support/captured-logs.js';
import { RecordingMailer } from '../../support/recording-mailer.js';
import { useTestDynamoDb } from '../../support/dynamodb-emulator.js';
import { RecordingMetrics } from '../../support/recording-metrics.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const minutesAfterNow = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

/** The ledger, the subscribers and the article index are DynamoDB (dynalite, in memory); each setUp gets tables of its own. */
const dynamo = useTestDynamoDb();

const COUNTS = ['readers', 'sent', 'alreadySent', 'nothingNew', 'notMailable', 'superseded', 'failed', 'deferred'] as const;
type Counts = Record<(typeof COUNTS)[number], number>;

/** The chunks' counts added up. */
function totalOf(summaries: readonly ChunkSendSummary[]): Counts {
  return Object.fromEntries(COUNTS.map((field) => [field, summaries.reduce((sum, summary) => sum + summary[field], 0)])) as Counts;
}

const daily = (email: string, topics = ['*']): SubscriberRow => ({ email, topics, cadence: 'daily' });

const worldArticle = () => storedArticle({ id: 'w1', headline: 'Summit ends with climate deal', topic: { label: 'world', confidence: 0.9 } });
const sportArticle = () => storedArticle({ id: 's1', headline: 'Riverside win the cup', topic: { label: 'sport', confidence: 0.9 } });

async function setUp(subscribers: SubscriberRow[], articles: StoredArticle[] = [worldArticle(), sportArticle()]) {
  const store = new MemoryObjectStore();
  const readers = await dynamo().freshSubscribers();
  await readers.import(subscribers, { now: NOW });
  const index = await dynamo().freshArticleIndex();
  /** Indexes an article; its entry is written at `indexedAt` (default: when it was stored). */
  const publish = (article: StoredArticle, indexedAt?: Date) => index.put(indexEntryFor(article), indexedAt);
  for (const article of articles) await publish(article);
  const runs = new DigestRunRepository(store);
  const mailer = new RecordingMailer();
  const ledger = await dynamo().freshLedger();
  const states = new DynamoDbDeliveryStates(dynamo().clientFor(), ledger.tableName);
  /** What the reader's delivery state says now. */
  const stateOf = async (email: string) => (await states.loadMany([subscriberKeyFor(email)])).get(subscriberKeyFor(email));
  const deps: ChunkSendDependencies = {
    runs,
    readers,
    states,
    legacyState: new LegacySubscriberStateRepository(store),
    ledger,
    mailer,
    from: 'Digest <digest@example.com>',
    logger: silentLogger,
    now: () => NOW,
  };

  /** Plans a daily run at `at` (as the planner function would): its chunks. */
  const plan = async (at = NOW): Promise<DigestChunk[]> => {
    const queue = new InProcessChunkQueue();
    await planDigestRun('daily', { subscribers: readers, articles: index, runs, queue, logger: silentLogger, now: () => at });
    const chunks: DigestChunk[] = [];
    for (let next = queue.take(); next; next = queue.take()) chunks.push(next.chunk);
    return chunks;
  };
  /** Sends one chunk at `at`. */
  const send = (chunk: DigestChunk, at = NOW, overrides: Partial<ChunkSendDependencies> = {}) => sendDigestChunk(chunk, { ...deps, now: () => at, ...overrides });
  /** Plans a run at `at` and sends each of its chunks then: the counts added up. */
  const run = async (at = NOW, overrides: Partial<ChunkSendDependencies> = {}) => {
    const summaries: ChunkSendSummary[] = [];
    for (const chunk of await plan(at)) summaries.push(await send(chunk, at, overrides));
    return totalOf(summaries);
  };
  return { store, readers, states, stateOf, publish, mailer, deps, plan, send, run };
}

/** The one chunk a small run plans. */
async function onlyChunk(chunks: Promise<DigestChunk[]>): Promise<DigestChunk> {
  const planned = await chunks;
  expect(planned).toHaveLength(1);
  return planned[0]!;
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

/** A promise and the function that settles it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('sendDigestChunk', () => {
  it('sends each reader of the chunk only the articles in their topics', async () => {
    // Prepare
    const { mailer, plan, send } = await setUp([daily('all@example.com'), daily('sport@example.com', ['sport']), { email: 'weekly@example.com', topics: ['*'], cadence: 'weekly' }]);
    const chunk = await onlyChunk(plan());

    // Act
    const summary = await send(chunk);

    // Assess
    expect(summary).toMatchObject({ cadence: 'daily', readers: 2, sent: 2, nothingNew: 0, failed: 0, deferred: 0, stoppedForQuota: false, unsent: [] });
    const bySubscriber = Object.fromEntries(mailer.sent.map((mail) => [mail.to[0], mail.raw]));
    expect(Object.keys(bySubscriber).sort()).toEqual(['all@example.com', 'sport@example.com']);
    expect(bySubscriber['all@example.com']).toContain('Summit ends with climate deal');
    expect(bySubscriber['sport@example.com']).toContain('Riverside win the cup');
    expect(bySubscriber['sport@example.com']).not.toContain('Summit ends with climate deal');
  });

  it('mails a story published before the look-back window after the current ones, its date up front', async () => {
    // Prepare: a 2007 report dropped today, covered by two outlets, and one current report.
    const body = ['Russia and the United States agreed on Tuesday to improve bilateral ties, though differences still remain, the ministers said.'];
    const articles = [
      storedArticle({ id: 'cctv', headline: 'Rice: Russia, US agree to tone down rhetoric', source: 'CCTV.com', published: '2007-05-16', body, wordCount: 30 }),
      storedArticle({ id: 'jctrans', headline: 'Russia, US agree to tone down rhetoric', source: 'Jctrans.com', published: '2007-05-16', body, wordCount: 20 }),
      storedArticle({ id: 'current', headline: 'Summit ends with climate deal', published: '2026-11-23' }),
    ];
    const { mailer, run } = await setUp([daily('all@example.com')], articles);

    // Act
    await run();

    // Assess: one world section, the current story first although the old one has more outlets.
    const mail = await simpleParser(mailer.sent[0]!.raw);
    const html = mail.html as string;
    expect(html.indexOf('Summit ends with climate deal')).toBeLessThan(html.indexOf('Rice: Russia, US agree to tone down rhetoric'));
    expect(html).toContain('<strong>Older story, published 16 May 2007</strong> · CCTV.com · Also reported by Jctrans.com');
    expect(mail.text).toContain('Older story, published 16 May 2007 · CCTV.com');
    expect(mail.subject).toContain('Summit ends with climate deal');
  });

  it('records the run\'s watermark on the reader, and sends a later run only what is new', async () => {
    // Prepare
    const { stateOf, mailer, publish, run } = await setUp([daily('all@example.com')]);
    expect(await run()).toMatchObject({ sent: 1 });
    expect(await stateOf('all@example.com')).toMatchObject({ deliveredThrough: '2026-11-24T11:55:00.000Z', recentArticleIds: [] });

    // Act: a repeat a minute later, then the next day with one more article.
    const repeat = await run(minutesAfterNow(1));
    await publish(storedArticle({ id: 'w2', headline: 'Talks resume on port strike', storedAt: '2026-11-25T08:00:00.000Z' }));
    const next = await run(minutesAfterNow(24 * 60));

    // Assess
    expect(repeat).toMatchObject({ sent: 0, nothingNew: 1 });
    expect(next).toMatchObject({ sent: 1 });
    expect(mailer.sent[1]?.raw).toContain('Talks resume on port strike');
    expect(mailer.sent[1]?.raw).not.toContain('Riverside win the cup');
    expect(await stateOf('all@example.com')).toMatchObject({ deliveredThrough: '2026-11-25T11:55:00.000Z' });
  });

  /** A port strike reported today, and tomorrow another outlet's report of the same event and an unrelated story. */
  async function continuedStory(storyUpdates?: 'show' | 'omit') {
    const body = [
      'Dockworkers at the port of Valparaiso ended a 12-day strike on Thursday after the operator TPS agreed to a 7.5 percent pay rise, union leader Jorge Bustos said.',
      'More than 40 ships had waited at anchor during the stoppage, which exporters say cost them $60 million.',
    ];
    const first = storedArticle({ id: 'port-1', headline: 'Valparaiso dockers end strike after pay deal', source: 'Wire', published: '2026-11-24', body });
    const setup = await setUp([daily('all@example.com')], [first]);
    expect(await setup.run()).toMatchObject({ sent: 1 });
    const storedAt = '2026-11-25T08:00:00.000Z';
    await setup.publish(storedArticle({ id: 'port-2', headline: 'Chile port strike over as dockers accept rise', source: 'Paper', published: '2026-11-24', body, storedAt }));
    await setup.publish(storedArticle({ id: 'other', headline: 'Riverside win the cup', source: 'Radio', storedAt, topic: { label: 'sport', confidence: 0.9 } }));
    const next = await setup.run(minutesAfterNow(24 * 60), storyUpdates ? { storyUpdates } : {});
    return { ...setup, next };
  }

  it('marks a new report of a story the reader got in an earlier digest as an update of it', async () => {
    // Prepare, act
    const { mailer, next } = await continuedStory();
    expect(next).toMatchObject({ sent: 1 });

    // Assess: the follow-up says it continues a story sent before; the new story does not.
    const mail = await simpleParser(mailer.sent[1]!.raw);
    expect(mail.html).toContain('<strong>Update to an earlier story</strong> · Paper');
    expect(mail.text).toContain('Update to an earlier story · Paper');
    expect(mail.text).not.toContain('Update to an earlier story · Radio');
  });

  it('leaves such a report out with storyUpdates "omit", and mails the rest', async () => {
    const { mailer, next } = await continuedStory('omit');

    expect(next).toMatchObject({ sent: 1 });
    const mail = await simpleParser(mailer.sent[1]!.raw);
    expect(mail.text).toContain('Riverside win the cup');
    expect(mail.text).not.toContain('Chile port strike over');
    expect(mail.text).not.toContain('Update to an earlier story');
  });

  it('puts signed one-click unsubscribe and stop-topic links in each mail when links are configured', async () => {
    const { mailer, run } = await setUp([daily('all@example.com')]);
    const signing = parseSigningKeys(JSON.stringify({ current: '1', key1: 'k'.repeat(48) }));

    await run(NOW, { links: unsubscribeLinks('https://unsub.example.org/', signing, () => NOW) });

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

  it('mails each reader once when the same chunk is sent twice', async () => {
    // Prepare
    const { mailer, plan, send } = await setUp(['a', 'b', 'c'].map((name) => daily(`${name}@example.com`)));
    const chunk = await onlyChunk(plan());

    // Act: the queue delivers the message again (at least once delivery), a minute later.
    const first = await send(chunk);
    const again = await send(chunk, minutesAfterNow(1));

    // Assess
    expect(first).toMatchObject({ sent: 3 });
    expect(again).toMatchObject({ sent: 0, nothingNew: 3 });
    expect(mailer.recipients()).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
  });

  it('mails each reader once when two senders get the same chunk at once (one holds the claims, the other defers)', async () => {
    // Prepare: the first sender claims all three readers, and their mails wait at SES until the second sender is done.
    const { mailer, store, plan, send } = await setUp(['a', 'b', 'c'].map((name) => daily(`${name}@example.com`)));
    const chunk = await onlyChunk(plan());
    const allClaimed = gate();
    const secondDone = gate();
    let waiting = 0;
    mailer.beforeSend = () => {
      if (++waiting === 3) allClaimed.open();
      return secondDone.opened;
    };
    // The second sender is another container: its own snapshot cache, its own connection to SES.
    const secondMailer = new RecordingMailer();

    // Act
    const first = send(chunk);
    await allClaimed.opened;
    const second = await send(chunk, NOW, { runs: new DigestRunRepository(store), mailer: secondMailer });
    secondDone.open();

    // Assess: the second found every reader claimed and sent nothing; its chunk comes back after the lease and finds them done.
    expect(second).toMatchObject({ sent: 0, deferred: 3 });
    expect(secondMailer.sent).toEqual([]);
    expect(await first).toMatchObject({ sent: 3 });
    const retry = await send(chunk, minutesAfterNow(25));
    expect(retry).toMatchObject({ sent: 0, nothingNew: 3, deferred: 0 });
    expect(mailer.recipients()).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
  });

  it('mails each reader once when a second sender read the readers before the first recorded them', async () => {
    // Prepare: the second sender reads the chunk's readers, then waits until the first has finished.
    const { mailer, states, plan, send } = await setUp(['a', 'b', 'c'].map((name) => daily(`${name}@example.com`)));
    const chunk = await onlyChunk(plan());
    const firstDone = gate();
    const stale = {
      loadMany: async (keys: readonly string[]) => {
        const read = await states.loadMany(keys);
        await firstDone.opened;
        return read;
      },
      record: states.record.bind(states),
    };

    // Act
    const second = send(chunk, NOW, { states: stale });
    const first = await send(chunk);
    firstDone.open();

    // Assess: the ledger says sent; the second sender records the state and sends nothing.
    expect(first).toMatchObject({ sent: 3 });
    expect(await second).toMatchObject({ sent: 0, alreadySent: 3 });
    expect(mailer.recipients()).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
  });

  it('sends nothing to a reader who unsubscribed after planning, or whose cadence changed', async () => {
    // Prepare
    const { mailer, readers, plan, send } = await setUp([daily('gone@example.com'), daily('weekly-now@example.com'), daily('stays@example.com')]);
    const chunk = await onlyChunk(plan());
    await readers.unsubscribe('gone@example.com', 'one-click', NOW);
    await readers.import([{ email: 'weekly-now@example.com', topics: ['*'], cadence: 'weekly' }], { now: NOW });

    // Act
    const summary = await send(chunk);

    // Assess
    expect(summary).toMatchObject({ readers: 3, sent: 1, notMailable: 2 });
    expect(mailer.recipients()).toEqual(['stays@example.com']);
  });

  it('counts a reader whose item is gone as not mailable', async () => {
    const { mailer, readers, plan, send } = await setUp([daily('erased@example.com'), daily('stays@example.com')]);
    const chunk = await onlyChunk(plan());
    await readers.remove('erased@example.com');

    expect(await send(chunk)).toMatchObject({ sent: 1, notMailable: 1 });
    expect(mailer.recipients()).toEqual(['stays@example.com']);
    expect(await readers.get('erased@example.com')).toBeNull();
  });

  it('skips readers a newer run already mailed when an older run\'s chunk arrives late', async () => {
    // Prepare: yesterday's chunk is still queued when today's run has mailed everybody.
    const { mailer, publish, plan, send } = await setUp([daily('a@example.com'), daily('b@example.com')]);
    const yesterday = await onlyChunk(plan());
    await publish(storedArticle({ id: 'w2', headline: 'Talks resume on port strike', storedAt: '2026-11-25T08:00:00.000Z' }));
    const today = await onlyChunk(plan(minutesAfterNow(24 * 60)));
    expect(await send(today, minutesAfterNow(24 * 60))).toMatchObject({ sent: 2 });

    // Act
    const late = await send(yesterday, minutesAfterNow(24 * 60 + 5));

    // Assess
    expect(late).toMatchObject({ sent: 0, superseded: 2 });
    expect(mailer.sent).toHaveLength(2);
  });

  it('hands back the readers not begun before the deadline, and sending those as a chunk mails each once', async () => {
    // Prepare: each mail takes 10 s of the sender's clock; it must stop beginning readers 30 s before its deadline.
    const emails = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => `${name}@example.com`);
    const { mailer, plan, send } = await setUp(emails.map((email) => daily(email)));
    const chunk = await onlyChunk(plan());
    let clock = NOW.getTime();
    mailer.beforeSend = () => {
      clock += 10_000;
    };

    // Act
    const first = await send(chunk, NOW, { now: () => new Date(clock), deadline: minutesAfterNow(1), stopBeforeDeadlineMs: 30_000, concurrency: 1 });
    const handedBack: DigestChunk = { ...chunk, readers: [...first.unsent] };
    const rest = await send(handedBack, minutesAfterNow(2));
    const repeat = await send(chunk, minutesAfterNow(3));

    // Assess: three sent in the first 30 s, the other three handed back in chunk order.
    expect(first).toMatchObject({ readers: 6, sent: 3, deferred: 0 });
    expect(first.unsent).toEqual(chunk.readers.slice(3));
    expect(rest).toMatchObject({ readers: 3, sent: 3, unsent: [] });
    expect(repeat).toMatchObject({ sent: 0, nothingNew: 6 });
    expect(mailer.recipients()).toEqual(emails);
  });

  it('after a sender killed half way, sends only what is missing (its claims are taken over after the lease)', async () => {
    // Prepare: three readers, one at a time; the send to the second never returns (the sender dies there).
    const emails = ['a', 'b', 'c'].map((name) => `${name}@example.com`);
    const { mailer, plan, send } = await setUp(emails.map((email) => daily(email)));
    const chunk = await onlyChunk(plan());
    // Readers go in the chunk's order (the index's), so "the second" is read from it.
    const emailOf = new Map(emails.map((email) => [addressHash(email), email]));
    const [first, second, third] = chunk.readers.map((hash) => emailOf.get(hash)!);
    const dying = hangingOn(second!, mailer);
    void send(chunk, NOW, { mailer: dying, concurrency: 1, deadline: minutesAfterNow(15) }); // abandoned, as a killed Lambda would be
    await dying.reached;
    expect(mailer.recipients()).toEqual([first]);

    // Act: the chunk comes back within the lease, and again after it.
    const soon = await send(chunk, minutesAfterNow(5));
    const later = await send(chunk, minutesAfterNow(16));

    // Assess: the second reader's claim is left alone until its lease lapses; everyone got one mail.
    expect(soon).toMatchObject({ sent: 1, nothingNew: 1, deferred: 1 });
    expect(later).toMatchObject({ sent: 1, nothingNew: 2, deferred: 0 });
    expect(mailer.sent.map((mail) => mail.to[0])).toEqual([first, third, second]);
  });

  it('lets the retry just after a killed sender\'s deadline send what that sender left', async () => {
    // Prepare: the sender knows its invocation ends in a minute; its send to the chunk's second reader never returns.
    const emails = ['a@example.com', 'b@example.com'];
    const { mailer, plan, send } = await setUp(emails.map((email) => daily(email)));
    const chunk = await onlyChunk(plan());
    const second = emails.find((email) => addressHash(email) === chunk.readers[1])!;
    const dying = hangingOn(second, mailer);
    void send(chunk, NOW, { mailer: dying, concurrency: 1, deadline: minutesAfterNow(1) });
    await dying.reached;

    // Act: the message comes back after the visibility timeout, past the deadline.
    const retry = await send(chunk, minutesAfterNow(2));

    // Assess
    expect(retry).toMatchObject({ sent: 1, alreadySent: 0, nothingNew: 1, deferred: 0 });
    expect(mailer.recipients()).toEqual(emails);
  });

  it('does not send again, even after the claim\'s lease, when the ledger cannot record a sent mail', async () => {
    const { stateOf, mailer, deps, plan, send } = await setUp([daily('all@example.com')]);
    const chunk = await onlyChunk(plan());
    const flaky = Object.create(deps.ledger) as typeof deps.ledger;
    flaky.markSent = async () => {
      throw new Error('DynamoDB unavailable');
    };

    const first = await send(chunk, NOW, { ledger: flaky });
    const retry = await send(chunk, minutesAfterNow(1));
    const afterLease = await send(chunk, minutesAfterNow(25));

    // The reader's state was recorded: retries find nothing new and never reach the stale claim.
    expect(first).toMatchObject({ sent: 1, deferred: 0 });
    expect(retry).toMatchObject({ sent: 0, nothingNew: 1 });
    expect(afterLease).toMatchObject({ sent: 0, nothingNew: 1 });
    expect(await stateOf('all@example.com')).toMatchObject({ deliveredThrough: '2026-11-24T11:55:00.000Z' });
    expect(mailer.sent).toHaveLength(1);
  });

  it('does not send again when the reader\'s state cannot be recorded after a mail went out', async () => {
    const { stateOf, mailer, states, plan, send } = await setUp([daily('all@example.com')]);
    const chunk = await onlyChunk(plan());
    const flaky = {
      loadMany: states.loadMany.bind(states),
      record: async () => {
        throw new TransientStoreError('DynamoDB is unavailable: UpdateItem (HTTP 503)');
      },
    };

    const first = await send(chunk, NOW, { states: flaky });
    const retry = await send(chunk, minutesAfterNow(25));

    // The ledger says sent: the retry skips the mail and records the state then.
    expect(first).toMatchObject({ sent: 1, deferred: 0 });
    expect(retry).toMatchObject({ sent: 0, alreadySent: 1 });
    expect(await stateOf('all@example.com')).toMatchObject({ deliveredThrough: '2026-11-24T11:55:00.000Z' });
    expect(mailer.sent).toHaveLength(1);
  });

  it('defers only the reader whose state the store cannot read, and sends to the others', async () => {
    // Prepare: the bucket fails reading b's state of an earlier version.
    const { mailer, deps, plan, send } = await setUp(['a', 'b', 'c'].map((name) => daily(`${name}@example.com`)));
    const chunk = await onlyChunk(plan());
    const legacy = deps.legacyState!;
    const flaky = {
      receivedIds: async (subscriberKey: string) => {
        if (subscriberKey === subscriberKeyFor('b@example.com')) throw new TransientStoreError('S3 is unavailable: GetObject (HTTP 503)');
        return legacy.receivedIds(subscriberKey);
      },
    };

    // Act
    const first = await send(chunk, NOW, { legacyState: flaky });
    const retry = await send(chunk, minutesAfterNow(1));

    // Assess
    expect(first).toMatchObject({ sent: 2, deferred: 1 });
    expect(retry).toMatchObject({ sent: 1, nothingNew: 2, deferred: 0 });
    expect(mailer.recipients()).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
  });

  it('does not plan unsubscribed and suppressed readers, and sends the rest without the topics they stopped', async () => {
    // Prepare
    const { mailer, readers, run } = await setUp([daily('gone@example.com'), daily('bounced@example.com'), daily('stays@example.com')]);
    await readers.unsubscribe('Gone@Example.com', 'one-click', NOW);
    await readers.suppress('bounced@example.com', 'hard-bounce: Permanent/General', NOW);
    await readers.stopTopic('stays@example.com', 'sport', NOW);

    // Act
    const summary = await run();

    // Assess: only the reader who stayed, with world news and no sport.
    expect(summary).toMatchObject({ readers: 1, sent: 1 });
    expect(mailer.sent.map((mail) => mail.to)).toEqual([['stays@example.com']]);
    expect(mailer.sent[0]!.raw).toContain('Summit ends with climate deal');
    expect(mailer.sent[0]!.raw).not.toContain('Riverside win the cup');
  });

  it('records a permanent refusal and does not retry it; releases a transient failure for the retry', async () => {
    const { mailer, publish, plan, send } = await setUp([daily('all@example.com')]);
    const chunk = await onlyChunk(plan());
    mailer.failWith = new TransientMailError('SES throttled');
    expect(await send(chunk)).toMatchObject({ sent: 0, deferred: 1 });
    mailer.failWith = null;
    expect(await send(chunk, minutesAfterNow(1))).toMatchObject({ sent: 1 });

    await publish(storedArticle({ id: 'w3', storedAt: '2026-11-25T08:00:00.000Z' }));
    const tomorrow = await onlyChunk(plan(minutesAfterNow(24 * 60)));
    mailer.failWith = new PermanentMailError('MessageRejected: address on suppression list');
    const refused = await send(tomorrow, minutesAfterNow(24 * 60));
    mailer.failWith = null;
    const retried = await send(tomorrow, minutesAfterNow(24 * 60 + 1));

    expect(refused).toMatchObject({ failed: 1, deferred: 0 });
    expect(retried).toMatchObject({ sent: 0, alreadySent: 1 });
    expect(mailer.sent).toHaveLength(1);
  });

  it('stops the chunk at the SES daily quota: the rest is deferred without an attempt', async () => {
    const { mailer, plan, send } = await setUp(['a', 'b', 'c'].map((name) => daily(`${name}@example.com`)));
    const chunk = await onlyChunk(plan());
    let attempts = 0;
    mailer.beforeSend = () => {
      attempts++;
    };
    mailer.failWith = new DailyQuotaExceededError('SES daily sending quota exceeded');

    const summary = await send(chunk, NOW, { concurrency: 1 });
    expect(summary).toMatchObject({ sent: 0, deferred: 3, stoppedForQuota: true, unsent: [] });
    expect(attempts).toBe(1);
    mailer.failWith = null;
    const tomorrow = await send(chunk, minutesAfterNow(24 * 60));

    // The claim that hit the quota was given back: the next attempt sends all three.
    expect(tomorrow).toMatchObject({ sent: 3, stoppedForQuota: false });
  });
});

describe('sendDigestChunk and the web archive', () => {
  const signing = parseSigningKeys(JSON.stringify({ current: '1', key1: 'k'.repeat(48) }));

  it('publishes each distinct digest\'s web version once and links it from every mail that holds it, with nothing personal in the page', async () => {
    // Prepare: two readers of every topic (one digest), one of sport only (another), each named, with signed links.
    const readers = [
      { email: 'ada.lovelace@example.com', name: 'Ada Lovelace', topics: ['*'], cadence: 'daily' as const },
      { email: 'grace.hopper@example.com', name: 'Grace Hopper', topics: ['*'], cadence: 'daily' as const },
      { email: 'alan.turing@example.com', name: 'Alan Turing', topics: ['sport'], cadence: 'daily' as const },
    ];
    const { store, mailer, run } = await setUp(readers);
    const archive = new WebArchive(store, 'https://d111.cloudfront.net');
    const links = unsubscribeLinks('https://unsub.example.org/', signing, () => NOW);

    // Act
    expect(await run(NOW, { links, webArchive: archive })).toMatchObject({ sent: 3 });

    // Assess: two pages, named by their bytes.
    const pages = store.keys().filter((key) => key.startsWith('archive/'));
    expect(pages).toHaveLength(2);
    for (const key of pages) expect(key).toMatch(/^archive\/digests\/[0-9a-f]{32}\.html$/);
    const mails = await Promise.all(mailer.sent.map(async (sent) => ({ to: sent.to[0]!, mail: await simpleParser(sent.raw) })));
    const linked = new Map<string, string>();
    for (const { to, mail } of mails) {
      const url = /<a href="(https:\/\/d111\.cloudfront\.net\/digests\/[0-9a-f]{32}\.html)">View in browser<\/a>/.exec(mail.html as string)?.[1];
      expect(url, to).toBeDefined();
      expect(mail.text).toContain(`View in browser: ${url}`);
      linked.set(to, url!);
    }
    expect(linked.get('ada.lovelace@example.com')).toBe(linked.get('grace.hopper@example.com'));
    expect(linked.get('alan.turing@example.com')).not.toBe(linked.get('ada.lovelace@example.com'));
    expect(pages.map((key) => archive.urlOf(key.slice('archive/'.length))).sort()).toEqual([...new Set(linked.values())].sort());

    const everyPersonalThing = readers.flatMap((reader) => [reader.email, reader.email.split('@')[0]!, reader.name, addressHash(reader.email), subscriberKeyFor(reader.email)]);
    const mailLinks = mails.flatMap(({ mail }) => [...(mail.html as string).matchAll(/href="(https:\/\/unsub\.example\.org\/[^"]+)"/g)].map((match) => match[1]!));
    expect(mailLinks.length).toBeGreaterThan(0);
    for (const key of pages) {
      const page = new TextDecoder().decode((await store.get(key))!.body);
      expect(page).toContain('Riverside win the cup');
      for (const personal of everyPersonalThing) expect(page).not.toContain(personal);
      for (const link of mailLinks) {
        expect(page).not.toContain(link);
        expect(page).not.toContain(new URL(link.replaceAll('&amp;', '&')).searchParams.get('s')!);
      }
      expect(page).not.toMatch(/unsub\.example\.org|unsubscribe|You receive this|\byour\b|\{\{/i);
    }
  });

  it('sends the mail without the link when its web version cannot be written', async () => {
    const { mailer, run } = await setUp([daily('all@example.com')]);
    const { logger, lines } = capturedLogs('digest-sender');
    const failing = { publishDigestPage: async () => Promise.reject(new TransientStoreError('S3 is unavailable: PutObject (HTTP 503)')) };

    const counts = await run(NOW, { webArchive: failing, logger });

    expect(counts).toMatchObject({ sent: 1, deferred: 0 });
    expect(mailer.sent[0]!.raw).not.toContain('View in browser');
    expect(lines).toContainEqual(expect.objectContaining({ level: 'WARN', message: 'web version not published; the digest goes out without its link' }));
  });
});

describe('sendDigestChunk and reader state of earlier versions', () => {
  it('honours the S3 state of a reader mailed by an earlier version, and reads it only for their first digest', async () => {
    // Prepare: ada received w1 under the earlier version; bob has no earlier state.
    const { stateOf, mailer, store, deps, publish, run } = await setUp([daily('ada@example.com'), daily('bob@example.com')]);
    await store.put(subscriberStateKey(subscriberKeyFor('ada@example.com')), JSON.stringify({ received: { w1: '2026-11-23T12:00:00.000Z' } }));
    const legacy = deps.legacyState!;
    const reads: string[] = [];
    const counted = {
      receivedIds: (subscriberKey: string) => {
        reads.push(subscriberKey);
        return legacy.receivedIds(subscriberKey);
      },
    };

    // Act: today's run, then tomorrow's with one more article.
    const today = await run(NOW, { legacyState: counted });
    const todaysReads = [...reads];
    await publish(storedArticle({ id: 'w2', headline: 'Talks resume on port strike', storedAt: '2026-11-25T08:00:00.000Z' }));
    const tomorrow = await run(minutesAfterNow(24 * 60), { legacyState: counted });

    // Assess
    expect(today).toMatchObject({ sent: 2 });
    expect([...todaysReads].sort()).toEqual([subscriberKeyFor('ada@example.com'), subscriberKeyFor('bob@example.com')].sort());
    const mailTo = (email: string) => mailer.sent.filter((mail) => mail.to[0] === email).map((mail) => mail.raw);
    expect(mailTo('ada@example.com')[0]).toContain('Riverside win the cup');
    expect(mailTo('ada@example.com')[0]).not.toContain('Summit ends with climate deal');
    expect(mailTo('bob@example.com')[0]).toContain('Summit ends with climate deal');
    expect(tomorrow).toMatchObject({ sent: 2 });
    expect(reads).toEqual(todaysReads);
    expect(mailTo('ada@example.com')[1]).toContain('Talks resume on port strike');
    expect(mailTo('ada@example.com')[1]).not.toContain('Riverside win the cup');
    expect(await stateOf('ada@example.com')).toMatchObject({ deliveredThrough: '2026-11-25T11:55:00.000Z' });
  });
});

describe('sendDigestChunk and the delivery watermark', () => {
  it('sends the next run an article whose index entry was written after a run had started, though stored before it', async () => {
    // Prepare: today's run does not see the late entry (it is written after the run read the index).
    const { mailer, publish, run } = await setUp([daily('ada@example.com')], [worldArticle()]);
    expect(await run()).toMatchObject({ sent: 1 });
    const late = storedArticle({ id: 'late', headline: 'Late report from the harbour', storedAt: '2026-11-24T10:30:00.000Z' });
    // Stamped 11:58, after today's watermark (11:55), though stored at 10:30.
    await publish(late, new Date('2026-11-24T11:58:00.000Z'));

    // Act
    const tomorrow = await run(minutesAfterNow(24 * 60));

    // Assess
    expect(tomorrow).toMatchObject({ sent: 1 });
    expect(mailer.sent[1]!.raw).toContain('Late report from the harbour');
    expect(mailer.sent[1]!.raw).not.toContain('Summit ends with climate deal');
  });

  it('does not send again an article of the settle window that the reader already received (runs a minute apart)', async () => {
    // Prepare: "fresh" is indexed at 11:57, after the watermark of the 12:00 run (11:55) and of the 12:01 run (11:56).
    const fresh = storedArticle({ id: 'fresh', headline: 'Fresh report from the summit', storedAt: '2026-11-24T11:57:00.000Z' });
    const { stateOf, mailer, publish, run } = await setUp([daily('ada@example.com')], [worldArticle(), fresh]);
    expect(await run()).toMatchObject({ sent: 1 });
    expect(await stateOf('ada@example.com')).toMatchObject({ deliveredThrough: '2026-11-24T11:55:00.000Z', recentArticleIds: ['fresh'] });
    await publish(storedArticle({ id: 'newer', headline: 'Newer report on the talks', storedAt: '2026-11-24T12:00:30.000Z' }));

    // Act: a run a minute later, and one a minute after that.
    const next = await run(minutesAfterNow(1));
    const third = await run(minutesAfterNow(2));

    // Assess: the second mail has only the newer article; the third run finds nothing new.
    expect(next).toMatchObject({ sent: 1 });
    expect(mailer.sent[1]!.raw).toContain('Newer report on the talks');
    expect(mailer.sent[1]!.raw).not.toContain('Fresh report from the summit');
    expect(third).toMatchObject({ sent: 0, nothingNew: 1 });
    expect(mailer.sent).toHaveLength(2);
    // The second run's watermark (11:56) is below "fresh", so both stay remembered; the third recorded nothing.
    expect(await stateOf('ada@example.com')).toMatchObject({ deliveredThrough: '2026-11-24T11:56:00.000Z', recentArticleIds: ['fresh', 'newer'] });
  });
});

describe('sendDigestChunk logs and metrics', () => {
  async function observed(subscribers: SubscriberRow[]) {
    const setup = await setUp(subscribers);
    const { logger, lines } = capturedLogs('digest-sender');
    const metrics = new RecordingMetrics();
    const chunk = await onlyChunk(setup.plan());
    const send = (at = NOW, overrides: Partial<ChunkSendDependencies> = {}) => setup.send(chunk, at, { logger, metrics, ...overrides });
    const sendLines = () => lines.filter((line) => 'outcome' in line);
    return { ...setup, chunk, send, lines, sendLines, metrics };
  }

  it('writes one line per mail sent, with the digest id, the hashed subscriber and the SES MessageId, never the address', async () => {
    // Prepare
    const { send, lines, sendLines, metrics } = await observed([daily('ada@example.com'), daily('bob@example.com')]);
    // Act
    const summary = await send();
    // Assess
    const sent = sendLines();
    expect(sent).toHaveLength(2);
    expect(sent.map((line) => line['subscriberKey']).sort()).toEqual([subscriberKeyFor('ada@example.com'), subscriberKeyFor('bob@example.com')].sort());
    expect(sent.map((line) => line['messageId']).sort()).toEqual(['m-1', 'm-2']);
    for (const line of sent) {
      expect(line).toMatchObject({ level: 'INFO', message: 'digest sent', outcome: 'sent', cadence: 'daily', runId: summary.runId, articles: 2 });
      expect(line['digestId']).toMatch(/^[0-9a-f]{20}$/);
    }
    expect(JSON.stringify(lines)).not.toMatch(/ada@|bob@/);
    expect(metrics.total('MailsSent', { cadence: 'daily' })).toBe(2);
    expect(lines.at(-1)).toEqual(
      expect.objectContaining({ message: 'digest chunk finished', runId: summary.runId, readers: 2, sent: 2, deferred: 0, handedBack: 0, stoppedForQuota: false }),
    );
    expect(lines.at(-1)).not.toHaveProperty('unsent');
  });

  it('writes one line for a refused mail and one for a deferred one, counted as failed and deferred', async () => {
    const { send, mailer, sendLines, metrics } = await observed([daily('ada@example.com')]);
    mailer.failWith = new TransientMailError('SES throttled');
    await send();
    mailer.failWith = new PermanentMailError('MessageRejected: address on suppression list');
    await send(minutesAfterNow(1));

    expect(sendLines()).toEqual([
      expect.objectContaining({ level: 'ERROR', outcome: 'deferred', subscriberKey: subscriberKeyFor('ada@example.com'), error: expect.objectContaining({ name: 'TransientMailError' }) }),
      expect.objectContaining({ level: 'ERROR', outcome: 'failed', subscriberKey: subscriberKeyFor('ada@example.com'), error: expect.objectContaining({ code: 'send-rejected' }) }),
    ]);
    expect(metrics.total('MailsDeferred')).toBe(1);
    expect(metrics.total('MailsFailed', { cadence: 'daily' })).toBe(1);
    expect(metrics.total('MailsSent')).toBe(0);
  });

  it('writes a single line when a sent mail cannot be recorded at all, and one deferred line when a retry meets its claim', async () => {
    const { deps, states, send, sendLines, metrics } = await observed([daily('ada@example.com')]);
    const flakyLedger = Object.create(deps.ledger) as typeof deps.ledger;
    flakyLedger.markSent = async () => {
      throw new Error('DynamoDB unavailable');
    };
    const flakyStates = {
      loadMany: states.loadMany.bind(states),
      record: async () => {
        throw new Error('DynamoDB unavailable too');
      },
    };

    await send(NOW, { ledger: flakyLedger, states: flakyStates });
    await send(minutesAfterNow(1));

    const [sent, deferred, ...rest] = sendLines();
    expect(rest).toEqual([]);
    expect(sent).toMatchObject({ level: 'ERROR', message: 'digest sent but not fully recorded', outcome: 'sent', messageId: 'm-1', error: { message: 'DynamoDB unavailable' } });
    expect(deferred).toMatchObject({ level: 'WARN', outcome: 'deferred', digestId: sent?.['digestId'], leaseUntil: expect.any(String) });
    expect(metrics.total('MailsSent')).toBe(1);
    expect(metrics.total('MailsDeferred')).toBe(1);
  });

  it('counts every mail held back by the daily quota but logs only the attempt that hit it', async () => {
    const { send, mailer, sendLines, metrics } = await observed([daily('ada@example.com'), daily('bob@example.com'), daily('cy@example.com')]);
    mailer.failWith = new DailyQuotaExceededError('SES daily sending quota exceeded');

    const summary = await send(NOW, { concurrency: 1 });

    expect(summary).toMatchObject({ deferred: 3, stoppedForQuota: true });
    expect(sendLines()).toEqual([expect.objectContaining({ level: 'WARN', outcome: 'deferred', reason: 'daily-quota' })]);
    expect(metrics.total('MailsDeferred', { cadence: 'daily' })).toBe(3);
  });

  it('says in the chunk\'s last line how many readers it handed back before the deadline', async () => {
    const { send, lines } = await observed([daily('ada@example.com'), daily('bob@example.com')]);

    // Already past deadline − 30 s: nobody is begun.
    const summary = await send(NOW, { deadline: new Date(NOW.getTime() + 20_000) });

    expect(summary).toMatchObject({ sent: 0, deferred: 0 });
    expect(summary.unsent).toHaveLength(2);
    expect(lines).toEqual([expect.objectContaining({ message: 'digest chunk finished', readers: 2, handedBack: 2 })]);
  });
});
