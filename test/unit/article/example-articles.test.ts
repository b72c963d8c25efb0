import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../../lambda/article/parse-article.js';

const examplesDir = path.resolve(import.meta.dirname, '../../../examples/articles');

/**
 * The headline and summary opening of every example article, pinned: the ranker is retrained as
 * data grows, and the digest headlines operators see first must not change for the worse with it.
 * (The five seeds are pinned in seed-pages.test.ts.)
 */
const EXPECTED = [
  { file: 'battery-startup.txt', headline: 'Solid-state battery startup opens first factory, promising cheaper electric cars', summary: 'Voltaic Cells, a startup developing solid-state batteries, opened' },
  { file: 'chipmaker-results.html', headline: 'Chipmaker Veltrix beats forecasts as data-centre demand soars', summary: 'Veltrix, the semiconductor company' },
  { file: 'climate-summit.txt', headline: 'Foreign ministers agree to fund early-warning systems for flood-prone nations', summary: 'Foreign ministers from 42 countries agreed on Thursday' },
  { file: 'cup-final-report.md', headline: 'Late header seals cup final for Riverside after extra time', summary: 'Riverside won the national cup for the first time in 31 years' },
  { file: 'harbour-strike-talks.txt', headline: 'Dock workers and port operators resume talks as strike enters second week', summary: "Negotiators for dock workers and the operators of Europe's" },
  { file: 'parliament-housing-vote.txt', headline: 'MPs back housing bill after late rebellion fizzles', summary: "The government's flagship housing bill cleared the House of Commons" },
];

describe('the example articles', () => {
  it.each(EXPECTED)('$file: headline, and a summary that starts with the story and ends a sentence', (expected) => {
    const article = parseArticle(readFileSync(path.join(examplesDir, expected.file)), { fileName: expected.file });
    expect(article.headline).toBe(expected.headline);
    expect(article.summary.startsWith(expected.summary)).toBe(true);
    expect(article.summary).toMatch(/[.!?]["'”’)]*$/);
  });

  it('keeps the wire dateline in the body', () => {
    const article = parseArticle(readFileSync(path.join(examplesDir, 'climate-summit.txt')), { fileName: 'climate-summit.txt' });
    expect(article.body[0]).toMatch(/^GENEVA, Nov 20 \(Global Wire\) - Foreign ministers/);
  });
});
