import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../lambda/log.js';
import { ingestObject, type IngestDependencies } from '../../../lambda/pipeline/ingest-object.js';
import { ArticleRepository } from '../../../lambda/store/article-repository.js';
import { MemoryObjectStore } from '../../../lambda/store/memory-object-store.js';
import { RejectionRepository } from '../../../lambda/store/rejection-repository.js';
import { CustomTopicMatcher } from '../../../lambda/topics/custom-topic.js';
import type { TopicPrediction } from '../../../lambda/topics/topic.js';

const ARTICLE = `Ministers agree new trade rules after overnight talks

By Jane Example
Published 20 November 2026

Trade ministers from twelve countries agreed on Friday to cut tariffs on farm goods after talks that ran through the night.

"This is a fair deal for farmers and for consumers," the chair of the talks told reporters.

The agreement must still be ratified by each national parliament before it takes effect next year.
`;

function dependencies(store = new MemoryObjectStore(), maxArticleBytes = 1024 * 1024): IngestDependencies & { store: MemoryObjectStore; classified: string[] } {
  const classified: string[] = [];
  const classify = (article: { headline: string }): TopicPrediction => {
    classified.push(article.headline);
    return { label: 'business', confidence: 0.8, scores: { world: 0.1, politics: 0.05, business: 0.8, technology: 0.03, sport: 0.01, entertainment: 0.01 } };
  };
  return {
    store,
    articles: new ArticleRepository(store),
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
    const deps = dependencies();
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
    const deps = dependencies();
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
    const deps = dependencies();
    await deps.store.put('incoming/bad file.txt', bytes);

    const result = await ingestObject(origin('incoming/bad file.txt'), deps);

    expect(result).toMatchObject({ status: 'rejected', code, rejectionKey: 'rejected/bad file.txt.error.json' });
    const rejection = JSON.parse(new TextDecoder().decode((await deps.store.get('rejected/bad file.txt.error.json'))!.body));
    expect(rejection).toMatchObject({ code, origin: origin('incoming/bad file.txt') });
    expect(rejection.message.length).toBeGreaterThan(5);
    expect(await deps.store.get('incoming/bad file.txt')).not.toBeNull();
    expect(deps.store.keys().some((key) => key.startsWith('articles/'))).toBe(false);
  });

  it('rejects an object above the size cap before downloading it', async () => {
    const deps = dependencies(new MemoryObjectStore(), 100);
    await deps.store.put('incoming/huge.txt', ARTICLE);

    const result = await ingestObject(origin('incoming/huge.txt'), deps);

    expect(result).toMatchObject({ status: 'rejected', code: 'too-large' });
  });

  it('skips keys outside incoming/ and objects deleted since the event', async () => {
    const deps = dependencies();

    expect((await ingestObject(origin('articles/x.json'), deps)).status).toBe('skipped');
    expect((await ingestObject(origin('incoming/gone.txt'), deps)).status).toBe('skipped');
  });
});
