import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../../lambda/article/parse-article.js';
import { buildStories, groupStories } from '../../../lambda/digest/build-stories.js';
import { renderDigest } from '../../../lambda/digest/render-digest.js';
import { firstCurrentDay, publishedBefore } from '../../../lambda/digest/story-age.js';
import { SameStoryPairs } from '../../../lambda/digest/story-graph.js';
import { firstCurrentDayOf } from '../../../lambda/pipeline/lookback.js';
import { storedArticle } from '../../support/article-factory.js';
import { digestContent } from '../../support/story-factory.js';
import { seedFileNames, seedsDir } from '../../support/seed-pages.js';

const world = { label: 'world', confidence: 0.9 } as const;
const sport = { label: 'sport', confidence: 0.9 } as const;

describe('story order within a section', () => {
  it('leads with the story most outlets report, then the newest (published, else stored)', () => {
    // Prepare: a three-outlet story published earliest, a two-outlet one, and two single reports.
    const articles = [
      storedArticle({ id: 'single-new', source: 'Daily A', published: '2026-11-23', topic: world }),
      storedArticle({ id: 'trio-1', source: 'Wire', published: '2026-11-21', topic: world }),
      storedArticle({ id: 'trio-2', source: 'Paper', published: '2026-11-21', topic: world }),
      storedArticle({ id: 'trio-3', source: 'Radio', published: '2026-11-22', topic: world }),
      storedArticle({ id: 'single-undated', source: 'Daily B', published: null, storedAt: '2026-11-24T09:00:00.000Z', topic: world }),
      storedArticle({ id: 'pair-1', source: 'Wire', published: '2026-11-22', topic: world }),
      storedArticle({ id: 'pair-2', source: 'wire ', published: '2026-11-22', topic: world }),
      storedArticle({ id: 'pair-3', source: 'Paper', published: '2026-11-22', topic: world }),
      storedArticle({ id: 'single-old', source: 'Daily C', published: '2026-11-22', topic: world }),
    ];
    const pairs = SameStoryPairs.fromList([
      ['trio-1', 'trio-2'],
      ['trio-2', 'trio-3'],
      ['pair-1', 'pair-2'],
      ['pair-2', 'pair-3'],
    ]);

    // Act
    const stories = groupStories(articles, (article) => article.topic.label, pairs);

    // Assess: three outlets, then two ("Wire" and "wire " are one outlet), then the singles newest first;
    // the undated one counts by the time it was stored (today).
    expect(stories.map((story) => story.articleIds[0])).toEqual(['trio-1', 'pair-1', 'single-undated', 'single-new', 'single-old']);
  });

  it('orders within each section and keeps the sections in topic order', () => {
    const articles = [
      storedArticle({ id: 's-old', published: '2026-11-20', topic: sport }),
      storedArticle({ id: 'w-old', published: '2026-11-20', topic: world }),
      storedArticle({ id: 's-new', published: '2026-11-23', topic: sport }),
      storedArticle({ id: 'w-new', published: '2026-11-23', topic: world }),
    ];

    const stories = groupStories(articles, (article) => article.topic.label, SameStoryPairs.fromList([]));

    expect(stories.map((story) => story.articleIds[0])).toEqual(['w-new', 'w-old', 's-new', 's-old']);
  });

  it('puts stories published before the look-back window after the current ones and marks them', () => {
    // Prepare: a daily run on 24 Nov 2026 looks back 3 days, so 21 Nov is its first current day.
    const firstDay = firstCurrentDayOf('daily', '2026-11-24T06:00:00.000Z');
    const articles = [
      storedArticle({ id: 'archive-pair-1', source: 'CCTV.com', published: '2007-05-16', topic: world }),
      storedArticle({ id: 'archive-pair-2', source: 'Jctrans.com', published: '2007-05-15', topic: world }),
      storedArticle({ id: 'current', source: 'Wire', published: '2026-11-21', topic: world }),
    ];

    const stories = groupStories(articles, (article) => article.topic.label, SameStoryPairs.fromList([['archive-pair-1', 'archive-pair-2']]), { firstCurrentDay: firstDay });

    expect(firstDay).toBe('2026-11-21');
    expect(stories.map((story) => [story.articleIds[0], story.publishedBeforeWindow])).toEqual([
      ['current', false],
      ['archive-pair-1', true],
    ]);
  });
});

