import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../lambda/log.js';
import { storyFeaturesOf } from '../../../lambda/digest/story-features.js';
import { ParseDeadline } from '../../../lambda/article/parse-deadline.js';
import { ingestObject, type IngestDependencies } from '../../../lambda/pipeline/ingest-object.js';
import type { DynamoDbArticleIndex } from '../../../lambda/store/article-index.js';
import { ArticleRepository } from '../../../lambda/store/article-repository.js';
import { MemoryObjectStore } from '../../../lambda/store/memory-object-store.js';
import { RejectionRepository } from '../../../lambda/store/rejection-repository.js';
import { CustomTopicMatcher } from '../../../lambda/topics/custom-topic.js';
import type { TopicPrediction } from '../../../lambda/topics/topic.js';
import { capturedLogs } from '../../support/captured-logs.js';
import { encodeSingleByte } from '../../support/legacy-encoding.js';
import { useTestDynamoDb } from '../../support/dynamodb-emulator.js';
import { RecordingMetrics } from '../../support/recording-metrics.js';
import { TRADE_TALKS_ARTICLE as ARTICLE } from '../../support/trade-talks-article.js';


const RUSSIAN_PAGE = readFileSync(new URL('../../fixtures/charset/russian-article.html', import.meta.url), 'utf8');
const RUSSIAN_HEADLINE = 'Лавров и Райс договорились продолжить консультации по ПРО в декабре';

/** The article index is DynamoDB (dynalite, in memory); each test gets a table of its own. */
const dynamo = useTestDynamoDb();

async function dependencies(store = new MemoryObjectStore(), maxArticleBytes = 1024 * 1024): Promise<IngestDependencies & { store: MemoryObjectStore; classified: string[] }> {
  const classified: string[] = [];
  const classify = (article: { headline: string }): TopicPrediction => {
    classified.push(article.headline);
    return { label: 'business', confidence: 0.8, scores: { world: 0.1, politics: 0.05, business: 0.8, technology: 0.03, sport: 0.01, entertainment: 0.01 } };
  };
  return {
    store,
    articles: new ArticleRepository(store),
    ...(await dynamo().freshArticleTable()),
    rejections: new RejectionRepository(store),
    classify,
    customTopics: new CustomTopicMatcher([{ name: 'trade-deals', any: ['tariffs', 'trade agreement'], all: ['ministers'] }]),
    confidenceThreshold: 0.85,
    maxArticleBytes,
    logger: silentLogger,
    now: () => new Date('2026-11-24T12:00:00Z'),
    classified,
  };
}

const origin = (key: string, etag = '"e1"') => ({ bucket: 'news', key, versionId: null, etag });

