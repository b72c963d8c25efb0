import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../lambda/article/detect-format.js';
import { parseArticle } from '../../../lambda/article/parse-article.js';

const BODY = [
  'Engineers finished the new bridge across the estuary on Thursday, two months ahead of schedule and under budget.',
  'The bridge will carry 40,000 vehicles a day and cut the journey between the two towns by half an hour.',
  '"It is a proud day for everyone who worked on it," the project director said at the opening ceremony.',
];

const HTML = `<!doctype html><html><head>
<title>Estuary bridge opens early | Coast News</title>
<meta property="og:site_name" content="Coast News">
<meta property="article:published_time" content="2026-11-20T09:00:00Z">
<link rel="canonical" href="https://coast.example.com/bridge">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Estuary bridge opens early","author":{"@type":"Person","name":"Sam Lee"}}</script>
<script>document.write('tracker')</script><style>p{color:red}</style>
</head><body><nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article><h1>Estuary bridge opens early</h1>
${BODY.map((p) => `<p>${p}</p>`).join('\n')}
<p><img src="x.png" onerror="alert('xss')"><a href="javascript:alert(1)">click</a> The toll will be waived for the first month of operation, the council confirmed.</p>
</article><footer>&copy; 2026 Coast News</footer></body></html>`;

describe('HTML extraction', () => {
  it('takes metadata from meta tags and JSON-LD', () => {
    const article = parseArticle(Buffer.from(HTML), { fileName: 'bridge.html' });
    expect(article).toMatchObject({
      format: 'html',
      headline: 'Estuary bridge opens early',
      source: 'Coast News',
      byline: 'Sam Lee',
      published: '2026-11-20T09:00:00Z',
      url: 'https://coast.example.com/bridge',
    });
    expect(article.body.slice(0, 3)).toEqual(BODY);
  });

  it("takes no logo for the headline: an <h1> linking to the home page names the site", () => {
    const page = `<!doctype html><html><head><title>Estuary bridge opens early - Coast News</title></head><body>
      <h1 id="site-title"><a href="/">Coast News</a></h1><article>${BODY.map((paragraph) => `<p>${paragraph}</p>`).join('')}</article></body></html>`;
    expect(parseArticle(Buffer.from(page), { fileName: 'page.html' }).headline).toBe('Estuary bridge opens early');
  });

  it('never lets scripts, styles or handlers through', () => {
    const output = JSON.stringify(parseArticle(Buffer.from(HTML), { fileName: 'bridge.html' }));
    expect(output).not.toMatch(/tracker|alert|onerror|javascript:|color:red|<script|<img/);
  });

  it('is recognised by content even with a .txt name', () => {
    expect(detectFormat(HTML, 'page.txt')).toBe('html');
    expect(detectFormat('Ferry timetable approved\n<p>The harbour authority approved it.</p>\n<p>It starts in January.</p>\n<p>Unions agreed.</p>', 'page.txt')).toBe('html');
  });

  it('leaves a plain-text post that quotes a few lines of markup as text', () => {
    // Prepare: a scraped blog post whose code samples show HTML (Readability's test page "001").
    const prose = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} explains how the test runner loads the coverage adapter, step by step.`);
    const post = [...prose.slice(0, 6), '<script src="vendor/blanket.js" data-cover-adapter="vendor/mocha-blanket.js"></script>', ...prose.slice(6), '<!DOCTYPE html> <html> <head> <title>Test</title> </head> <body> <div id="mocha"></div> </body> </html>'].join('\n');
    // Act / Assess
    expect(detectFormat(post, 'post.txt')).toBe('text');
  });
});

describe('a text page that only looks like Markdown', () => {
  // A lynx dump of a blog post: menus as bullets and a code sample's "# comment" at the margin
  // (inside a block, so no block opens with a "# " heading): the Markdown reader finds no headline.
  const dump = [
    '     * Home',
    '     * Archive',
    '     * About',
    '',
    'Scraping search results with Python',
    '',
    ...BODY.map((paragraph) => `   ${paragraph}`),
    '',
    'import requests',
    '# desktop user-agent',
    'USER_AGENT = "Mozilla/5.0"',
    '',
    ...BODY.map((paragraph) => `   ${paragraph}`),
  ].join('\n');

  it('is read again as plain text when the Markdown reader finds no article in it', () => {
    expect(detectFormat(dump, 'page.txt')).toBe('markdown');
    const article = parseArticle(Buffer.from(dump), { fileName: 'page.txt' });
    expect(article.format).toBe('text');
    expect(article.body.slice(0, BODY.length)).toEqual(BODY);
  });

  it('is refused as Markdown when its name says Markdown', () => {
    expect(() => parseArticle(Buffer.from(dump), { fileName: 'post.md' })).toThrow(/the Markdown file has no headline/);
  });
});

describe('Markdown extraction', () => {
  const markdown = `---
title: "Bridge opens: two months early"
source: Coast News
published: 2026-11-20
author: Sam Lee
url: https://coast.example.com/bridge
---

# Ignored heading when front matter has a title

${BODY.join('\n\n')}

![photo](bridge.jpg)

Read [the full report](https://example.com/report) for **details** on costs and the timetable.
`;

  it('reads front matter and strips Markdown syntax', () => {
    const article = parseArticle(Buffer.from(markdown), { fileName: 'bridge.md' });
    expect(article).toMatchObject({
      format: 'markdown',
      headline: 'Bridge opens: two months early',
      source: 'Coast News',
      byline: 'Sam Lee',
      published: '2026-11-20',
      url: 'https://coast.example.com/bridge',
    });
    expect(article.body.at(-1)).toBe('Read the full report for details on costs and the timetable.');
    expect(JSON.stringify(article.body)).not.toMatch(/!\[|\]\(|\*\*/);
  });

  it('keeps only http(s) links from front matter and object metadata', () => {
    const hostile = markdown.replace('url: https://coast.example.com/bridge', 'url: "javascript:alert(1)"');

    const fromFrontMatter = parseArticle(Buffer.from(hostile), { fileName: 'bridge.md' });
    const fromMetadata = parseArticle(Buffer.from(markdown), { fileName: 'bridge.md', metadata: { url: 'javascript:alert(2)' } });

    expect(fromFrontMatter.url).toBeNull();
    expect(fromMetadata.url).toBe('https://coast.example.com/bridge');
  });

  it('counts a Chinese body by its characters, as plain text does', () => {
    // One whitespace-separated token, twenty-odd words: enough body text to be an article.
    const chinese = '# 俄美同意合作\n\n俄罗斯总统和美国国务卿周二会谈，双方同意在叙利亚问题上加强合作。\n';
    expect(parseArticle(Buffer.from(chinese), { fileName: 'talks.md' }).headline).toBe('俄美同意合作');
    expect(() => parseArticle(Buffer.from('# 会谈\n\n双方会谈。\n'), { fileName: 'short.md' })).toThrow(/no headline or no body text/);
  });

  it('uses the first heading when there is no front matter', () => {
    const article = parseArticle(Buffer.from(`# Bridge opens early\n\n${BODY.join('\n\n')}\n`), { fileName: 'bridge.md' });
    expect(article.headline).toBe('Bridge opens early');
    expect(article.published).toBeNull();
  });
});

describe('pathological HTML', () => {
  it('reads a deeply nested page without Readability, quickly', () => {
    const html = `<html><head><title>Deep page headline here</title></head><body>${'<div>'.repeat(1500)}<p>The council approved the budget on Monday after a long debate in the chamber.</p><p>The vote was 31 to 20, and the mayor said the plan was fair to every district.</p>${'</div>'.repeat(1500)}</body></html>`;
    const started = performance.now();

    const article = parseArticle(Buffer.from(html), { fileName: 'deep.html' });

    expect(performance.now() - started).toBeLessThan(3000);
    expect(article.headline).toBe('Deep page headline here');
    expect(article.body[0]).toMatch(/^The council approved the budget/);
  });

  it('refuses absurd nesting before parsing, with a clear error', () => {
    const html = `${'<div>'.repeat(200_000)}text${'</div>'.repeat(200_000)}`;
    const started = performance.now();

    expect(() => parseArticle(Buffer.from(html), { fileName: 'bomb.html' })).toThrow(/nests elements more than 2000 levels deep/);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
