import { describe, expect, it } from 'vitest';
import { lexiconTokensFingerprint } from '../../../lambda/article/headline-lexicon.js';
import { HeadlineWeightsError, loadHeadlineWeights, REBUILD_DUMP_RANKER } from '../../../lambda/article/headline-ranker.js';
import { HEADLINE_DUMP_WEIGHTS } from '../../../lambda/article/headline-dump-weights.js';
import { HEADLINE_WEIGHTS } from '../../../lambda/article/headline-weights.js';

describe('headline weights file', () => {
  it('was trained under the tokenizer the code has, and loads', () => {
    expect(HEADLINE_WEIGHTS.tokenizerFingerprint).toBe(lexiconTokensFingerprint());
    const model = loadHeadlineWeights(HEADLINE_WEIGHTS);
    expect(model.weights).toEqual(HEADLINE_WEIGHTS.weights);
    expect(model.lexicons.furniture.score('Gulf states urge peace with Iran')).toBeGreaterThan(model.lexicons.furniture.score('Sign In to E-Mail or Save This'));
  });

  it('is refused when its lexicons were trained under another tokenizer', () => {
    const retokenised = { ...HEADLINE_WEIGHTS, tokenizerFingerprint: 'f00dfeedf00dfeed' };
    expect(() => loadHeadlineWeights(retokenised)).toThrow(HeadlineWeightsError);
    expect(() => loadHeadlineWeights(retokenised)).toThrow(`lexicons trained under tokenizer f00dfeedf00dfeed, the code tokenizes as ${lexiconTokensFingerprint()}; run npm run train:headline`);
  });

  it('of the dump ranker was trained under the tokenizer the code has, loads, and names its own command when refused', () => {
    expect(HEADLINE_DUMP_WEIGHTS).not.toBeNull();
    const dumpFile = HEADLINE_DUMP_WEIGHTS!;
    expect(dumpFile.tokenizerFingerprint).toBe(lexiconTokensFingerprint());
    expect(loadHeadlineWeights(dumpFile, REBUILD_DUMP_RANKER).weights).toEqual(dumpFile.weights);
    expect(() => loadHeadlineWeights({ ...dumpFile, tokenizerFingerprint: 'f00dfeedf00dfeed' }, REBUILD_DUMP_RANKER)).toThrow(/; run npm run train:headline:dumps$/);
  });

  it('is refused when it was trained on other features', () => {
    const fewerFeatures = { ...HEADLINE_WEIGHTS, features: HEADLINE_WEIGHTS.features.slice(1) };
    expect(() => loadHeadlineWeights(fewerFeatures)).toThrow(/other features/);
  });
});
