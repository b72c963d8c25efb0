import { describe, expect, it } from 'vitest';
import { goldHeadlinesOfHtml, goldHeadlinesOfTextPage, withoutSiteSuffix } from '../../../tools/article/gold-headline.js';
import { holdoutPart, NEVER_READ_SHARE } from '../../../tools/article/holdout-split.js';

describe('the evaluation gold headline', () => {
  it('drops site names after a separator but keeps a dash that is part of the headline', () => {
    expect(withoutSiteSuffix('Get your Frontend JavaScript Code Covered | Code')).toBe('Get your Frontend JavaScript Code Covered');
    expect(withoutSiteSuffix('Home Depot sales miss, shares plunge - CNN - Business')).toBe('Home Depot sales miss, shares plunge');
    expect(withoutSiteSuffix('Brexit - what the deal means for farmers')).toBe('Brexit - what the deal means for farmers');
    expect(withoutSiteSuffix('Storm hits coast — The Daily Record of Springfield Town', ['The Daily Record of Springfield Town'])).toBe('Storm hits coast');
    // The last separator starts the suffix, even when the headline has a dash of its own.
    expect(withoutSiteSuffix("The early reviews for Google's Stadia gaming platform are here — and they're not great - Digg")).toBe(
      "The early reviews for Google's Stadia gaming platform are here — and they're not great",
    );
    expect(withoutSiteSuffix('Bubonic plague: third case in China – Science | News | Express.co.uk')).toBe('Bubonic plague: third case in China');
  });

  it('keeps the dashes of an <h1>, which the page shows whole, and drops a named site only', () => {
    // As an og:title, "– 'It is coming'" would go as a short suffix; the <h1> keeps it.
    const page = `<html><head><meta property="og:site_name" content="Express"></head>
      <body><h1>Bubonic plague: third case in China as panic begins – 'It is coming'</h1></body></html>`;
    expect(goldHeadlinesOfHtml(page)).toEqual(["Bubonic plague: third case in China as panic begins – 'It is coming'"]);
    expect(withoutSiteSuffix("Bubonic plague: third case in China as panic begins – 'It is coming'")).toBe('Bubonic plague: third case in China as panic begins');
    expect(goldHeadlinesOfHtml('<meta property="og:site_name" content="Gazette"><h1>Mayor quits | Gazette</h1>')).toEqual(['Mayor quits']);
  });

  it('takes og:title and the h1, and the <title> only when neither exists', () => {
    const page = `<html><head><title>Wrong | Site</title><meta property="og:site_name" content="Gazette">
      <meta property="og:title" content="Mayor resigns after audit | Gazette"></head>
      <body><h1>Mayor quits</h1></body></html>`;
    expect(goldHeadlinesOfHtml(page)).toEqual(['Mayor resigns after audit', 'Mayor quits']);
    expect(goldHeadlinesOfHtml('<title>Only a title here - Site</title><p>x</p>')).toEqual(['Only a title here']);
    expect(goldHeadlinesOfHtml('<p>no headline at all</p>')).toEqual([]);
  });

  it("skips an <h1> that links to the site's home page: it is the site's logo, not the story's headline", () => {
    const page = `<html><head><title>Drama rivals clash on Saturday nights - Entermedia</title></head>
      <body><h1 id="site-title"><a href="/">엔터 미디어</a></h1><div><h2>Drama rivals clash</h2></div></body></html>`;
    expect(goldHeadlinesOfHtml(page)).toEqual(['Drama rivals clash on Saturday nights']);
    const logoThenStory = '<body><a href="https://example.org/"><h1>Gazette</h1></a><h1>Mayor quits</h1></body>';
    expect(goldHeadlinesOfHtml(logoThenStory)).toEqual(['Mayor quits']);
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

describe('the gold headline of a page kept as text', () => {
  it('takes the title less its site suffix and the line that shows it in other words', () => {
    const text = "Skip to main content\nTech/\nApple’s Vision Pro is the Retina display moment for headsets\nI tried the Vision Pro, and there’s no going back from here.";
    expect(goldHeadlinesOfTextPage(text, 'Apple’s Vision Pro hands-on: the Retina display moment for headsets - The Verge')).toEqual([
      'Apple’s Vision Pro hands-on: the Retina display moment for headsets',
      'Apple’s Vision Pro is the Retina display moment for headsets',
    ]);
  });

  it('takes nothing when the text never shows the title, and nothing without a title', () => {
    // No reader of the text could name "Base URL test": the page has no gold headline.
    expect(goldHeadlinesOfTextPage('Lorem\nLorem ipsum dolor sit amet.', 'Base URL test')).toEqual([]);
    expect(goldHeadlinesOfTextPage('Lorem ipsum', null)).toEqual([]);
  });

  it('takes the title when a line shows it inside a longer heading', () => {
    const text = 'V8\nBlog\nOutside the web: standalone WebAssembly binaries using Emscripten\nPublished 21 October 2019';
    expect(goldHeadlinesOfTextPage(text, 'standalone WebAssembly binaries using Emscripten · V8')).toEqual(['standalone WebAssembly binaries using Emscripten']);
  });

  it("takes the title's first part when the text shows it as a line, whatever the suffix's length", () => {
    const text = 'Mozilla\nFrom Wikipedia, the free encyclopedia\nMozilla is a free-software community.';
    expect(goldHeadlinesOfTextPage(text, 'Mozilla - Wikipedia')).toEqual(['Mozilla - Wikipedia', 'Mozilla']);
    const blog = 'Home\nEvolve: Shared Mutable History\nContents';
    expect(goldHeadlinesOfTextPage(blog, 'Evolve: Shared Mutable History — evolve extension for Mercurial')).toContain('Evolve: Shared Mutable History');
  });
});

describe('the shown headline of a Chinese page', () => {
  it('matches character by character, whatever the site suffix', () => {
    const text = '首页\n科技\nDeepMind新电脑已可利用记忆自学 人工智能迈上新台阶\nTNW中文站2016年10月14日07:17';
    expect(goldHeadlinesOfTextPage(text, 'DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶_科技_腾讯网')).toContain('DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶');
  });
});
