import { describe, expect, it } from 'vitest';
import { CustomTopicMatcher, customTopicsFileSchema } from '../../../lambda/topics/custom-topic.js';

const article = (text: string) => ({ headline: 'Talks in Moscow', body: [text] });

describe('operator-defined topics', () => {
  const matcher = new CustomTopicMatcher([
    { name: 'russia-us', any: ['Lavrov', 'Kremlin'], all: ['United States'] },
    { name: 'missiles', any: ['missile shield', 'interceptor'], none: ['North Korea'] },
  ]);

  it('matches "any" and "all" phrases case-insensitively on word boundaries', () => {
    expect(matcher.match(article('LAVROV met officials from the united states to discuss the missile   shield.'))).toEqual(['russia-us', 'missiles']);
  });

  it('needs every "all" phrase and respects "none"', () => {
    expect(matcher.match(article('Lavrov spoke about the Kremlin.'))).toEqual([]);
    expect(matcher.match(article('North Korea tested an interceptor.'))).toEqual([]);
  });

  it('does not match inside longer words', () => {
    expect(matcher.match(article('The Kremlinologists met the United Statesmen.'))).toEqual([]);
  });

  it('validates the config file with clear messages', () => {
    const result = customTopicsFileSchema.safeParse([
      { name: 'World', any: ['x'] },
      { name: 'world', any: ['x'] },
      { name: 'no-rules' },
      { name: 'dup', any: ['a'] },
      { name: 'dup', all: ['b'] },
    ]);
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n');
    expect(messages).toMatch(/0\.name: use 1-48 lowercase/);
    expect(messages).toMatch(/1\.name: is a built-in topic name/);
    expect(messages).toMatch(/2: needs "any" or "all" phrases/);
    expect(messages).toMatch(/4\.name: "dup" is defined twice/);
  });
});
