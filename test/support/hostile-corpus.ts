import { MAX_HTML_NODES, MAX_NESTING_FOR_READABILITY, MAX_NODES_FOR_READABILITY } from '../../lambda/article/html-extraction.js';
import { MAX_TEXT_CHARS } from '../../lambda/article/text-budget.js';

/**
 * Files built to make a parser slow or fat: each one as large as ingest accepts (5 MiB unless
 * `bytes` says less, or a limit makes a smaller file the worse one), made of one pattern repeated. Issue 13's cases, and one of each shape a
 * stage could be super-linear or memory-hungry in: deep nesting, long lines, huge attribute
 * values, many entities, unclosed comments and CDATA, Markdown with deep lists and emphasis.
 */
export interface HostileFile {
  readonly name: string;
  /** The object key's file name: its extension is a format hint, as in ingest. */
  readonly fileName: string;
  readonly bytes: Buffer;
}

export const HOSTILE_FILE_BYTES = 5 * 1024 * 1024;

const HEADLINE = 'Harbour council approves the new terminal after a long night of talks';
const SENTENCE = 'The harbour authority said on Tuesday that the new container terminal would open in March. ';

/** `head`, then `unit` repeated until the file holds `bytes` bytes (cut at a unit), then `tail`. */
function repeated(head: string, unit: string, tail: string, bytes: number): Buffer {
  const room = bytes - Buffer.byteLength(head) - Buffer.byteLength(tail);
  const count = Math.max(0, Math.floor(room / Buffer.byteLength(unit)));
  return Buffer.from(head + unit.repeat(count) + tail);
}

const htmlHead = `<!doctype html><html><head><title>${HEADLINE}</title></head><body><p>${SENTENCE.repeat(3)}</p>`;
const htmlTail = '</body></html>';

type Builder = (bytes: number) => Buffer;

/**
 * Plain text and Markdown longer than MAX_TEXT_CHARS are refused unread, so their shapes are built
 * just under it, where they cause the most work; a few stay at full size to show the refusal.
 */
const underTextLimit = (bytes: number) => Math.min(bytes, MAX_TEXT_CHARS - 4096);

/** Sentences that differ (each names its number), joined by `separator`, `chars` characters in all. */
function numberedSentences(chars: number, separator: string): string {
  const sentences: string[] = [];
  let size = 0;
  for (let i = 1; size < chars; i++) {
    const sentence = `Officials said on day ${i} that the harbour terminal project number ${i * 7} would need another review by the council.`;
    sentences.push(sentence);
    size += sentence.length + separator.length;
  }
  return sentences.join(separator).slice(0, chars);
}

/**
 * A page whose body is `unit` (`nodes` DOM nodes each) repeated to just under `limit` nodes, padded
 * to `bytes` with one script: the most work a limit lets through, in a file of the full size.
 */
function atNodeLimit(unit: string, nodes: number, limit: number, bytes: number): Buffer {
  const body = unit.repeat(Math.floor((limit * 0.98) / nodes));
  const head = `<!doctype html><html><head><title>${HEADLINE}</title><script>`;
  const tail = `</script></head><body>${body}</body></html>`;
  return repeated(head, '/* padding */', tail, bytes);
}

const nested = (open: string, close: string, depth: number, inner: string) => open.repeat(depth) + inner + close.repeat(depth);

