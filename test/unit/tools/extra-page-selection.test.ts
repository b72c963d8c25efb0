import { describe, expect, it } from 'vitest';
import {
  comparableUrl,
  type ExtraPageCandidate,
  extraPageId,
  MIN_SILVER_BODY_WORDS,
  readabilityPageHeadlines,
  selectExtraPages,
} from '../../../tools/article/extra-page-selection.js';

const body = (words: number) => Array.from({ length: words }, (_, index) => `word${index}`).join(' ');
const page = (source: string, url: string | null, headline: string, words = MIN_SILVER_BODY_WORDS): ExtraPageCandidate => ({
  source,
  url,
  headlines: headline ? [headline] : [],
  body: body(words),
});
const noAeb = { urls: [], headlines: [] };

describe('choosing the extra training pages', () => {
  it('compares URLs without scheme, www, query, fragment or trailing slash', () => {
    expect(comparableUrl('https://www.Example.com/news/story/?utm_source=x#top')).toBe('example.com/news/story');
    expect(comparableUrl('http://example.com/news/story')).toBe('example.com/news/story');
    expect(comparableUrl('not a url')).toBe('not a url');
  });

  it('keeps one page per URL and per headline, the first one', () => {
    const { kept, dropped } = selectExtraPages(
      [
        page('fixtures/a.html', 'https://a.com/story', 'Mayor quits after audit'),
        page('fixtures/a/1480000000.html', 'http://www.a.com/story/', 'Mayor quits'),
        page('fixtures/b.html', null, 'Mayor Quits After Audit!'),
        page('fixtures/c.html', null, 'Storm hits the coast'),
      ],
      noAeb,
    );
    expect(kept.map((selected) => selected.source)).toEqual(['fixtures/a.html', 'fixtures/c.html']);
    expect(dropped).toEqual([
      { source: 'fixtures/a/1480000000.html', reason: 'duplicate' },
      { source: 'fixtures/b.html', reason: 'duplicate' },
    ]);
  });

  it('drops pages with too short a silver body or no gold headline', () => {
    const { kept, dropped } = selectExtraPages(
      [page('fixtures/short.html', 'https://s.com/1', 'Short one', MIN_SILVER_BODY_WORDS - 1), page('fixtures/none.html', 'https://n.com/1', '')],
      noAeb,
    );
    expect(kept).toEqual([]);
    expect(dropped.map((entry) => entry.reason)).toEqual(['short body', 'no gold headline']);
  });

  it('never keeps a page that is one of the evaluation pages, by URL or by headline', () => {
    const { kept, dropped } = selectExtraPages(
      [page('fixtures/x.html', 'https://x.com/eval-page?ref=rss', 'Anything'), page('fixtures/y.html', null, 'The evaluated headline'), page('fixtures/z.html', null, 'Fresh news')],
      { urls: ['https://www.x.com/eval-page'], headlines: ['The Evaluated Headline'] },
    );
    expect(kept.map((selected) => selected.source)).toEqual(['fixtures/z.html']);
    expect(dropped.map((entry) => entry.reason)).toEqual(['same URL as an evaluation page', 'same headline as an evaluation page']);
  });

  it('names a page by a hash of its URL, or of its source when it states none', () => {
    expect(extraPageId({ source: 'fixtures/a.html', url: 'https://a.com/story' })).toBe(extraPageId({ source: 'fixtures/other.html', url: 'http://www.a.com/story/' }));
    expect(extraPageId({ source: 'fixtures/a.html', url: null })).not.toBe(extraPageId({ source: 'fixtures/b.html', url: null }));
    expect(extraPageId({ source: 'fixtures/a.html', url: null })).toMatch(/^[0-9a-f]{64}$/);
  });

  it("knows a Readability test page by its titles less their site suffix and by the headline its text shows, so a copy of it is dropped", () => {
    const readabilityPage = {
      rawText: "Hi, I'm Nicolas.\nGet your Frontend JavaScript Code Covered\nSo finally you're testing your frontend code?",
      htmlTitle: 'Get your Frontend JavaScript Code Covered | Code | Nicolas Perriault',
      goldTitle: 'Get your Frontend JavaScript Code Covered | Code',
    };
    const headlines = readabilityPageHeadlines(readabilityPage);
    expect(headlines).toContain('Get your Frontend JavaScript Code Covered');
    const { kept, dropped } = selectExtraPages(
      [page('fixtures/copy.html', 'https://nicolas.perriault.net/code/2013/get-your-frontend-javascript-code-covered/', 'Get your frontend JavaScript code covered'), page('fixtures/other.html', null, 'Fresh news')],
      { urls: [], headlines },
    );
    expect(kept.map((selected) => selected.source)).toEqual(['fixtures/other.html']);
    expect(dropped).toEqual([{ source: 'fixtures/copy.html', reason: 'same headline as an evaluation page' }]);
  });
});
