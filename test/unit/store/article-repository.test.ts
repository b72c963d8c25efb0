import { describe, expect, it } from 'vitest';
import { ArticleRepository } from '../../../lambda/store/article-repository.js';
import { ingestedMarkerKey } from '../../../lambda/store/keys.js';
import { MemoryObjectStore } from '../../../lambda/store/memory-object-store.js';
import { storedArticle } from '../../support/article-factory.js';

function unstored(overrides: Parameters<typeof storedArticle>[0] = {}) {
  const { storedAt: _ignored, ...article } = storedArticle(overrides);
  return article;
}

describe('ArticleRepository', () => {
  it('stores an article under the day it was first stored', async () => {
    // Prepare
    const store = new MemoryObjectStore();
    const repository = new ArticleRepository(store);
    // Act
    const outcome = await repository.put(unstored({ id: 'abc' }), new Date('2026-11-24T23:59:00Z'));
    // Assess
    expect(outcome).toEqual({ status: 'stored', key: 'articles/2026/11/24/abc.json', storedAt: '2026-11-24T23:59:00.000Z' });
    expect(store.keys()).toContain('articles/2026/11/24/abc.json');
  });

  it('treats a redelivered event on a later day as a duplicate of the same key', async () => {
    const store = new MemoryObjectStore();
    const repository = new ArticleRepository(store);
    await repository.put(unstored({ id: 'abc' }), new Date('2026-11-24T23:59:00Z'));

    const second = await repository.put(unstored({ id: 'abc' }), new Date('2026-11-26T08:00:00Z'));

    expect(second).toEqual({ status: 'duplicate', key: 'articles/2026/11/24/abc.json', storedAt: '2026-11-24T23:59:00.000Z' });
    expect(store.keys().filter((key) => key.startsWith('articles/'))).toHaveLength(1);
  });

  it('completes an article whose marker was claimed before a crash, at the claimed key', async () => {
    const store = new MemoryObjectStore();
    await store.put(
      ingestedMarkerKey('abc'),
      JSON.stringify({ articleId: 'abc', articleKey: 'articles/2026/11/20/abc.json', storedAt: '2026-11-20T05:00:00.000Z' }),
    );
    const repository = new ArticleRepository(store);
    expect(await repository.isStored('abc')).toBe(false);

    const outcome = await repository.put(unstored({ id: 'abc' }), new Date('2026-11-24T10:00:00Z'));

    expect(outcome.status).toBe('stored');
    expect(outcome.key).toBe('articles/2026/11/20/abc.json');
    expect(await repository.isStored('abc')).toBe(true);
  });
});

describe('ArticleRepository revisions', () => {
  it('replaces an older revision in place and never a newer one', async () => {
    // Prepare
    const store = new MemoryObjectStore();
    const repository = new ArticleRepository(store);
    const first = await repository.put(unstored({ id: 'abc', headline: 'First version' }), new Date('2026-11-24T10:00:00Z'));
    // Act
    const third = await repository.put({ ...unstored({ id: 'abc', headline: 'Third version' }), revision: 3 }, new Date('2026-11-25T10:00:00Z'));
    const lateSecond = await repository.put({ ...unstored({ id: 'abc', headline: 'Second version' }), revision: 2 }, new Date('2026-11-25T11:00:00Z'));
    const retriedThird = await repository.put({ ...unstored({ id: 'abc', headline: 'Third version' }), revision: 3 });
    // Assess
    expect(first.status).toBe('stored');
    expect(third).toEqual({ status: 'replaced', key: first.key, storedAt: '2026-11-24T10:00:00.000Z' });
    expect(lateSecond.status).toBe('superseded');
    expect(retriedThird.status).toBe('duplicate');
    const stored = JSON.parse(new TextDecoder().decode((await store.get(first.key))!.body));
    expect(stored).toMatchObject({ headline: 'Third version', revision: 3, storedAt: '2026-11-24T10:00:00.000Z' });
    expect(await repository.storedRevision('abc')).toBe(3);
    expect(await repository.storedRevision('nothing')).toBeNull();
  });

  it('counts an article object written before revisions as revision 1', async () => {
    const store = new MemoryObjectStore();
    const repository = new ArticleRepository(store);
    await store.put(ingestedMarkerKey('abc'), JSON.stringify({ articleId: 'abc', articleKey: 'articles/2026/11/20/abc.json', storedAt: '2026-11-20T05:00:00.000Z' }));
    await store.put('articles/2026/11/20/abc.json', JSON.stringify(storedArticle({ id: 'abc' })));

    expect(await repository.storedRevision('abc')).toBe(1);
    expect((await repository.put(unstored({ id: 'abc' }))).status).toBe('duplicate');
    expect((await repository.put({ ...unstored({ id: 'abc' }), revision: 2 })).status).toBe('replaced');
  });
});
