import { describe, expect, it } from 'vitest';
import { unwrapHardWrappedLines, wrapWidth } from '../../../lambda/article/hard-wrapped-lines.js';
import { parseArticle } from '../../../lambda/article/parse-article.js';

/** Greedy word wrap at `width` columns with `indent` spaces, as lynx -dump and w3m -dump do. */
function wrap(text: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}

const HEADLINE = 'Harbour authority approves the new ferry timetable after eleven months of talks with the unions';
const PARAGRAPHS = [
  'The harbour authority approved the new ferry timetable on Tuesday, ending eleven months of talks with the two unions that crew the boats between the islands and the mainland.',
  'Under the agreement, the first crossing leaves at six in the morning instead of seven, and two late sailings are added on Fridays and Saturdays during the summer season.',
  'Union representatives said the crews would be paid for the extra hours at the overtime rate, and that the rota would be reviewed again after the first full summer of operation.',
  'Passengers who hold season tickets will be able to use them on the new sailings without paying a supplement, the authority said in a statement published on its website.',
];

function lynxPage(width: number): string {
  return [
    '   * Home',
    '   * News',
    '   * Sport',
    '',
    ...wrap(HEADLINE, width),
    '',
    ...PARAGRAPHS.flatMap((paragraph) => [...wrap(paragraph, width, '   '), '']),
    '   * Terms of use',
  ].join('\n');
}

describe('hard-wrapped text', () => {
  it('finds the width a text-mode browser wrapped at', () => {
    expect(wrapWidth(lynxPage(78).split('\n'))).toBeGreaterThan(70);
    expect(wrapWidth(lynxPage(78).split('\n'))).toBeLessThanOrEqual(78);
  });

  it('joins a headline and paragraphs wrapped over several lines into one line each', () => {
    const lines = unwrapHardWrappedLines(lynxPage(78)).split('\n');
    expect(lines).toContain(HEADLINE);
    for (const paragraph of PARAGRAPHS) expect(lines).toContain(`   ${paragraph}`);
    // List entries and the breaks the author made stay where they were.
    expect(lines.slice(0, 3)).toEqual(['   * Home', '   * News', '   * Sport']);
  });

  it('gives the parser the whole headline, not its first half', () => {
    const article = parseArticle(Buffer.from(lynxPage(78)), { fileName: 'page.txt' });
    expect(article.headline).toBe(HEADLINE);
    expect(article.body).toEqual(PARAGRAPHS);
  });

  it('joins a wrapped list entry onto its marker line', () => {
    const entry = 'Passengers with season tickets can use the new sailings at no extra cost from the first of June onwards';
    const text = [...wrap(`* ${entry}`, 60, '     ').map((line, index) => (index === 0 ? line : `  ${line}`)), ...lynxPage(60).split('\n')].join('\n');
    expect(unwrapHardWrappedLines(text).split('\n')[0]).toBe(`     * ${entry}`);
  });

  it('leaves a page of one paragraph per line unchanged', () => {
    const text = ['Home', 'News', HEADLINE, ...PARAGRAPHS, 'Terms of use'].join('\n');
    expect(wrapWidth(text.split('\n'))).toBeNull();
    expect(unwrapHardWrappedLines(text)).toBe(text);
  });

  it('leaves a column of menu entries and teasers cut at one length unchanged', () => {
    const teasers = PARAGRAPHS.map((paragraph) => paragraph.slice(0, 60).trimEnd());
    const text = [HEADLINE, ...teasers.flatMap((teaser) => [teaser, 'Read more']), ...PARAGRAPHS].join('\n');
    expect(unwrapHardWrappedLines(text)).toBe(text);
  });

  it('takes an unbreakable link past the width for what it is', () => {
    const text = `${lynxPage(78)}\n   https://example.org/${'a'.repeat(120)}`;
    expect(unwrapHardWrappedLines(text).split('\n')).toContain(HEADLINE);
  });
});
