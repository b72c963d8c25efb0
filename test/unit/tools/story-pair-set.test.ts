import { describe, expect, it } from 'vitest';
import { CV_FOLDS, pairFold, pairPart, parseLabelledPairs, readLabelledPairs } from '../../../tools/digest/story-pair-set.js';

describe('the labelled same-story pair set', () => {
  it('refuses a malformed line, naming it', () => {
    expect(() => parseLabelledPairs('{"a":"gn1:0000000a","b":"gn1:0000000b","same":true,"note":""}\nnot json')).toThrow(/line 2: not JSON/);
    expect(() => parseLabelledPairs('{"a":"gn1:0000000b","b":"gn1:0000000a","same":true,"note":""}')).toThrow(/sort before/);
    expect(() => parseLabelledPairs('{"a":"gn1:0000000a","b":"seed:001","same":"yes","note":""}')).toThrow(/true or false/);
    expect(() => parseLabelledPairs('{"a":"../etc","b":"seed:001","same":true,"note":""}')).toThrow(/page ids/);
    const line = '{"a":"gn1:0000000a","b":"seed:001","same":true,"note":""}';
    expect(() => parseLabelledPairs(`${line}\n${line}`)).toThrow(/labelled twice/);
  });

  it('holds same and different pairs in both the never-read and the development part', () => {
    const pairs = readLabelledPairs();
    expect(pairs.length).toBeGreaterThanOrEqual(200);
    for (const part of ['never-read', 'dev'] as const) {
      const inPart = pairs.filter((pair) => pairPart(pair) === part);
      expect(inPart.some((pair) => pair.same)).toBe(true);
      expect(inPart.some((pair) => !pair.same)).toBe(true);
    }
    const neverRead = pairs.filter((pair) => pairPart(pair) === 'never-read').length / pairs.length;
    expect(neverRead).toBeGreaterThan(0.2);
    expect(neverRead).toBeLessThan(0.4);
  });

  it('assigns parts and folds from the pair alone', () => {
    const pair = { a: 'gn1:11bb473f', b: 'gn1:77c361ce' };
    expect(pairPart({ ...pair })).toBe(pairPart(pair));
    expect(pairFold({ ...pair })).toBe(pairFold(pair));
    const folds = new Set(readLabelledPairs().map(pairFold));
    expect([...folds].sort()).toEqual(Array.from({ length: CV_FOLDS }, (_, fold) => fold));
  });
});