describe('ingestObject', () => {
  it('parses, classifies and stores a dropped article', async () => {
    // Prepare
    const deps = await dependencies();
    await deps.store.put('incoming/trade.txt', ARTICLE, { metadata: { source: 'Example Wire' } });
    // Act
    const result = await ingestObject(origin('incoming/trade.txt'), deps);
    // Assess
    expect(result).toMatchObject({ status: 'stored', topic: 'business' });
    const key = (result as { key: string }).key;
    expect(key).toMatch(/^articles\/2026\/11\/24\/[0-9a-f]{24}\.json$/);
    const stored = JSON.parse(new TextDecoder().decode((await deps.store.get(key))!.body));
    expect(stored).toMatchObject({
      headline: 'Ministers agree new trade rules after overnight talks',
      source: 'Example Wire',
      topic: { label: 'business', confidence: 0.8, lowConfidence: true },
      customTopics: ['trade-deals'],
      origin: origin('incoming/trade.txt'),
      storedAt: '2026-11-24T12:00:00.000Z',
    });
    expect(deps.classified[0]).toContain('Ministers agree new trade rules');
  });

  it('reports a redelivered event as a duplicate without reading the object again', async () => {
    const deps = await dependencies();
    await deps.store.put('incoming/trade.txt', ARTICLE);
    await ingestObject(origin('incoming/trade.txt'), deps);

    const again = await ingestObject(origin('incoming/trade.txt'), deps);

    expect(again.status).toBe('duplicate');
    expect(deps.classified).toHaveLength(1);
  });

  it.each([
    ['empty', new Uint8Array(), 'empty'],
    ['binary (PNG)', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]), 'unsupported-content'],
  ])('rejects %s input with a reason and keeps the original', async (_case, bytes, code) => {
    const deps = await dependencies();
    await deps.store.put('incoming/bad file.txt', bytes);

    const result = await ingestObject(origin('incoming/bad file.txt'), deps);

    expect(result).toMatchObject({ status: 'rejected', code, rejectionKey: 'rejected/bad file.txt.error.json' });
    const rejection = JSON.parse(new TextDecoder().decode((await deps.store.get('rejected/bad file.txt.error.json'))!.body));
    expect(rejection).toMatchObject({ code, origin: origin('incoming/bad file.txt') });
    expect(rejection.message.length).toBeGreaterThan(5);
    expect(await deps.store.get('incoming/bad file.txt')).not.toBeNull();
    expect(deps.store.keys().some((key) => key.startsWith('articles/'))).toBe(false);
  });

  it('reads the file in the charset its Content-Type names, over a <meta> left from another encoding', async () => {
    const deps = await dependencies();
    const page = RUSSIAN_PAGE.replace('<head>', '<head><meta charset="windows-1251">');
    await deps.store.put('incoming/lavrov.html', encodeSingleByte(page, 'koi8-r'), { contentType: 'text/html; charset=koi8-r' });

    const result = await ingestObject(origin('incoming/lavrov.html'), deps);

    const stored = JSON.parse(new TextDecoder().decode((await deps.store.get((result as { key: string }).key))!.body));
    expect(stored.headline).toBe(RUSSIAN_HEADLINE);
    expect(stored.source).toBe('РИА Новости');
  });

  it('stores the language and flags a confident topic lowConfidence when the model was not trained on it; keyword topics still apply', async () => {
    // Prepare: the classifier is sure of itself; the operator has a keyword topic in Russian.
    const deps = {
      ...(await dependencies()),
      classify: (): TopicPrediction => ({ label: 'sport', confidence: 0.97, scores: { world: 0.01, politics: 0.01, business: 0.004, technology: 0.003, sport: 0.97, entertainment: 0.003 } }),
      customTopics: new CustomTopicMatcher([{ name: 'lavrov', any: ['Лавров'] }]),
    };
    await deps.store.put('incoming/lavrov.html', encodeSingleByte(RUSSIAN_PAGE, 'windows-1251'));
    await deps.store.put('incoming/trade.txt', ARTICLE);
    // Act
    const russian = await ingestObject(origin('incoming/lavrov.html'), deps);
    const english = await ingestObject(origin('incoming/trade.txt'), deps);
    // Assess
    const read = async (result: typeof russian) => JSON.parse(new TextDecoder().decode((await deps.store.get((result as { key: string }).key))!.body));
    expect(await read(russian)).toMatchObject({ language: 'ru', topic: { label: 'sport', confidence: 0.97, lowConfidence: true }, customTopics: ['lavrov'] });
    expect(await read(english)).toMatchObject({ language: 'en', topic: { label: 'sport', confidence: 0.97, lowConfidence: false } });
  });

  it('rejects an object above the size cap before downloading it', async () => {
    const deps = await dependencies(new MemoryObjectStore(), 100);
    await deps.store.put('incoming/huge.txt', ARTICLE);

    const result = await ingestObject(origin('incoming/huge.txt'), deps);

    expect(result).toMatchObject({ status: 'rejected', code: 'too-large' });
  });

  it('skips keys outside incoming/ and objects deleted since the event', async () => {
    const deps = await dependencies();

    expect((await ingestObject(origin('articles/x.json'), deps)).status).toBe('skipped');
    expect((await ingestObject(origin('incoming/gone.txt'), deps)).status).toBe('skipped');
  });
});

/** A word of its own for each number: syllables as digits. */
const SYLLABLES = 'ka ro mi tes van dor li sa ne gul bar ost ria fen mo zu tal ber in ash'.split(' ');
function inventedWord(n: number): string {
  let word = '';
  for (let rest = n + SYLLABLES.length; rest > 0; rest = Math.floor(rest / SYLLABLES.length)) word += SYLLABLES[rest % SYLLABLES.length];
  return word;
}

