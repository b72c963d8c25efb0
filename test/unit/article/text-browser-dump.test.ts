import { describe, expect, it } from 'vitest';
import { DUMP_STYLE_FEATURES, HEADLINE_FEATURES, withDumpStyle } from '../../../lambda/article/headline-features.js';
import { loadHeadlineWeights } from '../../../lambda/article/headline-ranker.js';
import { HEADLINE_WEIGHTS } from '../../../lambda/article/headline-weights.js';
import { textBrowserDumpScore, textBrowserDumpSignals } from '../../../lambda/article/text-browser-dump.js';
import { analyseLines } from '../../../lambda/article/text-lines.js';

/** The start of an article page as `lynx -dump` writes it: menus as bullet lists, paragraphs set in by three. */
const LYNX_PAGE = `   [IMG]
   The Daily Courier
     * News
     * Sport
     * Business
       + Markets
       + Companies
     * Opinion

Ferry timetable approved after months of talks

   By Jane Smith

   The council approved the new ferry timetable on Tuesday, adding two
   evening crossings after a long campaign by island residents.

   Residents had asked for later sailings for years, and the operator
   agreed once the council found the money for the extra crew.

   [BUTTON] Share
     * Contact us
     * Privacy
`;

/** The same page as GN1's scraper left it: one block of text per line, nothing set in. */
const SCRAPED_PAGE = `News
Sport
Business
Opinion
Ferry timetable approved after months of talks
By Jane Smith
The council approved the new ferry timetable on Tuesday, adding two evening crossings after a long campaign by island residents.
Residents had asked for later sailings for years, and the operator agreed once the council found the money for the extra crew.
Share this article
Contact us
Privacy
`;

/** w3m's dump: no indented paragraphs, but its bullets and form fields. */
const W3M_PAGE = `The Daily Courier

  • News
  • Sport
  • Business

Ferry timetable approved after months of talks
The council approved the new ferry timetable on Tuesday, adding two evening crossings after a long campaign by island residents.
Residents had asked for later sailings for years, and the operator agreed once the council found the money for the extra crew.
[                    ] [Search]
`;

describe('text-browser dump score', () => {
  it('is high for a lynx dump and for a w3m dump, and 0 for text scraped one block per line', () => {
    expect(textBrowserDumpScore(analyseLines(LYNX_PAGE))).toBe(1);
    expect(textBrowserDumpScore(analyseLines(W3M_PAGE))).toBeGreaterThan(0.8);
    expect(textBrowserDumpScore(analyseLines(SCRAPED_PAGE))).toBe(0);
  });

  it('reads its signals as shares of the non-empty lines', () => {
    const signals = textBrowserDumpSignals(analyseLines(LYNX_PAGE));
    // 17 non-empty lines: 16 set in (all but the headline), 8 bullets, 2 labels.
    expect(signals.indented).toBeCloseTo(16 / 17);
    expect(signals.bullets).toBeCloseTo(8 / 17);
    expect(signals.labels).toBeCloseTo(2 / 17);
    expect(textBrowserDumpSignals([])).toEqual({ indented: 0, bullets: 0, labels: 0 });
  });
});

describe('dump-style features', () => {
  it('follow the plain features, each times the page score', () => {
    expect(DUMP_STYLE_FEATURES).toHaveLength(HEADLINE_FEATURES.length);
    expect(DUMP_STYLE_FEATURES[5]).toBe(`dump:${HEADLINE_FEATURES[5]}`);
    expect(withDumpStyle([1, 0.5, 0], 0.4)).toEqual([1, 0.5, 0, 0.4, 0.2, 0]);
  });

  it('are computed when the weights file names them, and a file naming only some of them is refused', () => {
    const plain = { ...HEADLINE_WEIGHTS, features: [...HEADLINE_FEATURES], weights: HEADLINE_WEIGHTS.weights.slice(0, HEADLINE_FEATURES.length) };
    expect(loadHeadlineWeights(plain).dumpStyle).toBe(false);
    const doubled = { ...plain, features: [...HEADLINE_FEATURES, ...DUMP_STYLE_FEATURES], weights: [...plain.weights, ...plain.weights] };
    expect(loadHeadlineWeights(doubled).dumpStyle).toBe(true);
    expect(() => loadHeadlineWeights({ ...doubled, features: [...HEADLINE_FEATURES, ...DUMP_STYLE_FEATURES.slice(1)] })).toThrow(/other features/);
  });
});
