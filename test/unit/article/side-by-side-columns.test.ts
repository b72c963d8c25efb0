import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../../lambda/article/parse-article.js';
import { unstackSideBySideColumns } from '../../../lambda/article/side-by-side-columns.js';

const HEADLINE = 'Harbour authority approves the new ferry timetable after months of talks';
const STORY =
  'The harbour authority approved the new ferry timetable on Tuesday, ending eleven months of talks with the two unions that crew the boats between the islands and the mainland. Under the agreement, the first crossing leaves at six in the morning instead of seven, and two late sailings are added on Fridays and Saturdays during the summer season. Union representatives said the crews would be paid for the extra hours at the overtime rate.';
const SIDEBAR = ['Latest news', 'Council approves the budget for the new library', 'Weather: rain expected over the weekend', 'Most read', 'Local team wins the regional cup final', 'Road closed for repairs until Friday', 'Market opens on Sunday mornings'];

/** Greedy word wrap at `width` columns. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Two table cells side by side, as w3m -dump -cols 80 lays them out: the left 40 columns wide, the right from column 41. */
function w3mTwoColumns(): string {
  const left = [...wrap(HEADLINE, 40), '', ...wrap(STORY, 40)];
  const right = SIDEBAR.flatMap((item) => [...wrap(item, 38), '']);
  const rows = Math.max(left.length, right.length);
  const lines = Array.from({ length: rows }, (_, row) => `${(left[row] ?? '').padEnd(41)}${right[row] ?? ''}`.trimEnd());
  return ['Home', 'World', 'Sport', '', ...lines, '', 'Contact us'].join('\n');
}

describe('side-by-side table columns', () => {
  it('puts the left column before the right, each wrapped line joined', () => {
    const lines = unstackSideBySideColumns(w3mTwoColumns()).split('\n');
    expect(lines).toContain(HEADLINE);
    expect(lines).toContain(STORY);
    expect(lines).toContain('Road closed for repairs until Friday');
    expect(lines.indexOf(STORY)).toBeLessThan(lines.indexOf('Most read'));
  });

  it('gives the parser the whole headline, without the sidebar beside it', () => {
    expect(parseArticle(Buffer.from(w3mTwoColumns()), { fileName: 'page.txt' }).headline).toBe(HEADLINE);
  });

  it('leaves text without padded cells unchanged', () => {
    const text = ['Home', HEADLINE, ...wrap(STORY, 72), '   * Menu   * Links'].join('\n');
    expect(unstackSideBySideColumns(text)).toBe(text);
  });

  it('leaves a data table, whose cells read across, as it is', () => {
    const drivers = ['Kyle Busch', 'Kevin Harvick', 'Denny Hamlin', 'Martin Truex Jr.', 'Joey Logano', 'Chase Elliott', 'Ryan Blaney'];
    const rows = drivers.map((name, index) => `${String(index + 1).padEnd(5)}${name.padEnd(20)}   ${String(4000 - 37 * index).padEnd(8)}${index % 3}   ${index % 2}`);
    const text = ['Standings after 36 races:', 'Pos. Piloto              Pontos  Vitórias Poles', ...rows, '', wrap(STORY, 72).join('\n')].join('\n');
    expect(unstackSideBySideColumns(text)).toBe(text);
  });
});
