import * as z from 'zod';
import { readJson } from './json-object.js';
import { PREFIX } from './keys.js';
import type { ObjectStore } from './object-store.js';
import { CorruptRecordError, StoreError } from './store-error.js';
import { CADENCES } from './subscriber.js';
import type { DigestRun } from './digest-run.js';

const runArticleSchema = z.looseObject({
  id: z.string().min(1),
  headline: z.string(),
  storedAt: z.string(),
  indexedAt: z.string(),
  topic: z.looseObject({ label: z.string() }),
});

/** Enough of the shape to fail on a truncated or foreign object rather than mail from it. */
const digestRunSchema = z.looseObject({
  runId: z.string().min(1),
  cadence: z.enum(CADENCES),
  runAt: z.iso.datetime(),
  watermark: z.iso.datetime(),
  articles: z.array(runArticleSchema),
  sameStoryPairs: z.array(z.tuple([z.string(), z.string()])),
  localDelivery: z.object({ slot: z.iso.datetime(), defaultTimeZone: z.string().min(1).max(64) }).optional(),
});

/** Runs a sender container keeps: the run it is working on and the one before. */
const CACHED_RUNS = 2;

/**
 * Digest run snapshots in the bucket, one object per run under digest-runs/. A sender reads one
 * run for many chunks, so loads are cached by key (a snapshot never changes once written).
 */
export class DigestRunRepository {
  private readonly cache = new Map<string, Promise<DigestRun>>();

  constructor(private readonly store: ObjectStore) {}

  static keyFor(run: Pick<DigestRun, 'cadence' | 'runId'>): string {
    return `${PREFIX.digestRuns}${run.cadence}/${run.runId}.json`;
  }

  async save(run: DigestRun): Promise<string> {
    const key = DigestRunRepository.keyFor(run);
    // Compact: a run of 10,000 articles is several MB, read by every sender container.
    await this.store.put(key, JSON.stringify(run), { contentType: 'application/json' });
    return key;
  }

  /** The run's snapshot if one was saved (a retried plan resumes it); null when none was. */
  async find(cadence: DigestRun['cadence'], runId: string): Promise<{ run: DigestRun; runKey: string } | null> {
    const runKey = DigestRunRepository.keyFor({ cadence, runId });
    try {
      return { run: await this.load(runKey), runKey };
    } catch (error) {
      if (error instanceof StoreError && error.code === 'not-found') return null;
      throw error;
    }
  }

  load(key: string): Promise<DigestRun> {
    let run = this.cache.get(key);
    if (!run) {
      run = this.read(key);
      // A failed read is not kept: the next chunk of the run tries again.
      run.catch(() => this.cache.delete(key));
      this.cache.set(key, run);
      while (this.cache.size > CACHED_RUNS) this.cache.delete(this.cache.keys().next().value!);
    }
    return run;
  }

  private async read(key: string): Promise<DigestRun> {
    if (!key.startsWith(PREFIX.digestRuns)) throw new StoreError('invalid-key', `not a digest run key: ${key}`);
    const value = await readJson<unknown>(this.store, key);
    if (value === null) throw new StoreError('not-found', `digest run ${key} is missing (expired, or deleted before its chunks were sent)`);
    const parsed = digestRunSchema.safeParse(value);
    if (!parsed.success) throw new CorruptRecordError(key, { cause: parsed.error });
    return parsed.data as unknown as DigestRun;
  }
}