describe('old stories', () => {
  it('counts a publication day before the first current day as old, and an unknown date never', () => {
    expect(firstCurrentDay(new Date('2026-11-24T06:00:00Z'), 10)).toBe('2026-11-14');
    expect(publishedBefore('2007-05-16', '2026-11-21')).toBe(true);
    expect(publishedBefore('2026-11-20T23:59:00+09:00', '2026-11-21')).toBe(true);
    expect(publishedBefore('2026-11-21', '2026-11-21')).toBe(false);
    expect(publishedBefore(null, '2026-11-21')).toBe(false);
    expect(publishedBefore('sometime', '2026-11-21')).toBe(false);
    expect(publishedBefore('2007-05-16', null)).toBe(false);
  });

  it('shows an old story\'s date first and in bold, in HTML and text', async () => {
    const [old] = groupStories(
      [storedArticle({ id: 'o', headline: 'Rice: Russia, US agree to tone down rhetoric', source: 'CCTV.com', published: '2007-05-16' })],
      (article) => article.topic.label,
      SameStoryPairs.fromList([]),
      { firstCurrentDay: '2026-11-21' },
    );

    const rendered = await renderDigest(digestContent([old!]));

    expect(rendered.html).toContain('<strong>Older story, published 16 May 2007</strong> · CCTV.com');
    expect(rendered.html).not.toContain('CCTV.com · 16 May 2007');
    expect(rendered.text).toContain('Older story, published 16 May 2007 · CCTV.com');
  });
});

describe('stories continued from an earlier digest', () => {
  // "earlier" reached this reader in an earlier digest; "follow" and "other-outlet" report its event, "fresh" another.
  const articles = [
    storedArticle({ id: 'follow', source: 'Wire', published: '2026-11-24', topic: world }),
    storedArticle({ id: 'other-outlet', source: 'Paper', published: '2026-11-24', topic: world }),
    storedArticle({ id: 'fresh', source: 'Radio', published: '2026-11-24', topic: world }),
  ];
  const pairs = SameStoryPairs.fromList([
    ['earlier', 'follow'],
    ['follow', 'other-outlet'],
  ]);

  it('marks a story with a report paired with one the reader got before as an update, in HTML and text', async () => {
    const stories = groupStories(articles, (article) => article.topic.label, pairs, { sentBefore: new Set(['earlier']) });

    expect(stories.map((story) => [story.articleIds[0], story.continuesEarlier ?? false])).toEqual(
      expect.arrayContaining([
        [expect.stringMatching(/follow|other-outlet/), true],
        ['fresh', false],
      ]),
    );
    const digest = await renderDigest(digestContent(stories));
    expect(digest.html).toContain('<strong>Update to an earlier story</strong> · ');
    expect(digest.text).toContain('Update to an earlier story · ');
  });

  it('marks nothing when the reader got no report of these events before', () => {
    const plain = groupStories(articles, (article) => article.topic.label, pairs, { sentBefore: new Set(['unrelated']) });

    expect(plain.some((story) => story.continuesEarlier)).toBe(false);
  });
});

describe('the seed pages as one digest', () => {
  it('renders all five, current stories first, the 2007 and 2017 ones dated up front', async () => {
    // Prepare: the seeds dropped on 24 Nov 2026 for a daily digest.
    const articles = seedFileNames().map((file, index) => {
      const parsed = parseArticle(readFileSync(path.join(seedsDir, file)), { fileName: file });
      return storedArticle({ ...parsed, id: file.slice(0, 3), storedAt: `2026-11-24T05:0${index}:00.000Z` });
    });

    // Act
    const stories = buildStories(articles, undefined, { firstCurrentDay: firstCurrentDayOf('daily', '2026-11-24T06:00:00.000Z') });
    const rendered = await renderDigest(digestContent(stories));

    // Assess: 000 and 003 carry no date (stored today: current); 001+002 (2007, two outlets) lead
    // the old ones, then 004 (2017).
    expect(stories.map((story) => story.articleIds.join('+'))).toEqual(['003', '000', '002+001', '004']);
    expect(stories.map((story) => story.publishedBeforeWindow)).toEqual([false, false, true, true]);
    expect(rendered.html).toContain('<strong>Older story, published 16 May 2007</strong> · CCTV.com · Also reported by Jctrans.com');
    expect(rendered.html).toContain('<strong>Older story, published 14 Apr 2017</strong> · China Daily');
    expect(rendered.html).toContain('4 stories in 1 topic');
  });
});
