import { describe, expect, it } from 'vitest';
import { buildStories } from '../../../lambda/digest/build-stories.js';
import { digestSubject } from '../../../lambda/digest/digest-subject.js';
import { sectionTopicFor, selectArticlesFor } from '../../../lambda/digest/select-articles.js';
import { compareTopics } from '../../../lambda/digest/topic-order.js';
import { storedArticle } from '../../support/article-factory.js';
import { digestContent, story } from '../../support/story-factory.js';

const BODY = [
  'Negotiators for dock workers and port operators returned to the table on Tuesday, eight days into a strike.',
  'The union wants pay to keep pace with inflation and a guarantee about automated cranes before 2030.',
];

describe('selectArticlesFor', () => {
  it('keeps the subscriber\'s topics (case-insensitive), drops what they received, newest first', () => {
    const articles = [
      storedArticle({ id: 'old', storedAt: '2026-11-20T00:00:00Z', topic: { label: 'world', confidence: 0.9 } }),
      storedArticle({ id: 'new', storedAt: '2026-11-23T00:00:00Z', topic: { label: 'world', confidence: 0.9 } }),
      storedArticle({ id: 'sport', topic: { label: 'sport', confidence: 0.9 } }),
      storedArticle({ id: 'seen', topic: { label: 'world', confidence: 0.9 } }),
    ];

    expect(selectArticlesFor({ topics: ['World'] }, articles, (article) => article.id !== 'seen').map((a) => a.id)).toEqual(['new', 'old']);
    expect(selectArticlesFor({ topics: ['*'] }, articles).map((a) => a.id).sort()).toEqual(['new', 'old', 'seen', 'sport']);
  });
});

describe('custom topics in selection', () => {
  it('selects an article for a subscriber of a custom topic it matches and files it under that topic', () => {
    const tagged = storedArticle({ id: 't', topic: { label: 'world', confidence: 0.9 }, customTopics: ['russia-us'] });
    const plain = storedArticle({ id: 'p', topic: { label: 'world', confidence: 0.9 } });
    const subscriber = { topics: ['russia-us'] };

    expect(selectArticlesFor(subscriber, [tagged, plain]).map((a) => a.id)).toEqual(['t']);
    expect(sectionTopicFor(subscriber, tagged)).toBe('russia-us');
    expect(sectionTopicFor({ topics: ['world', 'russia-us'] }, tagged)).toBe('world');
    expect(buildStories([tagged], (a) => sectionTopicFor(subscriber, a)!)[0]!.topic).toBe('russia-us');
  });
});

describe('buildStories', () => {
  it('merges near-identical bodies from different outlets into one story listing both sources', () => {
    const wire = storedArticle({ id: 'w', source: 'Wire', body: BODY, wordCount: 40 });
    const copy = storedArticle({ id: 'c', source: 'Copy Paper', body: [...BODY, 'One added line at the end.'], wordCount: 46 });
    const other = storedArticle({ id: 'o', source: 'Other', body: ['A different event entirely, about a football match on Sunday afternoon in the rain.'] });

    const stories = buildStories([wire, copy, other]);

    expect(stories).toHaveLength(2);
    const merged = stories.find((s) => s.articleIds.length === 2)!;
    expect(merged.sources).toEqual(['Copy Paper', 'Wire']);
    expect(merged.articleIds).toEqual(['c', 'w']);
  });

  it('orders stories by topic: world, politics, business, technology, sport, entertainment', () => {
    const topics = ['sport', 'business', 'world', 'entertainment', 'politics', 'technology'] as const;
    const stories = buildStories(topics.map((label, i) => storedArticle({ topic: { label, confidence: 1 }, body: [`Unique text ${i} `.repeat(10)] })));
    expect(stories.map((s) => s.topic)).toEqual(['world', 'politics', 'business', 'technology', 'sport', 'entertainment']);
  });

  it('puts operator-defined topics after the built-in ones, alphabetically', () => {
    expect(['zeta', 'sport', 'alpha', 'world'].sort(compareTopics)).toEqual(['world', 'sport', 'alpha', 'zeta']);
  });
});

describe('digestSubject', () => {
  it('caps a long top headline at a word boundary and strips line breaks', () => {
    const subject = digestSubject(digestContent([story({ headline: `Breaking\r\nBcc: x@y.z ${'very long words '.repeat(20)}` }), story()]));
    expect(subject.length).toBeLessThanOrEqual(120);
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject).toMatch(/^News digest, 24 Nov 2026: Breaking Bcc: x@y\.z very.*… \(\+1 more\)$/);
  });
});
