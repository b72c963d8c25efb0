import { describe, expect, it } from 'vitest';
import { displayColumnsOf, unwrapHardWrappedLines, wrapWidth } from '../../../lambda/article/hard-wrapped-lines.js';
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

  it('counts columns, not UTF-16 units: an emoji past the wrap width in JavaScript is not past it on screen', () => {
    // w3m wrapped this line at 79 columns; "👁" is one character and one column, but two UTF-16 units.
    const emojiLine = `  • 👁 ${'x'.repeat(43)} check out the latest news on`;
    expect(Array.from(emojiLine)).toHaveLength(78);
    const text = `${lynxPage(78)}\n${emojiLine}\n    AI`;
    expect(unwrapHardWrappedLines(text).split('\n')).toContain(HEADLINE);
  });

  it('finds the wrap of a short article on a long page of menu lines', () => {
    // A paywalled story: three wrapped paragraphs under three hundred lines of menus.
    const menus = Array.from({ length: 300 }, (_, index) => `   * Section number ${index}`);
    const text = [...menus, '', ...wrap(HEADLINE, 78), '', ...PARAGRAPHS.slice(0, 3).flatMap((paragraph) => [...wrap(paragraph, 78, '   '), ''])].join('\n');
    const lines = unwrapHardWrappedLines(text).split('\n');
    expect(lines).toContain(HEADLINE);
    expect(lines).toContain(`   ${PARAGRAPHS[0]}`);
  });

  it('joins a centred second line onto a wrapped headline', () => {
    // lynx centres a heading's lines: the wrapped remainder sits in the middle of the width.
    const [first, rest] = wrap(HEADLINE, 78);
    const centred = `${' '.repeat(Math.floor((78 - rest!.length) / 2))}${rest}`;
    const text = lynxPage(78).replace(`${first}\n${rest}`, `${first}\n${centred}`);
    expect(text).toContain(centred);
    expect(unwrapHardWrappedLines(text).split('\n')).toContain(HEADLINE);
  });

  it('leaves a long page unchanged whose few same-length menu entries are outnumbered by longer lines', () => {
    // Three tree-menu entries that run on into the next entry, among paragraphs kept whole on one line each.
    const menus = Array.from({ length: 400 }, (_, index) => `     * Month ${index} (${index % 12})`);
    const tree = ['      # Registration of municipal taxpayers and', '      # Forms', '      # Cancellation of municipal contributor records', '      # Fees', '      # Certificates of the municipal register of', '      # Links'];
    const text = [...menus, ...tree, '', HEADLINE, ...PARAGRAPHS.map((paragraph) => `   ${paragraph}`)].join('\n');
    expect(wrapWidth(text.split('\n'))).toBeNull();
  });

  it('takes a paragraph ending in an ideographic full stop for a whole paragraph, not a wrapped line', () => {
    const paragraph = (index: number) => `${'据报道，'.repeat(10 + (index % 3))}这是第${index}段。`;
    const text = Array.from({ length: 40 }, (_, index) => paragraph(index)).join('\n');
    expect(wrapWidth(text.split('\n'))).toBeNull();
  });

  it('joins a line of Chinese onto the one above, with no space between, only when that one is filled to the width', () => {
    // Chinese wraps between any two characters: a line the wrap broke is full; a shorter one was ended by its author.
    const filled = `   ${'据'.repeat(74)}`;
    const authored = `   ${'山'.repeat(50)}`;
    const next = `   ${'路'.repeat(30)}`;
    const lines = unwrapHardWrappedLines([lynxPage(78), '', filled, '   这是下一行。', '', authored, next].join('\n')).split('\n');
    expect(lines).toContain(`${filled}这是下一行。`);
    expect(lines).toContain(authored);
    expect(lines).toContain(next);
  });

  describe('Korean, wrapped by characters (lynx) or by display columns (w3m)', () => {
    // Latin names in some lines and not others: at one display width, lines hold 40 to 60 characters.
    const KOREAN = [
      '항만 당국은 화요일 노조와 열한 달 동안 협상한 끝에 섬과 본토를 오가는 여객선의 새 운항 시간표를 승인했다고 밝혔다. Harbour Authority of the Northern Islands (HANI) 측은 새 시간표가 다음 달부터 적용된다고 설명했다.',
      '합의에 따라 첫 배는 아침 일곱 시가 아니라 여섯 시에 출발하며, 여름철에는 금요일과 토요일에 늦은 운항이 두 편 추가된다. 운항사 FerryLink Northern Routes Ltd. 는 이 계획을 환영했다.',
      '노조 대표들은 선원들이 추가 근무에 대해 초과 근무 수당을 받게 되며, 첫 여름 운항이 끝난 뒤 근무표를 다시 검토하기로 했다고 말했다. Seafarers Union of the North 의 대변인도 같은 입장을 밝혔다.',
      '정기권을 가진 승객은 추가 요금 없이 새 운항편을 이용할 수 있다고 당국은 누리집 www.hani-ferries.example 에 올린 성명에서 밝혔다. 시민들은 대체로 환영하는 반응을 보였다.',
    ];
    const HEADING = '여객선 새 운항 시간표 승인';
    /** w3m: a Hangul syllable takes two columns, and a line breaks at the width, inside a word if need be. */
    function wrapByDisplay(text: string, width: number): string[] {
      const lines: string[] = [];
      let line = '';
      for (const character of text) {
        if (displayColumnsOf(line + character) > width) {
          lines.push(line.trimEnd());
          line = character === ' ' ? '' : character;
        } else line += character;
      }
      if (line) lines.push(line);
      return lines;
    }
    const page = (wrapped: (text: string) => string[]) => ['* 홈', '* 뉴스', '', HEADING, '', ...KOREAN.flatMap((paragraph) => [...wrapped(paragraph), '']), '* 이용약관'].join('\n');
    const unspaced = (text: string) => text.replace(/\s+/g, '');

    it('measures a Hangul syllable as two columns and a letter as one', () => {
      expect(displayColumnsOf('운항 MBC')).toBe(8);
      expect(displayColumnsOf('It’s — “fine”')).toBe(13);
    });

    it('joins w3m’s lines, which end near column 78 but at 40 to 60 characters, one line per paragraph', () => {
      const w3m = page((text) => wrapByDisplay(text, 78));
      expect(w3m.split('\n').every((line) => displayColumnsOf(line) <= 78)).toBe(true);
      const lines = unwrapHardWrappedLines(w3m).split('\n').filter((line) => line.trim() !== '');
      expect(lines.map(unspaced)).toEqual(['*홈', '*뉴스', unspaced(HEADING), ...KOREAN.map(unspaced), '*이용약관']);
      expect(parseArticle(Buffer.from(w3m), { fileName: 'page.txt' }).body.map(unspaced)).toEqual(KOREAN.map(unspaced));
    });

    it('still joins lynx’s lines, wrapped at 78 characters, by characters', () => {
      const lynx = page((text) => wrap(text, 78, '   '));
      const lines = unwrapHardWrappedLines(lynx).split('\n');
      for (const paragraph of KOREAN) expect(lines).toContain(`   ${paragraph}`);
    });
  });
});
