import { describe, expect, it } from 'vitest';
import { extraPageTrainable, TRAINING_ONLY_COLLECTIONS } from '../../../tools/article/extraction-data.js';
import { holdoutPart } from '../../../tools/article/holdout-split.js';

// Page ids as import:extra-pages makes them; which part each falls in is the holdout split's.
const ids = Array.from({ length: 40 }, (_, index) => `page-${index}`);
const devId = ids.find((id) => holdoutPart(id) === 'dev')!;
const neverReadId = ids.find((id) => holdoutPart(id) === 'never-read')!;

describe('which extra pages a trainer may fit on', () => {
  it('takes every page of a training-only collection (Postlight), never-read part or not', () => {
    expect(TRAINING_ONLY_COLLECTIONS.has('postlight')).toBe(true);
    expect(extraPageTrainable('postlight', devId)).toBe(true);
    expect(extraPageTrainable('postlight', neverReadId)).toBe(true);
  });

  it('takes only the development part of a collection eval:extract scores', () => {
    for (const collection of ['trafilatura', 'goose3', 'newspaper4k']) {
      expect(extraPageTrainable(collection, devId)).toBe(true);
      expect(extraPageTrainable(collection, neverReadId)).toBe(false);
    }
  });
});
