import { describe, expect, it } from 'vitest';
import { isBoilerplateLine } from '../../../lambda/article/line-features.js';
import { parseArticle } from '../../../lambda/article/parse-article.js';

const PARAGRAPHS = [
  'The city council approved a new budget on Monday after a debate that lasted more than six hours.',
  '"We have made hard choices, but they are the right ones," the mayor told reporters after the vote.',
  'The budget raises spending on schools by four per cent and cuts the roads programme.',
  'It passed by 31 votes to 20.',
];

/** A scraped page: the article wrapped in one boilerplate pattern per test. */
function page(before: string[], after: string[], body = PARAGRAPHS): Uint8Array {
  return Buffer.from([...before, 'Council passes budget after marathon debate', '', ...body.flatMap((p) => [p, '']), ...after].join('\n'));
}

const parse = (bytes: Uint8Array) => parseArticle(bytes, { fileName: 'page.txt' });

describe('plain-text extraction removes boilerplate', () => {
  it.each([
    ['navigation bar', ['Home | News | Sport | Weather | Login'], []],
    ['breadcrumb', ['Home > News > Local > Politics'], []],
    ['repeated site name', ['Riverside Gazette', 'Riverside Gazette'], ['Riverside Gazette']],
    ['share and print links', [], ['Share this article: Facebook | Twitter | Email', 'Print | Save']],
    ['comment form', [], ['Leave a comment', 'Name *', 'E-mail *', 'Comment *', 'Security Code*']],
    ['related-headline list', [], ['RELATED', 'Mayor defends tax plan (2026-11-20 10:00:00)', 'Schools get new funding (2026-11-18 09:30:00)']],
    ['copyright footer', [], ['Copyright 2026 Riverside Gazette. All rights reserved.', 'Privacy Policy | Terms of Use']],
  ])('drops a %s', (_pattern, before, after) => {
    // Act
    const article = parse(page(before, after));
    // Assess
    expect(article.headline).toBe('Council passes budget after marathon debate');
    expect(article.body).toEqual(PARAGRAPHS);
  });

  it('keeps quotes and real short paragraphs', () => {
    const article = parse(page([], []));
    expect(article.body).toContain(PARAGRAPHS[1]);
    expect(article.body).toContain('It passed by 31 votes to 20.');
  });

  it('re-joins a paragraph broken mid-sentence across blank lines', () => {
    const broken = [...PARAGRAPHS.slice(0, 2), 'The council said the plan would be reviewed when', '', 'the final figures for the year are known in March.', '', ...PARAGRAPHS.slice(2)];
    const article = parse(page([], [], broken));
    expect(article.body[2]).toBe('The council said the plan would be reviewed when the final figures for the year are known in March.');
    expect(article.body).toHaveLength(5);
  });

  it('finds a person byline, a labelled source and a date with an explicit year', () => {
    const article = parse(page(['By Jane Smith, Local Affairs Reporter', 'Source: Riverside Gazette | 11-23-2026 18:05'], []));
    expect(article).toMatchObject({ byline: 'Jane Smith', source: 'Riverside Gazette', published: '2026-11-23' });
  });

  it('treats an agency byline as the source and leaves a date-less page without a date', () => {
    const article = parse(page(['By Example Press Agency,'], []));
    expect(article).toMatchObject({ byline: null, source: 'Example Press Agency', published: null });
  });

  it('takes the date with its zone when the zone is known', () => {
    const article = parse(page(['POSTED: 11:27 a.m. EDT, May 16,2007'], []));
    expect(article.published).toBe('2007-05-16T11:27:00-04:00');
  });

  it('lets object metadata override what the text says', () => {
    const article = parseArticle(page(['Source: Riverside Gazette'], []), {
      fileName: 'page.txt',
      metadata: { source: 'Editor Desk', published: '2026-11-24', url: 'https://example.org/a' },
    });
    expect(article).toMatchObject({ source: 'Editor Desk', published: '2026-11-24', url: 'https://example.org/a' });
  });

  it('summarises in whole sentences and counts the words of the body', () => {
    const article = parse(page([], []));
    expect(article.summary).toBe(`${PARAGRAPHS[0]} ${PARAGRAPHS[1]}`);
    expect(article.wordCount).toBe(PARAGRAPHS.join(' ').split(/\s+/).length);
  });

  it.each([
    ['a share bar', 'Print | E-mail | Comments (3)', true],
    ['a share phrase', 'Refer to a friend', true],
    ['a promotion', 'Click here to bet on football with Sky Bet!', true],
    ['a newsletter call', 'FREE Newsletter. Sign Up Now!', true],
    ['a section link', 'All Anne Perkins articles', true],
    ['a list header', 'Latest Headlines', true],
    ['a disclaimer', 'Note: CBC does not endorse and is not responsible for the content of external sites', true],
    ['an old-browser notice', 'You are using an older browser version. Please use a supported version for the best MSN experience.', true],
    ['a script notice', 'Please enable JavaScript to view the comments powered by Disqus.', true],
    ['a story about browsers', 'The company said more than a third of its customers still use Internet Explorer, and it will stop supporting the browser next year.', false],
    ['a headline starting with a menu word', 'Home woes for Flyers', false],
    ['a headline starting with "Search"', 'Search for coach expands', false],
    ['a headline starting with a network name', 'Facebook buys photo app', false],
  ])('judges %s by the whole line: "%s"', (_kind, line, boilerplate) => {
    expect(isBoilerplateLine(line, 1)).toBe(boilerplate);
  });

  it('reads on past a related-links box inside the article, and leaves the box out', () => {
    // Prepare: the lede, a box, then the rest of the story (the layout of NYT and CityLab pages).
    const more = Array.from({ length: 6 }, (_, i) => `Councillors spent the ${['first', 'second', 'third', 'fourth', 'fifth', 'sixth'][i]} hour of the debate on the roads programme, which loses a quarter of its money under the plan that passed.`);
    const lede = 'The city council approved a new budget on Monday after a debate that lasted more than six hours, ending a dispute over school spending that had run since the summer.';
    const box = ['Related Coverage', 'Mayor defends tax plan', 'Schools get new funding as term starts'];
    // Act
    const article = parse(page([], [], [lede, ...box, ...more]));
    // Assess
    expect(article.body).toEqual([lede, ...more]);
  });

  it('ends the article at a related list that only teasers follow', () => {
    // Prepare
    const teasers = ['Mayor defends tax plan', 'Schools get new funding as term starts', 'Bridge repairs will close the east lane until the spring, the council said on Friday.'];
    // Act
    const article = parse(page([], ['Related Stories', ...teasers]));
    // Assess
    expect(article.body).toEqual(PARAGRAPHS);
  });

  it.each([['7 Comments »'], ['Have your say'], ['Latest Comments:'], ['Discuss this Article']])('ends the article where readers\' comments begin: "%s"', (header) => {
    // Prepare: comments long enough to outweigh the article if they were taken for it.
    const comments = Array.from({ length: 8 }, (_, i) => `Reader ${i} thinks the council should have spent far more on the roads and far less on consultants, and says so at length here.`);
    // Act
    const article = parse(page([], [header, ...comments]));
    // Assess
    expect(article.body).toEqual(PARAGRAPHS);
  });

  it('keeps a story line that says someone "does not endorse" something', () => {
    // Prepare
    const quote = 'The union said it does not endorse the plan and is not responsible for the content of the leaflets sent out in its name.';
    // Act
    const article = parse(page([], [], [...PARAGRAPHS.slice(0, 2), quote, ...PARAGRAPHS.slice(2)]));
    // Assess
    expect(article.body).toEqual([...PARAGRAPHS.slice(0, 2), quote, ...PARAGRAPHS.slice(2)]);
  });

  it('takes the line after "View larger image" for a caption, even when it reads like a paragraph', () => {
    // Prepare: the caption sits between the picture and the headline, the way CTV pages have it.
    const caption = 'An air boat searches for a man who went missing while ice fishing on Lake Simcoe, Monday Jan. 7, 2008.';
    // Act
    const article = parse(Buffer.from(['CTV Toronto', 'View larger image', caption, 'Police recover body of missing fisherman', ...PARAGRAPHS].join('\n')));
    // Assess
    expect(article.body).toEqual(PARAGRAPHS);
    expect(article.headline).toBe('Police recover body of missing fisherman');
  });

  it('finds the article in a Chinese page, where words are not separated by spaces', () => {
    // Prepare: menu entries, then a headline and three paragraphs ending in 。
    const paragraphs = [
      '谷歌在2014年收购的人工智能公司开发出一款能够用自己的记忆学习新知识并利用这些知识来回答问题的计算机。',
      '这款产品具有极其重要的意义，因为这意味着未来的人工智能技术可能不需要人类来教它如何学习。',
      '研究人员表示，这项技术仍处于早期阶段，但已经在多项测试中取得了令人满意的结果。',
    ];
    // Act
    const article = parse(Buffer.from(['首页', '新闻', '体育', '科技', '人工智能学会用记忆回答问题', ...paragraphs, '版权所有'].join('\n')));
    // Assess
    expect(article.body).toEqual(paragraphs);
    expect(article.headline).toBe('人工智能学会用记忆回答问题');
  });

  it('refuses text with no article in it', () => {
    expect(() => parse(Buffer.from('Home | News | Login\nCopyright 2026\nPrivacy Policy'))).toThrow(/no paragraph of article text/);
  });
});

// The phrase patterns run only on lines PHRASE_GATE lets through: each phrase, in any case and
// mid-line, must still be found (a pattern given an alternative without its gate word fails here).
describe('boilerplate phrases anywhere in a line', () => {
  it.each([
    'Your comment: 500 Characters Left',
    'Please LEAVE A REPLY below',
    'You can post a comment on this story',
    'By posting I Agree To The Terms of the site',
    'Read our publishing terms first',
    '2026 Riverside Gazette, ALL RIGHTS RESERVED',
    'The Gazette is Not Responsible For The Content Of External sites',
    'Note: comments are MODERATED',
    'Views Expressed In The Comments are the readers own',
    'This Site Uses Cookies to improve your visit',
    'Manage all COOKIES',
    'To enter the prize draw, Click Here now',
  ])('%s', (line) => {
    expect(isBoilerplateLine(line, 1)).toBe(true);
  });
});
