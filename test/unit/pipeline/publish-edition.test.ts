import { describe, expect, it } from 'vitest';
import { runWatermarkFor } from '../../../lambda/digest/delivery-watermark.js';
import { editionPath, publishEdition, type EditionArchive } from '../../../lambda/pipeline/publish-edition.js';
import type { DigestRun, RunArticle } from '../../../lambda/store/digest-run.js';
import { MemoryObjectStore } from '../../../lambda/store/memory-object-store.js';
import { WebArchive } from '../../../lambda/store/web-archive.js';
import { storedArticle } from '../../support/article-factory.js';
import { childNamed, childrenNamed, parseXml } from '../../support/parse-xml.js';

const BASE = 'https://d111.cloudfront.net/';

/** A run article as the planner's snapshot holds it: indexed when it was stored unless said otherwise. */
function runArticle(overrides: Parameters<typeof storedArticle>[0] & { indexedAt?: string } = {}): RunArticle {
  const { body: _body, byline: _byline, format: _format, origin: _origin, ...fields } = storedArticle(overrides);
  return { ...fields, indexedAt: overrides.indexedAt ?? fields.storedAt };
}

function dailyRun(runId: string, runAt: string, articles: RunArticle[], sameStoryPairs: [string, string][] = []): DigestRun {
  return { runId, cadence: 'daily', runAt, watermark: runWatermarkFor(new Date(runAt)), articles, sameStoryPairs };
}

const text = async (store: MemoryObjectStore, key: string) => new TextDecoder().decode((await store.get(key))!.body);

const monday = [
  runArticle({ id: 'w1', headline: 'Summit ends with a deal', storedAt: '2026-11-23T09:00:00.000Z' }),
  runArticle({ id: 's1', headline: 'Riverside win the cup', topic: { label: 'sport', confidence: 0.9 }, storedAt: '2026-11-23T10:00:00.000Z' }),
];
const tuesday = runArticle({ id: 'b1', headline: 'Chipmaker beats forecasts', topic: { label: 'business', confidence: 0.9 }, storedAt: '2026-11-24T09:00:00.000Z' });