describe('ingestObject and files that would stall a batch', () => {
  const page = `<!doctype html><html><head><title>Harbour page</title></head><body><p>${'<b>x</b>'.repeat(120_000)}</p></body></html>`;

  it('rejects a file past the DOM budget as too-complex, keeps it, and stores the file after it', async () => {
    const deps = await dependencies(new MemoryObjectStore(), 5 * 1024 * 1024);
    await deps.store.put('incoming/bold.html', page);
    await deps.store.put('incoming/trade.txt', ARTICLE);

    const hostile = await ingestObject(origin('incoming/bold.html'), deps);
    const next = await ingestObject(origin('incoming/trade.txt'), deps);

    expect(hostile).toMatchObject({ status: 'rejected', code: 'too-complex', rejectionKey: 'rejected/bold.html.error.json' });
    const rejection = JSON.parse(new TextDecoder().decode((await deps.store.get('rejected/bold.html.error.json'))!.body));
    expect(rejection).toMatchObject({ code: 'too-complex', message: expect.stringMatching(/more than 100,000 DOM nodes/), origin: origin('incoming/bold.html') });
    expect(await deps.store.get('incoming/bold.html')).not.toBeNull();
    expect(next).toMatchObject({ status: 'stored' });
  });

  it('rejects a file that takes longer than its parse budget as too-complex', async () => {
    // A clock that moves on 600 ms at each reading: the 1,000 ms budget is spent by the second check.
    let now = -600;
    const deps = { ...(await dependencies()), parseDeadline: () => new ParseDeadline(1_000, () => (now += 600)) };
    await deps.store.put('incoming/trade.txt', ARTICLE);

    const result = await ingestObject(origin('incoming/trade.txt'), deps);

    expect(result).toMatchObject({ status: 'rejected', code: 'too-complex', message: expect.stringMatching(/took longer than the 1000 ms one file may take/) });
  });

  it('stores an article of one long paragraph: its index entry still fits one DynamoDB item', async () => {
    // 30,000 words never seen together: more than 30,000 terms in the whole text and in the lede alike.
    const words = Array.from({ length: 30_000 }, (_, i) => inventedWord(i));
    const paragraph = Array.from({ length: words.length / 6 }, (_, i) => `The ${words.slice(i * 6, i * 6 + 6).join(' ')} said.`).join(' ');
    const deps = await dependencies();
    await deps.store.put('incoming/long.txt', `Harbour council approves the terminal after a long night\n\n${paragraph}\n`);

    const result = await ingestObject(origin('incoming/long.txt'), deps);

    expect(result).toMatchObject({ status: 'stored' });
  });
});

/** An S3 that accepts the drop but answers 503 when the article is stored. */
class UnavailableArticleStore extends MemoryObjectStore {
  override async put(key: string, body: Uint8Array | string, options?: Parameters<MemoryObjectStore['put']>[2]) {
    if (key.startsWith('articles/')) throw Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailable' });
    return super.put(key, body, options);
  }
}

describe('ingestObject and the article index', () => {
  it('writes an index entry with the story features, and writes it on the retry when the first attempt died before it', async () => {
    // Prepare
    const deps = await dependencies();
    await deps.store.put('incoming/trade.txt', ARTICLE, { metadata: { source: 'Example Wire' } });
    const dying = { ...deps, articleIndex: { put: async () => Promise.reject(new Error('process killed')) } };
    await expect(ingestObject(origin('incoming/trade.txt'), dying)).rejects.toThrow('process killed');
    // Act
    const retry = await ingestObject(origin('incoming/trade.txt'), deps);
    // Assess: the retry completes the article (it is not a duplicate of itself)
    expect(retry.status).toBe('stored');
    const [entry, ...others] = await (deps.articleIndex as DynamoDbArticleIndex).listStoredBetween(new Date('2026-11-24T00:00:00Z'), new Date('2026-11-25T00:00:00Z'));
    expect(others).toEqual([]);
    expect(entry).toMatchObject({ headline: 'Ministers agree new trade rules after overnight talks', source: 'Example Wire', storedAt: '2026-11-24T12:00:00.000Z', customTopics: ['trade-deals'] });
    const stored = JSON.parse(new TextDecoder().decode((await deps.store.get((retry as { key: string }).key))!.body));
    expect(entry!.storyFeatures).toEqual(storyFeaturesOf(stored));
    expect(entry!.storyFeatures.vector.indices.length).toBeGreaterThan(20);
    expect((await ingestObject(origin('incoming/trade.txt'), deps)).status).toBe('duplicate');
  });
});

