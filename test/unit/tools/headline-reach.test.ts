import { describe, expect, it } from 'vitest';
import { headlineReach } from '../../../tools/article/headline-reach.js';
import { holdoutPart } from '../../../tools/article/holdout-split.js';
import { SplitReport } from '../../../tools/article/split-report.js';

const normal = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

const STORY = `Home | News | Sport
Ferry timetable approved for the winter season

The council approved the new ferry timetable on Tuesday evening, adding three crossings a day from November.
Officials said the extra crossings would cut waiting times for commuters who travel to the mainland each morning.
The operator will hire twelve more crew members before the first winter sailing, a spokesman for the company said.
Privacy policy | Contact us`;

describe('headline reach', () => {
  it('finds a gold headline that is a line of the page and among the candidates', () => {
    expect(headlineReach(STORY, ['Ferry timetable approved for the winter season'], normal)).toEqual({ onPage: true, candidate: true });
  });

  it('says the gold is lost before ranking when no line of the page shows it', () => {
    expect(headlineReach(STORY, ['Island gets more boats'], normal)).toEqual({ onPage: false, candidate: false });
  });

  it('counts a page with no article as lost, not as an error', () => {
    expect(headlineReach('Home | News\nContact', ['Home'], normal)).toEqual({ onPage: false, candidate: false });
  });
});

describe('the reach line of a set', () => {
  const devId = Array.from({ length: 50 }, (_, i) => `page-${i}`).find((id) => holdoutPart(id) === 'dev')!;
  const neverReadId = Array.from({ length: 50 }, (_, i) => `page-${i}`).find((id) => holdoutPart(id) === 'never-read')!;
  const row = { bodyGram4F1: 1, predicted: '', gold: '' };

  it('counts development pages only, whatever a never-read row holds', () => {
    const report = new SplitReport('set');
    report.add(devId, { ...row, headlineRight: false, reach: { onPage: true, candidate: true } });
    report.add(`${devId}-no-gold`, { ...row, reach: { onPage: false, candidate: false } });
    report.add(neverReadId, { ...row, headlineRight: true, reach: { onPage: true, candidate: true } });
    const line = report.devReach()!;
    expect(line).toContain(' 1 pages');
    expect(line).toMatch(/a line of the page 100\.0%\s+among the candidates 100\.0%\s+picked\s+0\.0%/);
  });

  it('is left out when no reach was measured', () => {
    const report = new SplitReport('set');
    report.add(devId, { ...row, headlineRight: true });
    expect(report.devReach()).toBeNull();
  });
});
