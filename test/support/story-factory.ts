import type { DigestContent, DigestStory } from '../../lambda/digest/digest-content.js';

let sequence = 0;

export function story(overrides: Partial<DigestStory> = {}): DigestStory {
  sequence++;
  return {
    headline: `Story headline ${sequence}`,
    topic: 'world',
    sources: ['Example Wire'],
    published: '2026-11-20',
    summary: `Summary of story ${sequence} in two plain sentences. It stays short.`,
    url: null,
    articleIds: [`a${sequence}`],
    ...overrides,
  };
}

export function digestContent(stories: DigestStory[], overrides: Partial<DigestContent> = {}): DigestContent {
  return { date: '2026-11-24', cadence: 'daily', topics: ['*'], stories, ...overrides };
}
