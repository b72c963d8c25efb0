import { describe, expect, it } from 'vitest';
import { TooComplexError } from '../../../lambda/article/article-error.js';
import { parseArticle } from '../../../lambda/article/parse-article.js';
import { ParseDeadline } from '../../../lambda/article/parse-deadline.js';

/** A clock that reads `start`, then moves on by `step` ms at every reading. */
function steppingClock(step: number, start = 0): () => number {
  let now = start - step;
  return () => (now += step);
}

const ARTICLE = `Council approves harbour terminal after long night of talks

The harbour authority said on Tuesday that the new container terminal would open in March after two years of delays.

The council voted 31 to 20 after a debate that ran past midnight in the chamber, officials said.
`;

describe('ParseDeadline', () => {
  it('passes until its budget is spent, then throws TooComplexError naming the stage', () => {
    let now = 0;
    const deadline = new ParseDeadline(1_000, () => now);

    now = 1_000;
    expect(() => deadline.check('decoding')).not.toThrow();
    now = 1_001;
    expect(() => deadline.check('decoding')).toThrow(TooComplexError);
    expect(() => deadline.check('decoding')).toThrow('parsing took longer than the 1000 ms one file may take (stopped while decoding); the file is too complex');
  });

  it('reads the clock once every 256 ticks', () => {
    let readings = 0;
    const deadline = new ParseDeadline(1_000, () => readings++);

    for (let i = 0; i < 1_024; i++) deadline.tick('reading the lines');

    expect(readings).toBe(1 + 4);
  });

  it('stops parseArticle with code too-complex once the file has taken its budget', () => {
    // Every reading of the clock is 600 ms later: the budget runs out by the second check.
    const deadline = new ParseDeadline(1_000, steppingClock(600));

    expect(() => parseArticle(Buffer.from(ARTICLE), { fileName: 'talks.txt', deadline })).toThrow(expect.objectContaining({ code: 'too-complex' }));
  });

  it('lets parseArticle finish within its budget', () => {
    const deadline = new ParseDeadline(1_000, steppingClock(0));

    expect(parseArticle(Buffer.from(ARTICLE), { fileName: 'talks.txt', deadline }).headline).toBe('Council approves harbour terminal after long night of talks');
  });
});
