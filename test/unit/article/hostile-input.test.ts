import { describe, expect, it } from 'vitest';
import { ArticleError } from '../../../lambda/article/article-error.js';
import { parseArticle } from '../../../lambda/article/parse-article.js';
import type { ParsedArticle } from '../../../lambda/article/parsed-article.js';
import { MAX_TEXT_CHARS } from '../../../lambda/article/text-budget.js';

/**
 * Issue 13's files that stalled a batch, at sizes where the old code took seconds (and grew
 * quadratically from there): each must now be stored or refused within the limit.
 */
const LIMIT_MS = 1_000;
const HEADLINE = 'Harbour council approves the new terminal after talks';
const PARAGRAPH = 'The harbour authority said on Tuesday that the new container terminal would open in March after two years of delays.';
const PAGE_HEAD = `<!doctype html><html><head><title>${HEADLINE}</title></head><body><p>${PARAGRAPH}</p>`;

/** The parse's result or its article error code, and how long it took. */
function timedParse(text: string, fileName: string): { result: ParsedArticle | string; ms: number } {
  const started = performance.now();
  try {
    const result = parseArticle(Buffer.from(text), { fileName });
    return { result, ms: performance.now() - started };
  } catch (error) {
    if (!(error instanceof ArticleError)) throw error;
    return { result: error.code, ms: performance.now() - started };
  }
}

describe('files that stalled a batch', () => {
  it('summarises a body of initials in linear time (headline + "A. B. " x 10,000 took 10 s)', () => {
    const { result, ms } = timedParse(`${HEADLINE}\n\n${'A. B. '.repeat(10_000)}\n`, 'initials.txt');

    expect(ms).toBeLessThan(LIMIT_MS);
    expect((result as ParsedArticle).summary.length).toBeLessThanOrEqual(300);
  });

  it('joins a megabyte of lower-case lines without a full stop in linear time (1,200 lines of "a   a   …" took 5 s)', () => {
    const { ms } = timedParse(Array.from({ length: 1_200 }, () => 'a   '.repeat(200)).join('\n'), 'lower-case.txt');

    expect(ms).toBeLessThan(LIMIT_MS);
  });

  it('reads a line of 200,000 "[" for the text-browser marks in linear time (took 45 s)', () => {
    const { ms } = timedParse(`${HEADLINE}\n\n${PARAGRAPH}\n\n${'['.repeat(200_000)}\n\n${PARAGRAPH}\n`, 'brackets.txt');

    expect(ms).toBeLessThan(LIMIT_MS);
  });

  it('reads 50,000 unclosed <script> tags as the parser does, one script swallowing the rest (took 5 s and was refused as nesting)', () => {
    const { result, ms } = timedParse('<script>'.repeat(50_000), 'scripts.html');

    expect(ms).toBeLessThan(LIMIT_MS);
    expect(result).toBe('no-article');
  });

  it.each([
    ['<div/> (an open <div> to the HTML parser)', '<div/>'.repeat(2_500)],
    ['<div></x> (an end tag that closes nothing)', '<div></x>'.repeat(2_500)],
    ['<li><div> (an <li> closes an open <li> only when it is the current element)', '<li><div>'.repeat(1_250)],
  ])('counts %s as nesting, as the DOM does', (_, markup) => {
    const { result, ms } = timedParse(`${PAGE_HEAD}${markup}</body></html>`, 'nested.html');

    expect(ms).toBeLessThan(LIMIT_MS);
    expect(result).toBe('unsupported-content');
  });

  it('does not count void elements, foreign self-closing tags or implied closes as nesting', () => {
    const body = `<svg>${'<path/>'.repeat(3_000)}</svg>${'<br/><img src=x><p>para'.repeat(3_000)}<ul>${'<li>item'.repeat(3_000)}</ul>`;

    const { result } = timedParse(`${PAGE_HEAD}${body}<p>The council voted 31 to 20 on Monday after a long debate in the chamber about the plan.</p></body></html>`, 'flat.html');

    expect(result).toMatchObject({ headline: HEADLINE });
  });

  it.each([
    ['120,000 <b>x</b> elements (4.9 MB took 17 s and 1.77 GB)', `${PAGE_HEAD}${'<b>x</b>'.repeat(120_000)}`],
    ['250,000 &amp; entities, each a text node (4.9 MB took 6.9 s and 1.32 GB)', `${PAGE_HEAD}<p>${'&amp;'.repeat(250_000)}`],
    ['250,000 attributes', `${PAGE_HEAD}<div${Array.from({ length: 250_000 }, (_, i) => ` a${i}`).join('')}>x</div>`],
    ['250,000 comments', `${PAGE_HEAD}${'<!---->'.repeat(250_000)}`],
  ])('refuses %s as too-complex before building the DOM', (_, html) => {
    const { result, ms } = timedParse(html, 'wide.html');

    expect(ms).toBeLessThan(LIMIT_MS);
    expect(result).toBe('too-complex');
  });
});

