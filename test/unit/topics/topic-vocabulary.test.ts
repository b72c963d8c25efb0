import { describe, expect, it } from 'vitest';
import { TopicVocabulary } from '../../../lambda/topics/topic-vocabulary.js';

describe('TopicVocabulary', () => {
  const vocabulary = new TopicVocabulary(['russia-us', 'missile-defence']);

  it('knows "*", the model\'s labels and the operator\'s topics, in any letter case (as digests match them)', () => {
    for (const topic of ['*', 'world', 'Business', 'SPORT', 'russia-us', 'Missile-Defence']) expect(vocabulary.problemWith(topic)).toBeNull();
  });

  it('names a typo and suggests the closest known topic', () => {
    expect(vocabulary.problemWith('Buisness')).toBe('unknown topic "Buisness"; did you mean "business"?');
    expect(vocabulary.problemWith('sprot')).toBe('unknown topic "sprot"; did you mean "sport"?');
    expect(vocabulary.problemWith('russia-usa')).toBe('unknown topic "russia-usa"; did you mean "russia-us"?');
    expect(vocabulary.problemWith('tech')).toBe('unknown topic "tech"; did you mean "technology"?');
  });

  it('lists the known topics when nothing is close', () => {
    expect(vocabulary.problemWith('gardening')).toBe(
      'unknown topic "gardening"; known topics: *, world, politics, business, technology, sport, entertainment, russia-us, missile-defence',
    );
  });

  it('without the operator\'s topics, says where they would come from', () => {
    const builtInOnly = new TopicVocabulary([], { customTopicsUnknownBecause: 'pass --bucket NAME to read config/topics.json' });
    expect(builtInOnly.problemWith('russia-us')).toMatch(/^unknown topic "russia-us"; .*\(custom topics were not read: pass --bucket NAME to read config\/topics\.json\)$/);
  });
});
