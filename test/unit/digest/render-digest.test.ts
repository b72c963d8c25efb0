import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../../lambda/article/parse-article.js';
import { buildStories } from '../../../lambda/digest/build-stories.js';
import { personaliseDigest } from '../../../lambda/digest/personalise-digest.js';
import { MAX_HTML_BYTES, MAX_RENDERED_STORIES, renderDigest } from '../../../lambda/digest/render-digest.js';
import { storedArticle } from '../../support/article-factory.js';
import { digestContent, story } from '../../support/story-factory.js';

const recipient = { email: 'reader@example.com', name: 'Reader' };

describe('renderDigest', () => {
  it('shows sections in the fixed topic order with each story\'s headline, sources, date and summary', async () => {
    // Prepare
    const stories = [
      story({ topic: 'sport', headline: 'Cup final goes to extra time' }),
      story({ topic: 'world', headline: 'Summit ends with a deal', sources: ['Jctrans.com', 'CCTV.com'], published: '2007-05-16' }),
      story({ topic: 'business', headline: 'Chipmaker beats forecasts', url: 'https://example.com/chips' }),
    ];
    // Act
    const html = (await renderDigest(digestContent(stories))).html;
    // Assess
    const order = ['World', 'Business', 'Sport'].map((title) => html.indexOf(`>${title}</h2>`));
    expect(order.every((index) => index > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain('Jctrans.com · 16 May 2007 · Also reported by CCTV.com');
    expect(html).toContain('3 stories in 3 topics');
    expect(html).toContain('href="https://example.com/chips"');
    expect(html.match(/Read the original/g)).toHaveLength(1);
    expect(html).toMatch(/<html[^>]*lang="en"/);
  });

  it('escapes markup and ampersands from article text', async () => {
    const hostile = story({
      headline: 'Tom & Jerry <script>alert("x")</script> <mj-raw>raw</mj-raw>',
      summary: 'A & B <img src=x onerror=alert(1)>',
      sources: ['"Quotes" & <b>Co</b>'],
    });

    const rendered = await renderDigest(digestContent([hostile]));

    expect(rendered.html).not.toContain('<script>');
    expect(rendered.html).not.toContain('<img src=x');
    expect(rendered.html).not.toContain('<mj-raw>');
    expect(rendered.html).toContain('Tom &amp; Jerry &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(rendered.html).toContain('&quot;Quotes&quot; &amp; &lt;b&gt;Co&lt;/b&gt;');
    expect(rendered.text).toContain('Tom & Jerry <script>alert("x")</script>');
  });

  it('links only http(s) URLs', async () => {
    const html = (await renderDigest(digestContent([story({ url: 'javascript:alert(1)' }), story({ url: 'https://ok.example/a?b=1&c=2' })]))).html;
    expect(html).not.toContain('javascript:');
    expect(html).toContain('href="https://ok.example/a?b=1&amp;c=2"');
  });

  it('caps the stories so the HTML stays under 100 KB and says how many more there are', async () => {
    const many = Array.from({ length: 200 }, (_, i) =>
      story({ topic: ['world', 'business', 'sport', 'technology'][i % 4]!, headline: `Long headline number ${i} `.repeat(4), summary: 'word '.repeat(60) }),
    );

    const rendered = await renderDigest(digestContent(many));

    expect(Buffer.byteLength(rendered.html)).toBeLessThan(100 * 1024);
    const shown = rendered.html.match(/<h3 /g)?.length ?? 0;
    expect(shown).toBeGreaterThan(5);
    expect(shown).toBeLessThanOrEqual(MAX_RENDERED_STORIES);
    expect(rendered.html).toContain(`+${200 - shown} more stories not shown in this email.`);
    expect(rendered.text).toContain(`+${200 - shown} more stories not shown in this email.`);
    expect(rendered.html).toContain('200 stories in 4 topics');
  });

  it('has a preheader with the top headlines and a plain-text part with every headline', async () => {
    const stories = [story({ headline: 'First item' }), story({ headline: 'Second item', topic: 'sport', url: 'https://x.example/2' })];
    const rendered = await renderDigest(digestContent(stories));
    expect(rendered.html).toMatch(/display:none[^>]*>\s*First item · Second item/);
    expect(rendered.text).toContain('First item');
    expect(rendered.text).toContain('Second item');
    expect(rendered.text).toContain('Read the original: https://x.example/2');
    expect(rendered.subject).toBe('News digest, 24 Nov 2026: First item (+1 more)');
  });

  it('declares its light and dark colours, so clients that honour it do not invert the mail', async () => {
    const { html } = await renderDigest(digestContent([story()]));
    expect(html).toMatch(/<head>[\s\S]*<meta name="color-scheme" content="light dark"[\s\S]*<\/head>/);
    expect(html).toMatch(/<head>[\s\S]*<meta name="supported-color-schemes" content="light dark"[\s\S]*<\/head>/);
    expect(html).toContain(':root { color-scheme: light dark; supported-color-schemes: light dark; }');
    expect(html).toContain('@media (prefers-color-scheme: dark)');
  });

  it('names nothing a mail client would load: no font link, @import, url(), image or other src', async () => {
    // Prepare
    const stories = [story({ url: 'https://example.com/a' }), story({ topic: 'sport' })];
    // Act
    const { html } = personaliseDigest(await renderDigest(digestContent(stories)), recipient, { unsubscribeUrl: 'https://unsub.example.org/u?t=1' });
    // Assess: links are only followed when the reader clicks one.
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).not.toMatch(/url\s*\(/i);
    expect(html).not.toMatch(/<(img|image|iframe|object|embed|video|audio|source|script)\b/i);
    expect(html).not.toMatch(/\s(src|srcset|background|poster|data)\s*=/i);
    expect(html).not.toMatch(/fonts\.(googleapis|gstatic)\.com/i);
  });
});

describe('renderDigest and the web archive', () => {
  it('links the digest\'s web version near the top and in the text part when it has one, and nothing otherwise', async () => {
    const content = digestContent([story({ headline: 'First item' })]);

    const linked = await renderDigest(content, { webVersionUrl: 'https://d111.cloudfront.net/digests/0a1b.html?x=1&y=2' });
    const plain = await renderDigest(content);

    expect(linked.html).toContain('newsdrop · Daily digest · <a href="https://d111.cloudfront.net/digests/0a1b.html?x=1&amp;y=2">View in browser</a>');
    expect(linked.html.indexOf('View in browser')).toBeLessThan(linked.html.indexOf('First item</h3>'));
    expect(linked.text.split('\n').slice(0, 3)).toContain('View in browser: https://d111.cloudfront.net/digests/0a1b.html?x=1&y=2');
    expect(plain.html).not.toContain('View in browser');
    expect(plain.html).toContain('newsdrop · Daily digest</div>');
    expect(plain.text).not.toContain('View in browser');
  });

  it('refuses a web version URL that is not http(s)', async () => {
    const rendered = await renderDigest(digestContent([story()]), { webVersionUrl: 'javascript:alert(1)' });
    expect(rendered.html).not.toContain('View in browser');
    expect(rendered.html).not.toContain('javascript:');
  });
});

describe('personaliseDigest', () => {
  it('fills the recipient slots without compiling again, escaping the address in HTML', async () => {
    const rendered = await renderDigest(digestContent([story()], { topics: ['world', 'sport'] }));

    const mine = personaliseDigest(rendered, { email: 'a&b@example.com', name: null }, { topics: ['world', 'sport'], cadence: 'daily' });
    const withLink = personaliseDigest(rendered, recipient, { unsubscribeUrl: 'https://u.example/t?x=1&y=2' });

    expect(mine.html).toContain('You receive this because a&amp;b@example.com is subscribed to world, sport (daily).');
    expect(mine.html).toContain('To stop these emails, reply to this message.');
    expect(mine.text).toContain('You receive this because a&b@example.com is subscribed to world, sport (daily).');
    expect(mine.html).not.toMatch(/\{\{recipient-/);
    expect(mine.text).not.toMatch(/\{\{recipient-/);
    expect(withLink.html).toContain('href="https://u.example/t?x=1&amp;y=2"');
    expect(withLink.text).toContain('https://u.example/t?x=1&y=2');
  });

  it('cannot be tricked by article text that imitates a slot', async () => {
    const imitation = '{{recipient:email}} {{recipient-0123456789abcdef:email}} {{recipientEmail}} {{layout:story}}';
    const rendered = await renderDigest(digestContent([story({ headline: imitation })]));
    const personal = personaliseDigest(rendered, recipient);
    expect(personal.html).toContain(imitation);
    expect(personal.text).toContain(imitation);
  });
});

describe('renderDigest size budget against untrusted fields', () => {
  const bytes = (text: string) => Buffer.byteLength(text);

  it('keeps the digest of an article with a 240 KB og:site_name within the budget', async () => {
    // Prepare: a page whose publisher name is 240 KB, parsed and stored as ingest would.
    const siteName = 'Daily Planet Metropolitan Edition '.repeat(7_100);
    const page = `<!doctype html><html><head><meta property="og:site_name" content="${siteName}"><title>Council approves the new river bridge</title></head>
<body><article><h1>Council approves the new river bridge</h1>
<p>The city council voted on Tuesday to approve the long-delayed river bridge, ending a decade of debate over its cost and route.</p>
<p>Construction is expected to begin next spring and take three years, officials said after the vote in the council chamber.</p>
<p>Opponents said they would keep pressing for a cheaper tunnel, but conceded the vote settled the matter for this council term.</p></article></body></html>`;
    const parsed = parseArticle(Buffer.from(page), { fileName: 'bridge.html' });
    const stories = buildStories([storedArticle({ ...parsed, id: 'bridge' })]);

    // Act
    const rendered = await renderDigest(digestContent(stories));

    // Assess: within budget, and the story is still there with its (cut) source.
    expect(bytes(siteName)).toBeGreaterThan(240_000);
    expect(bytes(rendered.html)).toBeLessThanOrEqual(MAX_HTML_BYTES);
    expect(rendered.html).toContain('Council approves the new river bridge');
    expect(rendered.html).toMatch(/Daily Planet Metropolitan Edition[^<]*…/);
  });

  it('cuts every untrusted field of a story so one story can never pass the budget', async () => {
    // Prepare: one story whose every field an article or its metadata could make huge.
    const huge = story({
      headline: '<b>&</b> '.repeat(30_000),
      sources: ['&"<>'.repeat(60_000), ...Array.from({ length: 2_000 }, (_, i) => `Outlet number ${i} ${'&'.repeat(200)}`)],
      summary: 'Word & "quote" '.repeat(20_000),
      url: `https://example.com/${'&a=1'.repeat(60_000)}`,
    });

    // Act
    const rendered = await renderDigest(digestContent([huge]));

    // Assess: the story is shown (not counted as "+1 more"), and the HTML and text are within budget.
    expect(bytes(rendered.html)).toBeLessThanOrEqual(MAX_HTML_BYTES);
    expect(bytes(rendered.text)).toBeLessThanOrEqual(MAX_HTML_BYTES);
    expect(rendered.html).not.toContain('not shown in this email');
    expect(rendered.html).toMatch(/Also reported by [^<]*and 1,99\d others/);
  });

  it('keeps trimming past one story until many hostile stories fit', async () => {
    const hostile = Array.from({ length: 200 }, (_, i) =>
      story({ headline: `Story ${i} ${'&'.repeat(400)}`, sources: ['&'.repeat(50_000), '<'.repeat(50_000)], summary: '"'.repeat(5_000), url: `https://example.com/${i}/${'&x'.repeat(5_000)}` }),
    );

    const rendered = await renderDigest(digestContent(hostile));

    expect(bytes(rendered.html)).toBeLessThanOrEqual(MAX_HTML_BYTES);
    const shown = rendered.html.match(/<h3 /g)?.length ?? 0;
    expect(shown).toBeGreaterThan(0);
    expect(rendered.html).toContain(`+${200 - shown} more stories not shown in this email.`);
  });
});