describe('patterns that read to the end of the line at every match (each took seconds at these sizes, quadratically more beyond)', () => {
  it.each([
    ['a <time datetime> of a time, 300 spaces and a date (6 s)', `${PAGE_HEAD.replace('<body>', `<body><time datetime="12:00${' '.repeat(300)}x May 5, 2020"></time>`)}</body></html>`, 'time.html'],
    ['a source credit with a run of 30,000 commas inside (4 s)', `${HEADLINE}\n\nSource: x${','.repeat(30_000)}y\n${PARAGRAPH}\n`, 'source.txt'],
    ['a line of 15,000 "(2007-5-14 " list dates (3 s)', `${HEADLINE}\n\n${PARAGRAPH} ${'(2007-5-14 '.repeat(15_000)}\n`, 'dates.txt'],
    ['a Markdown paragraph of 30,000 "[a](" (2.9 s)', `# ${HEADLINE}\n\n${PARAGRAPH}\n\n${'[a]('.repeat(30_000)}\n`, 'links.md'],
    ['a Markdown paragraph of 60,000 "<a" (3 s)', `# ${HEADLINE}\n\n${PARAGRAPH}\n\n${'<a'.repeat(60_000)}\n`, 'angles.md'],
  ])('reads %s in linear time', (_, text, fileName) => {
    const { ms } = timedParse(text, fileName);

    expect(ms).toBeLessThan(LIMIT_MS);
  });

  it('still reads Markdown links, images and tags, and a date after a time', () => {
    const markdown = `# ${HEADLINE}\n\n${PARAGRAPH} See [the plan](https://example.com/plan_(2026)) and ![map](map.png) <b>now</b>.\n\nThe council voted 31 to 20 on Monday after a long debate in the chamber about the plan and its cost.\n`;
    const html = `${PAGE_HEAD.replace('<body>', '<body><time datetime="10:30 am   EST,  May 5, 2020"></time>')}<p>The council voted 31 to 20 on Monday after a long debate in the chamber about the plan.</p></body></html>`;

    expect(parseArticle(Buffer.from(markdown), { fileName: 'plan.md' }).body[0]).toBe(`${PARAGRAPH} See the plan and now.`);
    expect(parseArticle(Buffer.from(html), { fileName: 'time.html' }).published).toBe('2020-05-05T10:30:00-05:00');
  });
});

describe('how much an extractor reads', () => {
  const sentences = (chars: number) => {
    let text = '';
    for (let i = 1; text.length < chars; i++) text += `Officials said on day ${i} that the harbour terminal would need review number ${i}.\n\n`;
    return text;
  };

  it.each([
    ['plain text', `${HEADLINE}\n\n${sentences(MAX_TEXT_CHARS)}`, 'long.txt'],
    ['Markdown', `# ${HEADLINE}\n\n${sentences(MAX_TEXT_CHARS)}`, 'long.md'],
    ['the text of an HTML page', `${PAGE_HEAD}<pre>${sentences(MAX_TEXT_CHARS)}</pre></body></html>`, 'long.html'],
  ])('refuses %s of more than MAX_TEXT_CHARS characters as too-complex', (_, text, fileName) => {
    const { result, ms } = timedParse(text, fileName);

    expect(ms).toBeLessThan(LIMIT_MS);
    expect(result).toBe('too-complex');
  });

  it("does not count a page's scripts and styles as its text", () => {
    const page = `${PAGE_HEAD.replace('</head>', `<script>var data = "${'x'.repeat(MAX_TEXT_CHARS)}";</script><style>${'p{}'.repeat(1000)}</style></head>`)}<p>The council voted 31 to 20 on Monday after a long debate in the chamber about the plan.</p></body></html>`;

    expect(timedParse(page, 'scripted.html').result).toMatchObject({ headline: HEADLINE });
  });

  it('stores at most 400 characters of a headline and 200 of a source, and no URL longer than 2,048', () => {
    const page = `<!doctype html><html><head><title>${'Harbour terminal '.repeat(3_000)}</title><meta property="og:site_name" content="${'Coast News '.repeat(1_000)}"><link rel="canonical" href="https://example.com/${'a'.repeat(3_000)}"></head><body><p>${PARAGRAPH}</p><p>The council voted 31 to 20 on Monday after a long debate in the chamber about the plan.</p></body></html>`;

    const article = timedParse(page, 'long-fields.html').result as ParsedArticle;

    expect(article.headline.length).toBeLessThanOrEqual(400);
    expect(article.headline).toMatch(/^Harbour terminal Harbour .*…$/);
    expect(article.source!.length).toBeLessThanOrEqual(200);
    expect(article.url).toBeNull();
  });
});
