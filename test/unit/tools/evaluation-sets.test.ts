import { describe, expect, it } from 'vitest';
import { goldHeadlinesOfHtml, withoutSiteSuffix } from '../../../tools/article/gold-headline.js';
import { holdoutPart, NEVER_READ_SHARE } from '../../../tools/article/holdout-split.js';

describe('the evaluation gold headline', () => {
  it('drops site names after a separator but keeps a dash that is part of the headline', () => {
    expect(withoutSiteSuffix('Get your Frontend JavaScript Code Covered | Code')).toBe('Get your Frontend JavaScript Code Covered');
    expect(withoutSiteSuffix('Home Depot sales miss, shares plunge - CNN - Business')).toBe('Home Depot sales miss, shares plunge');
    expect(withoutSiteSuffix('Brexit - what the deal means for farmers')).toBe('Brexit - what the deal means for farmers');
    expect(withoutSiteSuffix('Storm hits coast — The Daily Record of Springfield Town', ['The Daily Record of Springfield Town'])).toBe('Storm hits coast');
  });

  it('takes og:title and the h1, and the <title> only when neither exists', () => {
    const page = `<html><head><title>Wrong | Site</title><meta property="og:site_name" content="Gazette">
      <meta property="og:title" content="Mayor resigns after audit | Gazette"></head>
      <body><h1>Mayor quits</h1></body></html>`;
    expect(goldHeadlinesOfHtml(page)).toEqual(['Mayor resigns after audit', 'Mayor quits']);
    expect(goldHeadlinesOfHtml('<title>Only a title here - Site</title><p>x</p>')).toEqual(['Only a title here']);
    expect(goldHeadlinesOfHtml('<p>no headline at all</p>')).toEqual([]);
  });
});

describe('the never-read split', () => {
  it('puts a page in the same part on every run and about the stated share of pages in the never-read part', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `page-${i}`);
    const parts = ids.map(holdoutPart);
    expect(ids.map(holdoutPart)).toEqual(parts);
    const share = parts.filter((part) => part === 'never-read').length / ids.length;
    expect(Math.abs(share - NEVER_READ_SHARE)).toBeLessThan(0.04);
  });
});
