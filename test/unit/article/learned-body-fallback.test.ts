import { describe, expect, it } from 'vitest';
import { BODY_LINE_FEATURES, type BodyLinePage } from '../../../lambda/article/body-line-features.js';
import { learnedBodyLines, type BodyWeights } from '../../../lambda/article/body-line-model.js';
import { normaliseLine } from '../../../lambda/article/line-features.js';
import type { Line } from '../../../lambda/article/text-lines.js';

const line = (text: string, content: boolean): Line => ({ text, key: normaliseLine(text), repeats: 1, boilerplate: false, structural: false, content, indent: 0 });
const paragraph = (topic: string) => `The council said on Monday that the ${topic} would be reviewed again next year, after residents and local business owners complained about the cost and the delays it had caused them.`;

/** A headline over five paragraphs the rules all take as the body. */
const page: BodyLinePage = {
  lines: [line('Council reviews city plans', false), ...['bridge', 'tram line', 'bus lane', 'car park', 'cycle path'].map((topic) => line(paragraph(topic), true))],
  start: 1,
  end: 5,
  headlineIndex: 0,
  ruleLines: [1, 2, 3, 4, 5],
};

/** A model that takes the lines from a share of the page down (relativePosition), whatever they say. */
const takingFrom = (position: number): BodyWeights => ({
  features: [...BODY_LINE_FEATURES],
  base: 0,
  trees: [{ feature: BODY_LINE_FEATURES.indexOf('relativePosition'), threshold: position, left: -5, right: 5 }],
});

describe('the learned body against the rules’ body', () => {
  it('keeps the rules’ body when the model drops most of it (it is unsure of the page, not right about it)', () => {
    // The model keeps the last of five paragraphs: a fifth of the rules' words.
    expect(learnedBodyLines(page, takingFrom(0.9))).toEqual([1, 2, 3, 4, 5]);
  });

  it('follows the model when it keeps most of the rules’ body', () => {
    expect(learnedBodyLines(page, takingFrom(0.3))).toEqual([2, 3, 4, 5]);
  });
});