/** Name, file name and builder of every hostile shape. */
const SHAPES: readonly [string, string, Builder][] = [
  // Issue 13, as reported.
  ['initials', 'initials.txt', (n) => repeated(`${HEADLINE}\n\n`, 'A. B. ', '\n', n)],
  ['initials-at-text-limit', 'initials-1m.txt', (n) => repeated(`${HEADLINE}\n\n`, 'A. B. ', '\n', underTextLimit(n))],
  ['unclosed-script', 'scripts.html', (n) => repeated('', '<script>', '', n)],
  ['self-closing-divs', 'divs.html', (n) => repeated(htmlHead, '<div/>', htmlTail, n)],
  ['bold-elements', 'bold.html', (n) => repeated(htmlHead, '<b>x</b>', htmlTail, n)],
  ['entities', 'entities.html', (n) => repeated('<p>', '&amp;', '', n)],
  // Nesting: unclosed tags, stray end tags, tables, lists.
  ['unclosed-divs', 'deep.html', (n) => repeated(htmlHead, '<div>', htmlTail, n)],
  ['unclosed-bold', 'deep-b.html', (n) => repeated(htmlHead, '<b>', htmlTail, n)],
  ['stray-end-tags', 'stray.html', (n) => repeated(htmlHead, '<div></x>', htmlTail, n)],
  ['nested-tables', 'tables.html', (n) => repeated(htmlHead, '<table><tr><td>', htmlTail, n)],
  ['nested-lists', 'lists.html', (n) => repeated(htmlHead, '<ul><li>', htmlTail, n)],
  ['nested-svg', 'svg.html', (n) => repeated(`${htmlHead}<svg>`, '<g>', htmlTail, n)],
  ['nested-at-readability-limit', 'nest200.html', (n) => repeated(htmlHead, `${'<div>'.repeat(190)}<p>${SENTENCE}</p>${'</div>'.repeat(190)}`, htmlTail, n)],
  // The most a page may hold and still go through Readability (which parses the page again on each retry) or be parsed at all.
  ['readability-paragraphs', 'r-paragraphs.html', (n) => atNodeLimit(`<p>${SENTENCE}</p>`, 2, MAX_NODES_FOR_READABILITY, n)],
  ['readability-deep', 'r-deep.html', (n) => {
    const depth = MAX_NESTING_FOR_READABILITY - 10;
    return atNodeLimit(nested('<div>', '</div>', depth, `<p>${SENTENCE}</p>`), depth + 2, MAX_NODES_FOR_READABILITY, n);
  }],
  ['readability-tables', 'r-tables.html', (n) => {
    const depth = Math.floor((MAX_NESTING_FOR_READABILITY - 10) / 3);
    return atNodeLimit(nested('<table><tr><td>', '</td></tr></table>', depth, SENTENCE), depth * 3 + 1, MAX_NODES_FOR_READABILITY, n);
  }],
  ['readability-links', 'r-links.html', (n) => atNodeLimit('<div><a href="#">Harbour terminal news</a> </div>', 5, MAX_NODES_FOR_READABILITY, n)],
  ['readability-breaks', 'r-breaks.html', (n) => atNodeLimit('<div>harbour<br>terminal</div>', 4, MAX_NODES_FOR_READABILITY, n)],
  ['readability-no-text', 'r-empty.html', (n) => atNodeLimit('<div><span>a</span></div>', 3, MAX_NODES_FOR_READABILITY, n)],
  ['readability-attributes', 'r-attributes.html', (n) => atNodeLimit(`<div class="story" id="x">${SENTENCE}</div>`, 4, MAX_NODES_FOR_READABILITY, n)],
  ['dom-limit-paragraphs', 'd-paragraphs.html', (n) => atNodeLimit(`<p>${SENTENCE}</p>`, 2, MAX_HTML_NODES, n)],
  ['dom-limit-deep', 'd-deep.html', (n) => atNodeLimit(nested('<div>', '</div>', 1990, `<p>${SENTENCE}</p>`), 1992, MAX_HTML_NODES, n)],
  ['dom-limit-breaks', 'd-breaks.html', (n) => atNodeLimit('<div>harbour<br>terminal</div>', 4, MAX_HTML_NODES, n)],
  // Many nodes, each small.
  ['paragraphs', 'paragraphs.html', (n) => repeated(htmlHead, `<p>${SENTENCE}</p>`, htmlTail, n)],
  ['line-breaks', 'breaks.html', (n) => repeated(htmlHead, '<br>', htmlTail, n)],
  ['empty-comments', 'comments.html', (n) => repeated(htmlHead, '<!---->', htmlTail, n)],
  ['many-attributes', 'attributes.html', (n) => {
    const room = n - Buffer.byteLength(`${htmlHead}<div>x</div>${htmlTail}`) - 8;
    let attributes = '';
    for (let i = 0; attributes.length < room; i++) attributes += ` a${i.toString(36)}`;
    return Buffer.from(`${htmlHead}<div${attributes}>x</div>${htmlTail}`);
  }],
  ['numeric-entities', 'numeric.html', (n) => repeated(htmlHead, '&#x41;', htmlTail, n)],
  ['unterminated-entities', 'amp.html', (n) => repeated(htmlHead, '&amp ', htmlTail, n)],
  // One huge token.
  ['huge-attribute', 'attribute.html', (n) => repeated('<html><head><meta property="og:title" content="', 'Harbour ', `"></head><body><p>${SENTENCE}</p></body></html>`, n)],
  ['unclosed-attribute', 'quote.html', (n) => repeated('<html><body><div class="', 'x ', '', n)],
  ['unclosed-comment', 'comment.html', (n) => repeated(`${htmlHead}<!--`, 'x ', '', n)],
  ['unclosed-cdata', 'cdata.html', (n) => repeated(`${htmlHead}<![CDATA[`, 'x ', '', n)],
  ['many-cdata', 'cdatas.html', (n) => repeated(htmlHead, '<![CDATA[x]]>', htmlTail, n)],
  ['unclosed-tag', 'tag.html', (n) => repeated('<html><body><div ', 'x=y ', '', n)],
  ['open-angles', 'angles.html', (n) => repeated(htmlHead, '<', htmlTail, n)],
  ['json-ld-nested', 'ld.html', (n) => {
    const depth = Math.floor((n - 300) / 2);
    return Buffer.from(`<html><head><script type="application/ld+json">${'['.repeat(depth)}${']'.repeat(depth)}</script></head><body><p>${SENTENCE}</p></body></html>`);
  }],
  ['huge-title', 'title.html', (n) => repeated('<html><head><title>', 'Harbour - ', `</title></head><body><p>${SENTENCE.repeat(3)}</p></body></html>`, n)],
  // Plain text: long lines, many lines, patterns the line rules look for.
  ['one-word', 'word.txt', (n) => repeated(`${HEADLINE}\n\n`, 'a', '', underTextLimit(n))],
  ['long-sentence', 'sentence.txt', (n) => repeated(`${HEADLINE}\n\n`, 'harbour terminal ', '', underTextLimit(n))],
  ['empty-lines', 'lines.txt', (n) => repeated(`${HEADLINE}\n\n${SENTENCE}\n`, '\n', '', underTextLimit(n))],
  ['short-lines', 'short.txt', (n) => repeated(`${HEADLINE}\n\n`, 'a\n', '', underTextLimit(n))],
  ['sentence-lines', 'sentences.txt', (n) => repeated(`${HEADLINE}\n\n`, `${SENTENCE}\n`, '', underTextLimit(n))],
  // The largest real-looking article: distinct sentences, one paragraph each or all on one line.
  ['article-paragraphs', 'article.txt', (n) => Buffer.from(`${HEADLINE}\n\n${numberedSentences(n - 200, '\n\n')}`)],
  ['article-one-line', 'one-line.txt', (n) => Buffer.from(`${HEADLINE}\n\n${numberedSentences(n - 200, ' ')}`)],
  // The largest article that is stored: as much text as an extractor reads, as text and as a page padded with a script.
  ['article-at-text-limit', 'long-article.txt', (n) => Buffer.from(`${HEADLINE}\n\n${numberedSentences(Math.min(n, MAX_TEXT_CHARS) - 200, '\n\n')}`)],
  ['page-at-text-limit', 'long-page.html', (n) => {
    const paragraphs = numberedSentences(MAX_TEXT_CHARS - 2_000, '\n').split('\n').map((sentence) => `<p>${sentence}</p>`).join('');
    return repeated(`<!doctype html><html><head><title>${HEADLINE}</title><script>`, '/* padding */', `</script></head><body><article>${paragraphs}</article></body></html>`, n);
  }],
  ['abbreviations', 'abbreviations.txt', (n) => repeated(`${HEADLINE}\n\n`, 'Mr. ', '', underTextLimit(n))],
  ['dated-parentheses', 'dates.txt', (n) => repeated(`${HEADLINE}\n\n`, '(2007-5-14 ', '', underTextLimit(n))],
  ['pipes', 'pipes.txt', (n) => repeated(`${HEADLINE}\n\n`, 'a | ', '', underTextLimit(n))],
  ['bylines', 'bylines.txt', (n) => repeated(`${HEADLINE}\n\n`, 'By ', '', underTextLimit(n))],
  ['share-words', 'share.txt', (n) => repeated(`${HEADLINE}\n\n`, 'share print ', '', underTextLimit(n))],
  ['copyright', 'copyright.txt', (n) => repeated(`${HEADLINE}\n\n`, '© 2007 ', '', underTextLimit(n))],
  ['numbers', 'numbers.txt', (n) => repeated(`${HEADLINE}\n\n`, '12/12/2012 ', '', underTextLimit(n))],
  ['whitespace-runs', 'spaces.txt', (n) => repeated(`${HEADLINE}\n\n${SENTENCE}`, ' \t', 'x.', underTextLimit(n))],
  ['emoji', 'emoji.txt', (n) => repeated(`${HEADLINE}\n\n`, '🙂 ', '', underTextLimit(n))],
  ['repeated-lines', 'repeated.txt', (n) => repeated(`${HEADLINE}\n\n`, 'Share this story\n', '', underTextLimit(n))],
  // Encodings: what the decoder rewrites character by character.
  ['crlf-lines', 'crlf.txt', (n) => repeated(`${HEADLINE}\r\n\r\n`, '\r\n', '', n)],
  ['no-break-spaces', 'nbsp.txt', (n) => repeated(`${HEADLINE}\n\n`, '\u00a0', '', n)],
  ['zero-width-spaces', 'zwsp.txt', (n) => repeated(`${HEADLINE}\n\n`, '\u200b', '', n)],
  ['windows-1252', 'latin1.txt', (n) => Buffer.from(repeated(`${HEADLINE}\n\n`, 'Caf\u00e9 ', '', n).toString('utf8').slice(0, n), 'latin1')],
  ['utf16-without-bom', 'utf16.txt', (n) => Buffer.from(repeated(`${HEADLINE}\n\n`, 'harbour ', '', n / 2).toString('utf8'), 'utf16le')],
  // Markdown: deep lists and quotes, emphasis and links that never close, huge front matter.
  ['markdown-deep-list', 'list.md', (bytes) => {
    const n = underTextLimit(bytes);
    const lines = [`# ${HEADLINE}`, '', SENTENCE];
    let size = 200;
    for (let depth = 0; size < n; depth++) {
      const line = `${' '.repeat(depth * 2)}- item ${depth}`;
      lines.push(line);
      size += line.length + 1;
    }
    return Buffer.from(lines.join('\n').slice(0, n));
  }],
  ['markdown-deep-quote', 'quote.md', (n) => repeated(`# ${HEADLINE}\n\n${SENTENCE}\n\n`, '>', ' x', underTextLimit(n))],
  ['markdown-emphasis', 'stars.md', (n) => repeated(`# ${HEADLINE}\n\n${SENTENCE}\n\n`, '**a', '', underTextLimit(n))],
  ['markdown-underscores', 'underscores.md', (n) => repeated(`# ${HEADLINE}\n\n${SENTENCE}\n\n`, '_a', '', underTextLimit(n))],
  ['markdown-brackets', 'brackets.md', (n) => repeated(`# ${HEADLINE}\n\n${SENTENCE}\n\n`, '[a', '', underTextLimit(n))],
  ['markdown-links', 'links.md', (n) => repeated(`# ${HEADLINE}\n\n${SENTENCE}\n\n`, '[a](', '', underTextLimit(n))],
  ['markdown-images', 'images.md', (n) => repeated(`# ${HEADLINE}\n\n${SENTENCE}\n\n`, '![a](', '', underTextLimit(n))],
  ['markdown-angles', 'angles.md', (n) => repeated(`# ${HEADLINE}\n\n${SENTENCE}\n\n`, '<a', '', underTextLimit(n))],
  ['markdown-backticks', 'ticks.md', (n) => repeated(`# ${HEADLINE}\n\n${SENTENCE}\n\n`, '`a', '', underTextLimit(n))],
  ['markdown-headings', 'headings.md', (n) => repeated(`# ${HEADLINE}\n\n${SENTENCE}\n\n`, '# a\n\n', '', underTextLimit(n))],
  ['front-matter-huge', 'front.md', (n) => repeated('---\ntitle: ', 'Harbour ', `\n---\n\n${SENTENCE.repeat(3)}\n`, underTextLimit(n))],
  ['front-matter-nested', 'nested-front.md', (bytes) => {
    const n = underTextLimit(bytes);
    const depth = Math.floor((n - 400) / 2);
    return Buffer.from(`---\ntitle: ${'['.repeat(depth)}${']'.repeat(depth)}\n---\n\n${SENTENCE.repeat(3)}\n`);
  }],
  ['front-matter-unclosed', 'unclosed-front.md', (n) => repeated('---\ntitle: x\n', 'a: b\n', '', underTextLimit(n))],
];

export const HOSTILE_FILE_NAMES: readonly string[] = SHAPES.map(([name]) => name);

/** One hostile file by name, `bytes` long at most. */
export function hostileFile(name: string, bytes = HOSTILE_FILE_BYTES): HostileFile {
  const shape = SHAPES.find(([shapeName]) => shapeName === name);
  if (!shape) throw new Error(`no hostile file named ${name}`);
  const [, fileName, build] = shape;
  return { name, fileName, bytes: build(bytes) };
}

/** Every hostile file, `bytes` long at most. */
export function hostileCorpus(bytes = HOSTILE_FILE_BYTES): HostileFile[] {
  return HOSTILE_FILE_NAMES.map((name) => hostileFile(name, bytes));
}
