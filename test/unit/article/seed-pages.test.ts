import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../../lambda/article/parse-article.js';
import { seedFileNames, seedsDir } from '../../support/seed-pages.js';


const EXPECTED = [
  { file: '000_67d73286480db63f.txt', headline: 'Russia, US to cooperate despite disagreements', source: 'RIA Novosti', published: null, firstWords: 'Lima : The Russia and US have agreed' },
  { file: '001_3b78c67e518b9e0a.txt', headline: 'Russia, US agree to improve ties, differences remain', source: 'Jctrans.com', published: '2007-05-16', firstWords: 'Russian President Vladimir Putin' },
  { file: '002_f419d4667c2926b0.txt', headline: 'Rice: Russia, US agree to tone down rhetoric', source: 'CCTV.com', published: '2007-05-16', firstWords: 'Russia and the United States agreed on Tuesday' },
  { file: '003_50cfdfd88efb925b.txt', headline: 'US, Russia vow to boost cooperation', source: 'AFP', published: null, firstWords: 'Russia and the United States vowed' },
  { file: '004_79bfdb02ad070854.txt', headline: 'Russia, US hold talks on Syria, terrorism', source: 'China Daily', published: '2017-04-14', firstWords: 'MOSCOW - Russia and the United States' },
];

/** Lines of navigation, comment forms, related lists and footers seen on these sites. */
const BOILERPLATE = /Home \||Register|Log ?in|RELATED|Print \| Save|WATCH VIDEO|Editor:|Support TwoCircles|Name \*|E-mail \*|Security Code|Characters Left|Egypt Today, egypt today|egypttoday|All rights reserved|Copyright|Privacy Policy|Terms of Use|Rice goes to Moscow|Paris attacks show|Last Updated/;

describe('the five seed pages', () => {
  it('are all in the fixtures', () => {
    expect(seedFileNames()).toEqual(EXPECTED.map((expected) => expected.file));
  });

  it.each(EXPECTED)('$file: headline, source, date and a clean body', (expected) => {
    const article = parseArticle(readFileSync(path.join(seedsDir, expected.file)), { fileName: expected.file });

    expect(article.headline).toBe(expected.headline);
    expect(article.source).toBe(expected.source);
    expect(article.published?.slice(0, 10) ?? null).toBe(expected.published);
    expect(article.body[0]).toMatch(new RegExp(`^${expected.firstWords}`));
    for (const paragraph of article.body) expect(paragraph).not.toMatch(BOILERPLATE);
    expect(article.wordCount).toBeGreaterThan(150);
  });

  it('001 ends with the veto quote and 002 keeps the broken Rice quote in one paragraph', () => {
    const jctrans = parseArticle(readFileSync(path.join(seedsDir, EXPECTED[1]!.file)), { fileName: 'a.txt' });
    expect(jctrans.body.at(-1)).toContain('veto on American security interests');
    const cctv = parseArticle(readFileSync(path.join(seedsDir, EXPECTED[2]!.file)), { fileName: 'b.txt' });
    expect(cctv.body.some((paragraph) => paragraph.includes('what it means for the relationship. I think that to say it threatens the relationship'))).toBe(true);
  });
});
