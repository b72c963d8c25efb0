import { describe, expect, it } from 'vitest';
import { chooseHeadline, DUMP_RANKER_THRESHOLD, headlineCandidates, headlineModelFor, headlineScore, loadHeadlineWeights, type HeadlineModel } from '../../../lambda/article/headline-ranker.js';
import { HEADLINE_DUMP_WEIGHTS } from '../../../lambda/article/headline-dump-weights.js';
import { HEADLINE_WEIGHTS } from '../../../lambda/article/headline-weights.js';
import { textBrowserDumpScore } from '../../../lambda/article/text-browser-dump.js';
import { segmentPage } from '../../../lambda/article/text-extraction.js';

/** The start of a story as `lynx -dump` writes it: menus as bullets, paragraphs set in, an [IMG] label. */
const LYNX_PAGE = `   [IMG]
     * Home
     * Sport
     * Business
     * Opinion

   Island Transport

Ferry timetable approved after months of talks

   The council approved the new ferry timetable on Tuesday, adding two
   evening crossings after a long campaign by island residents.

   Residents had asked for later sailings for years, and the operator
   agreed once the council found the money for the extra crew.

   [BUTTON] Share
`;

/** A ranker that is not the plain one: the plain weights reversed, so it ranks another line first. */
const otherModel: HeadlineModel = loadHeadlineWeights({ ...HEADLINE_WEIGHTS, weights: HEADLINE_WEIGHTS.weights.map((weight) => -weight) });

/** The line a model ranks first among the page's candidates. */
function rankedFirst(model: HeadlineModel, page: ReturnType<typeof segmentPage>): string {
  const dumpScore = textBrowserDumpScore(page.lines);
  const scored = headlineCandidates(page.lines, page.start, page.end, page.body, model.lexicons, model.dumpStyle, dumpScore).map((candidate) => ({
    text: page.lines[candidate.index]!.text,
    score: headlineScore(candidate.features, model.weights),
  }));
  return scored.reduce((best, candidate) => (candidate.score > best.score ? candidate : best)).text;
}

describe('dump headline ranker', () => {
  it('ranks the pages scoring as surely a dump when one is given, the plain ranker every other page', () => {
    expect(DUMP_RANKER_THRESHOLD).toBe(1);
    expect(headlineModelFor(1, otherModel)).toBe(otherModel);
    expect(headlineModelFor(0.99, otherModel).weights).toEqual(HEADLINE_WEIGHTS.weights);
    expect(headlineModelFor(0, otherModel).weights).toEqual(HEADLINE_WEIGHTS.weights);
    expect(headlineModelFor(1, null).weights).toEqual(HEADLINE_WEIGHTS.weights);
  });

  it('is shipped (README: the bar it met), so a lynx dump takes the dump ranker and a plain page the plain one', () => {
    // Prepare
    expect(HEADLINE_DUMP_WEIGHTS).not.toBeNull();
    const dumpModel = loadHeadlineWeights(HEADLINE_DUMP_WEIGHTS!);
    const page = segmentPage(LYNX_PAGE);
    expect(textBrowserDumpScore(page.lines)).toBe(1);
    // Act
    const chosen = chooseHeadline(page.lines, page.start, page.end, page.body);
    // Assess
    expect(headlineModelFor(1).weights).toEqual(HEADLINE_DUMP_WEIGHTS!.weights);
    expect(headlineModelFor(0.5).weights).toEqual(HEADLINE_WEIGHTS.weights);
    expect(chosen === null ? null : page.lines[chosen]!.text).toBe(rankedFirst(dumpModel, page));
    expect(rankedFirst(dumpModel, page)).toBe('Ferry timetable approved after months of talks');
  });

  it("never takes lynx's first line, the titles of the page's <link> elements, for a candidate; a '#' line further down stays one", () => {
    const headLinks = '#alternate Island News Feed';
    const page = segmentPage(`   ${headLinks}\n\n${LYNX_PAGE.replace('   Island Transport', '   #IslandTransport')}`);
    const candidates = headlineCandidates(page.lines, page.start, page.end, page.body).map((candidate) => page.lines[candidate.index]!.text);
    expect(candidates).not.toContain(headLinks);
    expect(candidates).toContain('#IslandTransport');
    expect(candidates).toContain('Ferry timetable approved after months of talks');
  });
});
