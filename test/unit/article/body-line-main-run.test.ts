import { describe, expect, it } from 'vitest';
import { BODY_LINE_FEATURES, bodyLineFeatureRows, type BodyLinePage } from '../../../lambda/article/body-line-features.js';
import type { Line } from '../../../lambda/article/text-lines.js';

const line = (text: string, content: boolean): Line => ({ text, repeats: 1, boilerplate: false, structural: false, content, indent: 0 });
const paragraph = (topic: string) => `The council said on Monday that the ${topic} would be reviewed again next year, after residents and local business owners complained about the cost.`;

/**
 * The rules' span is the first paragraph; a related-stories box cuts it off from the rest of the
 * story, four paragraphs with a subheading among them, and a short teaser ends the page.
 */
const page: BodyLinePage = {
  lines: [
    line('Council reviews city plans', false),
    line(paragraph('bridge'), true),
    line('Related', false),
    line('Another story about the city', false),
    line('A third story about the harbour', false),
    line(paragraph('tram line'), true),
    line(paragraph('bus lane'), true),
    line('What comes next', false),
    line(paragraph('car park'), true),
    line(paragraph('cycle path'), true),
    line('Read more: the mayor answers readers', false),
  ],
  start: 1,
  end: 1,
  headlineIndex: 0,
  ruleLines: [1],
};

describe('the page’s main run of prose (body-line features)', () => {
  const { indices, rows } = bodyLineFeatureRows(page);
  const feature = (name: string, lineIndex: number) => rows[indices.indexOf(lineIndex)]![BODY_LINE_FEATURES.indexOf(name as (typeof BODY_LINE_FEATURES)[number])];

  it('is the run of paragraphs with the most words, across a short line between them, wherever the rules’ span is', () => {
    for (const lineIndex of [5, 6, 7, 8, 9]) expect(feature('inMainRun', lineIndex)).toBe(1);
    for (const lineIndex of [1, 2, 3, 4, 10]) expect(feature('inMainRun', lineIndex)).toBe(0);
  });

  it('measures how far a line stands from it, in non-empty lines', () => {
    expect(feature('logRowsToMainRun', 6)).toBe(0);
    // The span's paragraph is four rows above the run; the teaser is one row below it (a run
    // ends at its last paragraph).
    expect(feature('logRowsToMainRun', 1)).toBeCloseTo(Math.log1p(4));
    expect(feature('logRowsToMainRun', 10)).toBeCloseTo(Math.log1p(1));
  });
});
