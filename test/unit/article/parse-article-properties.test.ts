import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArticleError } from '../../../lambda/article/article-error.js';
import { parseArticle } from '../../../lambda/article/parse-article.js';

/**
 * Generated hostile input: a short run of tokens that trip parsers (initials, stray tags, runs of
 * whitespace, unclosed brackets, …) repeated into a file of up to ~200 KB, where anything
 * quadratic takes seconds. Whatever the input, parseArticle answers with an article or an
 * ArticleError (a rejection code), never another exception, within the limit.
 */
const LIMIT_MS = 1_000;
const MAX_CHARS = 200_000;
/** Fixed, so a failure reproduces; fast-check prints the counterexample and its path. */
const RUNS = { seed: 13, numRuns: 25 };

const HEADLINE = 'Harbour council approves the new terminal after talks';
const PARAGRAPH = 'The harbour authority said on Tuesday that the new container terminal would open in March after two years of delays.';

/** `head`, then a unit of tokens repeated to at most MAX_CHARS, then a few more tokens. */
function hostile(head: string, tokens: readonly string[]): fc.Arbitrary<string> {
  const token = fc.constantFrom(...tokens);
  return fc
    .tuple(fc.array(token, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 50_000 }), fc.array(token, { maxLength: 12 }))
    .map(([unit, count, tail]) => {
      const pattern = unit.join('');
      return head + pattern.repeat(Math.min(count, Math.floor(MAX_CHARS / pattern.length))) + tail.join('');
    });
}

const TEXT_TOKENS = [
  'A. ', 'B. ', 'Mr. ', 'U.S. ', 'By ', 'Source: ', '(2007-5-14 ', ')', '(', '| ', ' > ', '» ', '© 2007 ', '12:00', ' May 5, 2020', 'said ',
  'the ', 'Harbour ', '. ', '! ', '? ', ', ', ',', '-', '—', "'", '"', '“', '\n', '\n\n', '\r\n', ' ', '  ', '\t', '\u00a0', '\u200b',
  'é', '🙂', '北京', 'x', '0', '.', ':',
];

const HTML_TOKENS = [
  '<div>', '</div>', '<div/>', '<p>', '</p>', '<li>', '<ul>', '<table>', '<tr>', '<td>', '<b>', '</b>', '</x>', '<br>', '<img src=x>',
  '<svg>', '<path/>', '<script>', '</script>', '<style>', '<!--', '-->', '<![CDATA[', '<a href="', '">', '&amp;', '&#x41;', '&amp',
  '<time datetime="12:00', '<meta property="og:title" content="', '<script type="application/ld+json">[', '[', '{"@type":"NewsArticle",',
  '<title>', '</title>', '<h1>', 'Harbour ', 'said ', 'A. ', ' ', '\n', '<', '>', '"', '=',
];

const MARKDOWN_TOKENS = [
  '# ', '## ', '- ', '* ', '+ ', '  ', '> ', '**', '*', '__', '_', '`', '```', '[', ']', '(', ')', '![', '](', '<', '<a', '>', '---\n',
  'title: ', 'date: 12:00', '    ', '\n', '\n\n', 'Harbour ', 'said ', 'A. ', '. ', '|', 'x',
];

const FORMATS: readonly [string, string, fc.Arbitrary<string>][] = [
  ['text', 'story.txt', hostile(`${HEADLINE}\n\n${PARAGRAPH}\n`, TEXT_TOKENS)],
  ['HTML', 'story.html', hostile(`<!doctype html><html><head><title>${HEADLINE}</title></head><body><p>${PARAGRAPH}</p>`, HTML_TOKENS)],
  ['Markdown', 'story.md', hostile(`---\ntitle: ${HEADLINE}\n---\n\n${PARAGRAPH}\n\n`, MARKDOWN_TOKENS)],
];

describe('parseArticle on generated hostile input', () => {
  it.each(FORMATS)('answers any %s within the limit, with an article or a rejection code', (_, fileName, input) => {
    fc.assert(
      fc.property(input, (text) => {
        const started = performance.now();
        try {
          parseArticle(Buffer.from(text), { fileName });
        } catch (error) {
          if (!(error instanceof ArticleError)) throw error;
        }
        expect(performance.now() - started).toBeLessThan(LIMIT_MS);
      }),
      RUNS,
    );
  });
});
