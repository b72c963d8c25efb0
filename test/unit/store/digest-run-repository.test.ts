import { describe, expect, it } from 'vitest';
import type { DigestRun } from '../../../lambda/store/digest-run.js';
import { DigestRunRepository } from '../../../lambda/store/digest-run-repository.js';
import { MemoryObjectStore } from '../../../lambda/store/memory-object-store.js';
import type { StoredObject } from '../../../lambda/store/object-store.js';
import { CorruptRecordError, StoreError } from '../../../lambda/store/store-error.js';

/** The memory store, counting GETs by key. */
class CountingStore extends MemoryObjectStore {
  readonly gets: string[] = [];
  override async get(key: string): Promise<StoredObject | null> {
    this.gets.push(key);
    return super.get(key);
  }
}

const run: DigestRun = {
  runId: 'run-1',
  cadence: 'daily',
  runAt: '2026-11-24T12:00:00.000Z',
  watermark: '2026-11-24T11:55:00.000Z',
  articles: [
    {
      id: 'a1',
      headline: 'Chile and Peru sign fishing accord',
      source: 'Example Wire',
      published: '2026-11-24',
      storedAt: '2026-11-24T09:00:00.000Z',
      indexedAt: '2026-11-24T09:00:01.000Z',
      topic: { label: 'world', confidence: 0.9 },
      customTopics: ['fishing'],
      summary: 'Ministers signed an accord.',
      url: 'https://news.example.org/a1',
      wordCount: 420,
    },
    {
      id: 'a2',
      headline: 'Fishing accord signed in Lima',
      source: null,
      published: null,
      storedAt: '2026-11-24T09:30:00.000Z',
      indexedAt: '2026-11-24T11:58:00.000Z',
      topic: { label: 'world', confidence: 0.8 },
      summary: 'The accord sets quotas.',
      url: null,
      wordCount: 300,
    },
  ],
  sameStoryPairs: [['a1', 'a2']],
};

describe('DigestRunRepository', () => {
  it('saves a run under digest-runs/<cadence>/<runId>.json and loads it back as it was', async () => {
    const store = new MemoryObjectStore();

    const key = await new DigestRunRepository(store).save(run);
    const loaded = await new DigestRunRepository(store).load(key);

    expect(key).toBe('digest-runs/daily/run-1.json');
    expect(store.keys()).toEqual([key]);
    expect(loaded).toEqual(run);
    expect((await store.head(key))?.size).toBe(JSON.stringify(run).length);
  });

  it('reads a run once for all the chunks a container sends of it', async () => {
    const store = new CountingStore();
    const repository = new DigestRunRepository(store);
    const key = await repository.save(run);

    const [first, second] = await Promise.all([repository.load(key), repository.load(key)]);
    const third = await repository.load(key);

    expect(store.gets).toEqual([key]);
    expect(second).toBe(first);
    expect(third).toBe(first);
  });

  it('refuses a run object that is not a run (truncated or foreign) as corrupt, and does not cache the failure', async () => {
    const store = new CountingStore();
    const repository = new DigestRunRepository(store);
    const key = 'digest-runs/daily/broken.json';
    await store.put(key, JSON.stringify({ ...run, watermark: 'yesterday' }));
    await store.put('digest-runs/daily/truncated.json', JSON.stringify(run).slice(0, 200));

    await expect(repository.load(key)).rejects.toBeInstanceOf(CorruptRecordError);
    await expect(repository.load('digest-runs/daily/truncated.json')).rejects.toMatchObject({ name: 'CorruptRecordError', key: 'digest-runs/daily/truncated.json' });
    await store.put(key, JSON.stringify(run));
    await expect(repository.load(key)).resolves.toEqual(run);
    expect(store.gets.filter((got) => got === key)).toHaveLength(2);
  });

  it('says a missing run is not found, and refuses a key outside digest-runs/', async () => {
    const repository = new DigestRunRepository(new MemoryObjectStore());

    const missing = repository.load('digest-runs/daily/expired.json');
    await expect(missing).rejects.toBeInstanceOf(StoreError);
    await expect(missing).rejects.toMatchObject({ code: 'not-found' });
    await expect(repository.load('state/subscribers/x.json')).rejects.toMatchObject({ code: 'invalid-key' });
  });
});
