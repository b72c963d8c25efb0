import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { TooComplexError, UnsupportedContentError } from '../../../lambda/article/article-error.js';
import { measureHtml } from '../../../lambda/article/html-shape.js';
import { NO_DEADLINE, ParseDeadline } from '../../../lambda/article/parse-deadline.js';

const UNLIMITED = { maxDepth: Number.POSITIVE_INFINITY, maxNodes: Number.POSITIVE_INFINITY, maxTextChars: Number.POSITIVE_INFINITY };

/** Depth and element count of the DOM linkedom builds, walked iteratively. */
function domShape(html: string): { depth: number; elements: number } {
  const { document } = parseHTML(html);
  let depth = 0;
  let elements = 0;
  const stack: [Node, number][] = [[document as unknown as Node, 0]];
  while (stack.length > 0) {
    const [node, level] = stack.pop()!;
    if (node.nodeType === 1) {
      elements++;
      depth = Math.max(depth, level);
    }
    for (const child of Array.from(node.childNodes)) stack.push([child, node.nodeType === 1 || node.nodeType === 9 ? level + 1 : level]);
  }
  return { depth, elements };
}

/** Tag soup: what browsers forgive and a naive tag counter gets wrong. */
const TOKENS = [
  '<div>', '</div>', '<div/>', '<p>', '</p>', '<li>', '</li>', '<ul>', '<table>', '<tr>', '<td>', '</table>', '<b>', '</b>', '<i>', '</x>',
  '<br>', '<br/>', '<img src=x>', '<input>', '<svg>', '<path/>', '</svg>', '<math>', '<mi/>', '<script>', '</script>', '<style>', '</style>',
  '<template>', '</template>', '<textarea>', '</textarea>', '<title>', '</title>', '<!--', '-->', '<![CDATA[', ']]>', '<option>', '<select>',
  '<h1>', '<dd>', '<dt>', '&amp;', '&lt;', 'text', ' ', '<', '>', '"', "'",
];

describe('measureHtml', () => {
  it('measures the depth and element count linkedom builds, for any tag soup', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 200 }), (tokens) => {
        const html = tokens.join('');
        const shape = measureHtml(html, UNLIMITED, NO_DEADLINE);
        expect({ depth: shape.depth, elements: shape.elements }).toEqual(domShape(html));
      }),
      { seed: 13, numRuns: 300 },
    );
  });

  it('refuses a page past its depth, node or text limit, with the code for each', () => {
    expect(() => measureHtml('<div>'.repeat(11), { ...UNLIMITED, maxDepth: 10 }, NO_DEADLINE)).toThrow(UnsupportedContentError);
    expect(() => measureHtml('<b>x</b>'.repeat(6), { ...UNLIMITED, maxNodes: 10 }, NO_DEADLINE)).toThrow(TooComplexError);
    expect(() => measureHtml('<p>hello</p><p>world</p>', { ...UNLIMITED, maxTextChars: 9 }, NO_DEADLINE)).toThrow(TooComplexError);
    expect(measureHtml('<p>hello</p><script>var long = 1;</script><p>world</p>', { ...UNLIMITED, maxTextChars: 10 }, NO_DEADLINE).textChars).toBe(10);
  });

  it('stops when the deadline passes', () => {
    let now = 0;
    const deadline = new ParseDeadline(1_000, () => (now += 10));

    expect(() => measureHtml('<b>x</b>'.repeat(100_000), UNLIMITED, deadline)).toThrow(/took longer than the 1000 ms one file may take \(stopped while measuring the HTML\)/);
  });
});