describe('ingestObject logs and metrics', () => {
  async function observed(store = new MemoryObjectStore(), maxArticleBytes?: number) {
    const { logger, lines } = capturedLogs('ingest');
    const metrics = new RecordingMetrics();
    return { deps: { ...(await dependencies(store, maxArticleBytes)), logger, metrics }, lines, metrics };
  }

  it('writes one line for a stored article, with its ids, bucket, key and topic, and counts it as parsed', async () => {
    // Prepare
    const { deps, lines, metrics } = await observed();
    await deps.store.put('incoming/trade.txt', ARTICLE);
    // Act
    const result = await ingestObject(origin('incoming/trade.txt'), deps);
    // Assess
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'INFO',
      service: 'ingest',
      message: 'article stored',
      outcome: 'stored',
      bucket: 'news',
      key: 'incoming/trade.txt',
      articleId: (result as { articleId: string }).articleId,
      articleKey: (result as { key: string }).key,
      topic: 'business',
      lowConfidence: true,
      customTopics: ['trade-deals'],
    });
    expect(metrics.recorded).toEqual([{ name: 'ArticlesParsed', value: 1, dimensions: {} }]);
  });

  it('writes one line for a redelivered article and counts it as a duplicate, not as parsed', async () => {
    const { deps, lines, metrics } = await observed();
    await deps.store.put('incoming/trade.txt', ARTICLE);
    await ingestObject(origin('incoming/trade.txt'), deps);

    await ingestObject(origin('incoming/trade.txt'), deps);

    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ outcome: 'duplicate', key: 'incoming/trade.txt', articleId: lines[0]?.['articleId'] });
    expect(metrics.total('ArticlesParsed')).toBe(1);
    expect(metrics.total('ArticlesDuplicate')).toBe(1);
  });

  it('writes one warning for a rejected file with its code and counts the rejection by code', async () => {
    const { deps, lines, metrics } = await observed();
    await deps.store.put('incoming/empty.txt', new Uint8Array());

    await ingestObject(origin('incoming/empty.txt'), deps);

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'WARN',
      message: 'article rejected',
      outcome: 'rejected',
      bucket: 'news',
      key: 'incoming/empty.txt',
      code: 'empty',
      rejectionKey: 'rejected/empty.txt.error.json',
    });
    expect(lines[0]?.['articleId']).toMatch(/^[0-9a-f]{24}$/);
    expect(metrics.recorded).toEqual([{ name: 'ArticlesRejected', value: 1, dimensions: { code: 'empty' } }]);
  });

  it('writes one line for a skipped object, with the article id when the key is an article', async () => {
    const { deps, lines, metrics } = await observed();

    await ingestObject(origin('articles/x.json'), deps);
    await ingestObject(origin('incoming/gone.txt'), deps);

    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ outcome: 'skipped', key: 'articles/x.json' });
    expect(lines[0]).not.toHaveProperty('articleId');
    expect(lines[1]).toMatchObject({ outcome: 'skipped', key: 'incoming/gone.txt', reason: 'object incoming/gone.txt no longer exists' });
    expect(lines[1]?.['articleId']).toMatch(/^[0-9a-f]{24}$/);
    expect(metrics.recorded).toEqual([]);
  });

  it('writes one error line when storing fails, counts the failure and still throws for the queue to retry', async () => {
    const { deps, lines, metrics } = await observed(new UnavailableArticleStore());
    await deps.store.put('incoming/trade.txt', ARTICLE);

    await expect(ingestObject(origin('incoming/trade.txt'), deps)).rejects.toThrow('Service Unavailable');

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'ERROR',
      outcome: 'failed',
      key: 'incoming/trade.txt',
      error: { name: 'ServiceUnavailable', message: 'Service Unavailable' },
    });
    expect(metrics.recorded).toEqual([{ name: 'ArticlesFailed', value: 1, dimensions: {} }]);
  });
});
