import { describe, expect, it } from 'vitest';
import { archiveTitle } from '../../../lambda/digest/archive-document.js';
import { atomFeed, MAX_FEED_ENTRIES } from '../../../lambda/digest/archive-feed.js';
import { archiveFrontPage, cadenceIndexPage } from '../../../lambda/digest/archive-listing.js';
import { MAX_ARCHIVE_STORIES, renderArchivePage } from '../../../lambda/digest/archive-page.js';
import { escapeXml } from '../../../lambda/digest/escape-xml.js';
import type { ArchivedEdition } from '../../../lambda/store/edition-log.js';
import { childNamed, childrenNamed, parseXml } from '../../support/parse-xml.js';
import { digestContent, story } from '../../support/story-factory.js';

const ATOM = 'http://www.w3.org/2005/Atom';
const urlOf = (path: string) => `https://d111.cloudfront.net/${path}`;

/** Every URL a page would make a browser fetch on opening: src, srcset, <link href>, CSS url() and @import. */
function loadedResources(html: string): string[] {
  return [
    ...[...html.matchAll(/\s(?:src|srcset|poster|background)=["']?([^"'\s>]+)/gi)].map((match) => match[1]!),
    ...[...html.matchAll(/<link\b[^>]*>/gi)].flatMap((match) => (/rel=["']?(?:stylesheet|preload|icon|prefetch)/i.test(match[0]) ? [match[0]] : [])),
    ...[...html.matchAll(/url\(|@import/gi)].map((match) => match[0]),
  ];
}

function edition(overrides: Partial<ArchivedEdition> = {}): ArchivedEdition {
  return {
    runId: 'run-1',
    runAt: '2026-11-24T06:00:00.000Z',
    path: 'daily/2026-11-24-0600-1a2b3c4d.html',
    title: 'Daily news digest, 24 November 2026',
    stories: 2,
    topics: ['World', 'Sport'],
    headlines: ['Summit ends with a deal', 'Cup final goes to extra time'],
    ...overrides,
  };
}

describe('a digest as an archive page', () => {
  it('shows the sections in topic order with each story\'s headline, meta line and summary, and links its cadence\'s index and feed', () => {
    const content = digestContent([
      story({ topic: 'sport', headline: 'Cup final goes to extra time' }),
      story({ topic: 'world', headline: 'Summit ends with a deal', sources: ['Wire', 'Paper'], published: '2026-11-23', url: 'https://news.example/summit' }),
    ]);

    const html = renderArchivePage(content, { title: archiveTitle('daily', '2026-11-24T06:00:00.000Z'), noindex: true });

    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<title>Daily news digest, 24 November 2026</title>');
    expect(html).toContain('<h1>Daily news digest, 24 November 2026</h1>');
    expect(html.indexOf('>World</h2>')).toBeLessThan(html.indexOf('>Sport</h2>'));
    expect(html).toContain('<h3><a href="https://news.example/summit">Summit ends with a deal</a></h3>');
    expect(html).toContain('<p class="meta">Wire · 23 Nov 2026 · Also reported by Paper</p>');
    expect(html).toContain('2 stories in 2 topics');
    expect(html).toContain('<a href="../daily/index.html">All daily digests</a>');
    expect(html).toContain('<link rel="alternate" type="application/atom+xml" title="newsdrop daily digests" href="../daily/feed.xml">');
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    expect(html).not.toMatch(/\byour\b/i);
  });

  it('loads nothing when opened: no script, no image, no stylesheet or font from anywhere', () => {
    const html = renderArchivePage(digestContent([story({ url: 'https://news.example/a' })]), { title: 't', noindex: false });
    expect(loadedResources(html)).toEqual([]);
    expect(html).not.toMatch(/<script|<img|<iframe/i);
    expect(html).not.toContain('robots');
  });

  it('escapes every field an article supplies and links only http(s) URLs', () => {
    const hostile = story({
      headline: 'Tom & Jerry <script>alert("x")</script>',
      summary: 'A & B <img src=x onerror=alert(1)>',
      sources: ['"Quotes" & <b>Co</b>'],
      url: 'javascript:alert(1)',
      topic: 'world"><script>',
    });

    const html = renderArchivePage(digestContent([hostile]), { title: 'Title <b>', noindex: false });

    expect(html).toContain('Tom &amp; Jerry &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('A &amp; B &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;Quotes&quot; &amp; &lt;b&gt;Co&lt;/b&gt;');
    expect(html).toContain('<title>Title &lt;b&gt;</title>');
    expect(html).toContain('id="topic-world---script-"');
    expect(html).not.toMatch(/<script|<img|<b>|javascript:/);
  });

  it('shows at most MAX_ARCHIVE_STORIES stories and counts the rest', () => {
    const many = Array.from({ length: MAX_ARCHIVE_STORIES + 3 }, () => story());
    const html = renderArchivePage(digestContent(many), { title: 't', noindex: false });
    expect(html.match(/<article>/g)).toHaveLength(MAX_ARCHIVE_STORIES);
    expect(html).toContain('+3 more stories not shown on this page.');
  });

  it('titles instant editions with their time, the others with their day', () => {
    expect(archiveTitle('instant', '2026-11-24T14:05:09.000Z')).toBe('Instant news digest, 24 November 2026, 14:05 UTC');
    expect(archiveTitle('weekly', '2026-11-23T06:00:00.000Z')).toBe('Weekly news digest, 23 November 2026');
  });
});

describe('the Atom feed of a cadence', () => {
  it('is well-formed Atom with the feed\'s id, title, updated, author and links, and one entry per edition, newest first', () => {
    const editions = [edition({ runId: 'run-2', runAt: '2026-11-25T06:00:00.000Z', path: 'daily/2026-11-25-0600-aaaabbbb.html', title: 'Daily news digest, 25 November 2026' }), edition()];

    const feed = parseXml(atomFeed('daily', editions, urlOf));

    expect(feed).toMatchObject({ namespace: ATOM, name: 'feed' });
    expect(childNamed(feed, 'id').text).toBe('https://d111.cloudfront.net/daily/feed.xml');
    expect(childNamed(feed, 'title').text).toBe('newsdrop daily digests');
    expect(childNamed(feed, 'updated').text).toBe('2026-11-25T06:00:00.000Z');
    expect(childNamed(childNamed(feed, 'author'), 'name').text).toBe('newsdrop');
    expect(childrenNamed(feed, 'link').map((link) => link.attributes)).toEqual([
      { rel: 'self', type: 'application/atom+xml', href: 'https://d111.cloudfront.net/daily/feed.xml' },
      { rel: 'alternate', type: 'text/html', href: 'https://d111.cloudfront.net/daily/index.html' },
    ]);
    const entries = childrenNamed(feed, 'entry');
    expect(entries.map((entry) => childNamed(entry, 'title').text)).toEqual(['Daily news digest, 25 November 2026', 'Daily news digest, 24 November 2026']);
    for (const entry of entries) {
      expect(entry.namespace).toBe(ATOM);
      expect(childNamed(entry, 'id').text).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(childNamed(entry, 'updated').text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
      expect(childNamed(entry, 'summary').attributes).toEqual({ type: 'text' });
      expect(childNamed(entry, 'content').attributes).toEqual({ type: 'html' });
    }
    expect(childNamed(entries[1]!, 'link').attributes).toEqual({ rel: 'alternate', type: 'text/html', href: 'https://d111.cloudfront.net/daily/2026-11-24-0600-1a2b3c4d.html' });
    expect(childNamed(entries[1]!, 'summary').text).toBe('2 stories: Summit ends with a deal · Cup final goes to extra time');
    // Ids are stable: the same edition in tomorrow's feed has the same id.
    const again = childrenNamed(parseXml(atomFeed('daily', editions.slice(1), urlOf)), 'entry');
    expect(childNamed(again[0]!, 'id').text).toBe(childNamed(entries[1]!, 'id').text);
  });

  it('stays well-formed whatever a headline holds: markup, entities, CDATA ends and characters XML forbids', () => {
    const headline = 'Tom & Jerry <b>bold</b> ]]> &amp; "q" \'a\' \u0001\u0008\u000b\u001f\uFFFE\uD800 ok 🙂';

    const xml = atomFeed('daily', [edition({ headlines: [headline], title: `Digest ${headline}` })], urlOf);
    const entry = childNamed(parseXml(xml), 'entry');

    const kept = 'Tom & Jerry <b>bold</b> ]]> &amp; "q" \'a\'  ok 🙂';
    expect(childNamed(entry, 'title').text).toBe(`Digest ${kept}`);
    expect(childNamed(entry, 'summary').text).toBe(`2 stories: ${kept}`);
    // The content is HTML as text: the headline escaped once for HTML inside it.
    expect(childNamed(entry, 'content').text).toContain('<li>Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt; ]]&gt; &amp;amp; &quot;q&quot; &#39;a&#39;  ok 🙂</li>');
    expect(escapeXml('\u0000a\tb\nc\rd')).toBe('a\tb\nc\rd');
  });

  it('holds the newest MAX_FEED_ENTRIES editions, and an empty feed is still valid', () => {
    const editions = Array.from({ length: MAX_FEED_ENTRIES + 5 }, (_, index) => edition({ runId: `run-${index}` }));
    expect(childrenNamed(parseXml(atomFeed('weekly', editions, urlOf)), 'entry')).toHaveLength(MAX_FEED_ENTRIES);
    const empty = parseXml(atomFeed('weekly', [], urlOf));
    expect(childrenNamed(empty, 'entry')).toEqual([]);
    expect(childNamed(empty, 'updated').text).toBe('1970-01-01T00:00:00.000Z');
  });
});

describe('the archive\'s index pages', () => {
  it('lists a cadence\'s editions newest first with their headlines, escaped, and links the feed', () => {
    const html = cadenceIndexPage('daily', [edition({ headlines: ['<script>x</script>', 'Second', 'Third', 'Fourth'] })]);
    expect(html).toContain('<a href="2026-11-24-0600-1a2b3c4d.html">Daily news digest, 24 November 2026</a>');
    expect(html).toContain('2 stories in World, Sport');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt; · Second · Third</p>');
    expect(html).not.toContain('Fourth');
    expect(html).toContain('<a href="feed.xml">Atom feed</a>');
    expect(loadedResources(html)).toEqual([]);
  });

  it('links each cadence that has editions from the front page', () => {
    const html = archiveFrontPage(['daily', 'weekly']);
    expect(html).toContain('<a href="daily/index.html">Daily digests</a> · <a href="daily/feed.xml">Atom feed</a>');
    expect(html).toContain('<a href="weekly/index.html">Weekly digests</a>');
    expect(html).not.toContain('instant/');
  });
});