describe('publishEdition', () => {
  it('publishes a run\'s stories of every topic as a page, with the cadence\'s feed and index and the archive\'s front page', async () => {
    // Prepare
    const store = new MemoryObjectStore();
    const run = dailyRun('run-monday', '2026-11-24T06:00:00.000Z', monday);

    // Act
    const summary = await publishEdition(run, new WebArchive(store, BASE));

    // Assess
    const path = editionPath(run);
    expect(path).toMatch(/^daily\/2026-11-24-0600-[0-9a-f]{8}\.html$/);
    expect(summary).toEqual({ edition: 'published', editionPath: path, editionStories: 2 });
    expect(store.keys()).toEqual([`archive/${path}`, 'archive/daily/feed.xml', 'archive/daily/index.html', 'archive/index.html', 'state/archive/daily.json'].sort());
    const page = await text(store, `archive/${path}`);
    expect(page).toContain('<h1>Daily news digest, 24 November 2026</h1>');
    expect(page.indexOf('Summit ends with a deal')).toBeLessThan(page.indexOf('Riverside win the cup'));
    expect(page).not.toContain('noindex');
    expect((await store.get(`archive/${path}`))!.contentType).toBe('text/html; charset=utf-8');
    expect((await store.get('archive/daily/feed.xml'))!.contentType).toBe('application/atom+xml; charset=utf-8');
    const entries = childrenNamed(parseXml(await text(store, 'archive/daily/feed.xml')), 'entry');
    expect(entries.map((entry) => childNamed(entry, 'link').attributes['href'])).toEqual([`${BASE}${path}`]);
    expect(childNamed(entries[0]!, 'summary').text).toBe('2 stories: Summit ends with a deal · Riverside win the cup');
    expect(await text(store, 'archive/daily/index.html')).toContain(`<a href="${path.slice('daily/'.length)}">Daily news digest, 24 November 2026</a>`);
    expect(await text(store, 'archive/index.html')).toContain('<a href="daily/index.html">Daily digests</a>');
  });

  it('puts in the next edition only what no earlier edition had, and lists the editions newest first', async () => {
    // Prepare: Tuesday's run still sees Monday's articles in its three-day window.
    const store = new MemoryObjectStore();
    const archive = new WebArchive(store, BASE);
    const first = dailyRun('run-monday', '2026-11-24T06:00:00.000Z', monday);
    const second = dailyRun('run-tuesday', '2026-11-25T06:00:00.000Z', [...monday, tuesday]);
    await publishEdition(first, archive);

    // Act
    const summary = await publishEdition(second, archive);

    // Assess
    expect(summary).toMatchObject({ edition: 'published', editionStories: 1 });
    const page = await text(store, `archive/${editionPath(second)}`);
    expect(page).toContain('Chipmaker beats forecasts');
    expect(page).not.toContain('Summit ends with a deal');
    const feed = parseXml(await text(store, 'archive/daily/feed.xml'));
    expect(childNamed(feed, 'updated').text).toBe('2026-11-25T06:00:00.000Z');
    expect(childrenNamed(feed, 'entry').map((entry) => childNamed(entry, 'title').text)).toEqual(['Daily news digest, 25 November 2026', 'Daily news digest, 24 November 2026']);
  });

  it('writes only the listings again for a retried run, and nothing when a run brings nothing new', async () => {
    const store = new MemoryObjectStore();
    const archive = new WebArchive(store, BASE);
    const run = dailyRun('run-monday', '2026-11-24T06:00:00.000Z', monday);
    await publishEdition(run, archive);
    const log = await text(store, 'state/archive/daily.json');

    const retried = await publishEdition(run, archive);
    const later = await publishEdition(dailyRun('run-monday-noon', '2026-11-24T12:00:00.000Z', monday), archive);

    expect(retried).toEqual({ edition: 'republished', editionPath: editionPath(run), editionStories: 2 });
    expect(later).toEqual({ edition: 'nothing-new', editionPath: null, editionStories: 0 });
    expect(await text(store, 'state/archive/daily.json')).toBe(log);
    expect(store.keys().filter((key) => key.endsWith('.html') && key.startsWith('archive/daily/2026'))).toHaveLength(1);
  });

  it('loses no edition when another run of the cadence saves the log first: it reads the log again', async () => {
    // Prepare: while this run works, the other one publishes (its save lands between this run's read and save).
    const store = new MemoryObjectStore();
    const real = new WebArchive(store, BASE);
    const other = dailyRun('run-other', '2026-11-24T06:00:00.000Z', monday);
    let interfered = false;
    const racing: EditionArchive = {
      loadEditionLog: (cadence) => real.loadEditionLog(cadence),
      saveEditionLog: async (log, etag) => {
        if (!interfered) {
          interfered = true;
          await publishEdition(other, real);
        }
        return real.saveEditionLog(log, etag);
      },
      putEditionPage: (path, html) => real.putEditionPage(path, html),
      putListing: (path, body) => real.putListing(path, body),
      cadencesWithEditions: () => real.cadencesWithEditions(),
      urlOf: (path) => real.urlOf(path),
    };
    const mine = dailyRun('run-mine', '2026-11-24T12:00:00.000Z', [...monday, tuesday]);

    // Act
    const summary = await publishEdition(mine, racing);

    // Assess: both editions are logged and in the feed; this one holds only what the other did not.
    expect(summary).toMatchObject({ edition: 'published', editionStories: 1 });
    const { log } = await real.loadEditionLog('daily');
    expect(log.editions.map((edition) => edition.runId)).toEqual(['run-mine', 'run-other']);
    expect(childrenNamed(parseXml(await text(store, 'archive/daily/feed.xml')), 'entry')).toHaveLength(2);
  });

  it('refuses an edition log that is not one, rather than overwrite what the archive holds', async () => {
    const store = new MemoryObjectStore();
    await store.put('state/archive/daily.json', '{"cadence":"weekly","state":{},"editions":[]}');

    await expect(publishEdition(dailyRun('r', '2026-11-24T06:00:00.000Z', monday), new WebArchive(store, BASE))).rejects.toThrow(/state\/archive\/daily\.json/);
    expect(store.keys()).toEqual(['state/archive/daily.json']);
  });
});
