import { describe, expect, it } from 'vitest';
import { contentFingerprint, normalisedBody, revisionFingerprint } from '../../../lambda/article/content-fingerprint.js';
import type { ParsedArticle } from '../../../lambda/article/parsed-article.js';

const article: ParsedArticle = {
  headline: 'Ministers agree new trade rules',
  source: 'Example Wire',
  published: '2026-11-20',
  byline: null,
  url: null,
  language: 'en',
  body: ['Trade ministers from twelve countries agreed on Friday to cut tariffs.', '"This is a fair deal," the chair said.'],
  summary: 'Trade ministers from twelve countries agreed on Friday to cut tariffs.',
  wordCount: 18,
  format: 'text',
};

describe('content fingerprints', () => {
  it('reduces a body to its words: case, punctuation, quotes, spacing and paragraph breaks do not count', () => {
    expect(normalisedBody(['TRADE  ministers\u00A0from twelve', 'countries agreed \u2014 on Friday\u2026'])).toBe('trade ministers from twelve countries agreed on friday');
    expect(normalisedBody(['\uFF34\uFF32\uFF21\uFF24\uFF25 deal'])).toBe('trade deal');
  });

  it('gives a retyped body the same fingerprint and a changed word another', () => {
    const retyped = { body: ['TRADE MINISTERS from twelve countries agreed on Friday to cut tariffs!', '\u201CThis is a fair deal\u201D \u2014 the chair said'] };
    const changed = { body: ['Trade ministers from fourteen countries agreed on Friday to cut tariffs.', '"This is a fair deal," the chair said.'] };

    expect(contentFingerprint(retyped)).toBe(contentFingerprint(article));
    expect(contentFingerprint(changed)).not.toBe(contentFingerprint(article));
    expect(contentFingerprint(article)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps the letters of every script', () => {
    expect(contentFingerprint({ body: ['Лавров встретился с Керри.'] })).not.toBe(contentFingerprint({ body: ['Лавров встретился с Путиным.'] }));
    expect(normalisedBody(['Лавров, Керри: «переговоры»!'])).toBe('лавров керри переговоры');
  });

  it('tells a changed headline or source apart in the revision fingerprint, not in the content fingerprint', () => {
    const retitled = { ...article, headline: 'Ministers agree new trade rules at last' };
    const resourced = { ...article, source: 'Other Wire' };

    expect(contentFingerprint(retitled)).toBe(contentFingerprint(article));
    expect(revisionFingerprint(retitled)).not.toBe(revisionFingerprint(article));
    expect(revisionFingerprint(resourced)).not.toBe(revisionFingerprint(article));
    expect(revisionFingerprint({ ...article })).toBe(revisionFingerprint(article));
  });
});
