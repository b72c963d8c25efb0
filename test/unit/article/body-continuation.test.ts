import { describe, expect, it } from 'vitest';
import { BODY_LINE_FEATURES } from '../../../lambda/article/body-line-features.js';
import { learnedBodyLines, type BodyWeights } from '../../../lambda/article/body-line-model.js';
import { paragraphsOf, readBodyLinePage } from '../../../lambda/article/text-extraction.js';

const paragraph = (topic: string) => `The council said on Monday that the ${topic} would be reviewed again next year, after residents and local business owners complained about the cost and the delays it had caused them.`;
const story = (topics: readonly string[]) => topics.map(paragraph).join('\n\n');

/**
 * A story cut in two by a photo gallery as lynx dumps it (an image-only list item is a lone "*",
 * then captions and the gallery's buttons): the rules' span ends at the gallery, and the story's
 * rest lies further below than the model's fence around that span.
 */
const gallery = ['*', '*', '*', 'Photo: Jane Smith, AP', 'Image 1 of 4', 'Caption', 'Close', '*', '*', 'Image 2 of 4', 'Back to Gallery', 'Photo: Jane Smith, AP'].join('\n\n');
const page = (after: string) => ['Council reviews city plans', story(['bridge', 'tram line', 'bus lane', 'harbour']), gallery, after].join('\n\n');

/** A model that takes article text (the rules' content flag) wherever it stands, and nothing else. */
const takingContent: BodyWeights = {
  features: [...BODY_LINE_FEATURES],
  base: 0,
  trees: [{ feature: BODY_LINE_FEATURES.indexOf('content'), threshold: 0.5, left: -5, right: 5 }],
};

const learnedBody = (text: string) => {
  const context = readBodyLinePage(text);
  return paragraphsOf(context.lines, learnedBodyLines(context, takingContent)).join('\n\n');
};

describe('the story’s rest below the rules’ span', () => {
  it('is taken after a photo gallery longer than the far fence', () => {
    const text = page(story(['car park', 'cycle path', 'ferry', 'station']));
    expect(learnedBody(text)).toBe(story(['bridge', 'tram line', 'bus lane', 'harbour', 'car park', 'cycle path', 'ferry', 'station']));
  });

  it('is not looked for past readers’ comments, which read like prose', () => {
    const text = page(['Leave a comment', story(['car park', 'cycle path', 'ferry', 'station'])].join('\n\n'));
    expect(learnedBody(text)).toBe(story(['bridge', 'tram line', 'bus lane', 'harbour']));
  });

  it('is not taken when it is a small part of the story (a teaser, an "About" paragraph)', () => {
    const text = page(story(['ferry']));
    expect(learnedBody(text)).toBe(story(['bridge', 'tram line', 'bus lane', 'harbour']));
  });
});
