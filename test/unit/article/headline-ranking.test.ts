import { describe, expect, it } from 'vitest';
import { HeadlineLexicon, LEXICON_BUCKETS, trainHeadlineLexicon } from '../../../lambda/article/headline-lexicon.js';
import { HEADLINE_FEATURES } from '../../../lambda/article/headline-features.js';
import { headlineCandidates } from '../../../lambda/article/headline-ranker.js';
import { HEADLINE_WEIGHTS } from '../../../lambda/article/headline-weights.js';
import { parseArticle } from '../../../lambda/article/parse-article.js';
import { segmentPage } from '../../../lambda/article/text-extraction.js';

const PARAGRAPHS = [
  'The harbour authority approved the new ferry timetable on Tuesday after months of talks with the unions.',
  '"Passengers will see more crossings in the evening and fewer cancellations," the authority chair told reporters.',
  'The timetable takes effect in January and adds six sailings a day on the busiest route.',
];

const parse = (lines: string[]) => parseArticle(Buffer.from(lines.join('\n')), { fileName: 'page.txt' });

/** The value of a feature of a candidate line of the page, by its text; undefined when the line is no candidate. */
function candidateFeatures(lines: string[]) {
  const page = segmentPage(lines.join('\n'));
  const candidates = headlineCandidates(page.lines, page.start, page.end, page.body);
  return (text: string, name: (typeof HEADLINE_FEATURES)[number]) =>
    candidates.find((candidate) => page.lines[candidate.index]!.text === text)?.features[HEADLINE_FEATURES.indexOf(name)];
}

describe('headline lexicon', () => {
  it('scores words seen in headlines above words seen in page furniture', () => {
    // Prepare
    const lexicon = trainHeadlineLexicon(['Ferry strike ends after talks', 'Union backs ferry deal'], ['Sign in to e-mail', 'Home news sport', 'Sign up now']);
    // Act / Assess
    expect(lexicon.score('ferry talks')).toBeGreaterThan(0);
    expect(lexicon.score('sign in')).toBeLessThan(0);
    expect(lexicon.score('')).toBe(0);
  });

  it('survives its int8 base64 encoding within one quantisation step', () => {
    // Prepare
    const lexicon = trainHeadlineLexicon(['Ferry strike ends after talks'], ['Sign in to e-mail']);
    // Act
    const { encoded, scale } = lexicon.toBase64();
    const decoded = HeadlineLexicon.fromBase64(encoded, scale);
    // Assess
    for (const text of ['Ferry strike ends', 'Sign in', 'talks to e-mail']) expect(Math.abs(decoded.score(text) - lexicon.score(text))).toBeLessThanOrEqual(scale);
  });

  it('refuses a table of the wrong size instead of scoring garbage', () => {
    expect(() => new HeadlineLexicon(new Float32Array(LEXICON_BUCKETS - 1))).toThrow(/buckets/);
  });
});

describe('plain-text headline ranking', () => {
  it('takes the headline, not the deck, byline or date under it', () => {
    // Act
    const article = parse([
      'Home | News | Sport | Weather',
      'Ferry timetable approved',
      'Evening crossings added on the busiest route as unions sign off',
      'By Maria Lindqvist',
      'Tuesday, 24 November 2026',
      ...PARAGRAPHS,
    ]);
    // Assess
    expect(article.headline).toBe('Ferry timetable approved');
    expect(article.byline).toBe('Maria Lindqvist');
    expect(article.body).toEqual(PARAGRAPHS);
  });

  it('never takes a byline or a photo caption with its credit', () => {
    const article = parse(['News', 'Ferry timetable approved', 'By Evan Lehmann, Harbour Bureau', 'The new ferry at the quay (Pic: PA)', ...PARAGRAPHS]);
    expect(article.headline).toBe('Ferry timetable approved');
  });

  it('finds the headline inside a body span that began on a promo line, and starts the body after it', () => {
    // Prepare: a reader call-out long enough to count as text sits right above the title block.
    const promo = 'Got a ferry story, a photo or a complaint about the crossing times that you would like to share with us?';
    // Act
    const article = parse(['Local', 'Opinion', promo, 'Ferry timetable approved after long talks', 'By Maria Lindqvist', ...PARAGRAPHS]);
    // Assess
    expect(article.headline).toBe('Ferry timetable approved after long talks');
    expect(article.body).toEqual(PARAGRAPHS);
  });

  it('does not consider a subheading after the first paragraph, so the lede is never cut', () => {
    // Prepare
    const page = segmentPage(['Ferry timetable approved after long talks', 'Maria Lindqvist', PARAGRAPHS[0]!, 'What changes for passengers?', PARAGRAPHS[1]!, PARAGRAPHS[2]!].join('\n'));
    // Act
    const candidates = headlineCandidates(page.lines, page.start, page.end, page.body).map((candidate) => page.lines[candidate.index]!.text);
    // Assess
    expect(candidates).toContain('Ferry timetable approved after long talks');
    expect(candidates).not.toContain('What changes for passengers?');
    expect(parse(page.lines.map((line) => line.text)).body[0]).toBe(PARAGRAPHS[0]);
  });

  it('reads a long line cut off with "…" inside the body as a paragraph: no candidate, and the search stops there', () => {
    // Prepare: a teaser-style page whose first paragraph ends in an ellipsis, not a full stop.
    const cut = 'Viver uma verdadeira experiência amorosa é um dos maiores prazeres da vida, e quem se ama sabe dar o melhor de si para os outros…';
    const page = segmentPage(['Só quem se Ama…', '[INS: :INS]', cut, 'A vida requer da gente otimismo e coragem para esperar o melhor e fazer o melhor acontecer na nossa casa…', '[INS: :INS]'].join('\n'));
    // Act
    const candidates = headlineCandidates(page.lines, page.start, page.end, page.body).map((candidate) => page.lines[candidate.index]!.text);
    // Assess
    expect(page.lines[page.start]!.text).toBe(cut);
    expect(candidates).toContain('Só quem se Ama…');
    expect(candidates).not.toContain(cut);
  });

  it('reads a line ending in "p.m." inside the body as a possible headline, not as a paragraph', () => {
    // Prepare: a preview whose title line is the first line of the body span.
    const title = 'Minnesota Timberwolves (5-32) At Phoenix Suns (27-12), 9 p.m.';
    const page = segmentPage(['Tennis', 'Boxing', title, ...PARAGRAPHS].join('\n'));
    // Act
    const candidates = headlineCandidates(page.lines, page.start, page.end, page.body).map((candidate) => page.lines[candidate.index]!.text);
    // Assess
    expect(candidates).toContain(title);
  });

  it('reads a line ending in an initialism ("N.Y.C.") inside the body as a possible headline, not as a paragraph', () => {
    // Prepare: the title line is the body span's first line, and its last word is an initialism.
    const title = 'Manhole Fires and Burst Pipes: How Winter Wreaks Havoc on What’s Underneath N.Y.C.';
    const page = segmentPage(['Tennis', 'Boxing', title, ...PARAGRAPHS].join('\n'));
    // Act
    const candidates = headlineCandidates(page.lines, page.start, page.end, page.body).map((candidate) => page.lines[candidate.index]!.text);
    // Assess
    expect(candidates).toContain(title);
  });

  it('never offers a timestamp, a tag list or a breadcrumb trail as the headline', () => {
    // Prepare: each of these once outranked the real headline of a GN1 page, but the two trails
    // starting at "Home", which are shaped after an unseen English page's as w3m dumps it.
    const furniture = [
      'You Are In: Home > Entertainment > Television',
      'Home / Local News / Ferry timetable approved',
      'Home › Harbour news',
      'Tags: ferry, harbour, unions',
      'Thursday, December 27 2007, 07:00 GMT',
      'Updated Thu. Jan. 10 2008 10:12 PM ET',
    ];
    const page = segmentPage([...furniture.slice(0, 4), 'Ferry timetable approved', ...furniture.slice(4), ...PARAGRAPHS].join('\n'));
    // Act
    const candidates = headlineCandidates(page.lines, page.start, page.end, page.body).map((candidate) => page.lines[candidate.index]!.text);
    // Assess
    expect(candidates).toContain('Ferry timetable approved');
    for (const line of furniture) expect(candidates).not.toContain(line);
  });

  it('never offers a reporter\'s role line as the headline, but keeps a headline about a newsroom post', () => {
    // Prepare: "Tribune Staff Reporter" was an unseen English page's headline as w3m dumps it; the issue names "staff writer" lines.
    const roles = ['Tribune Staff Reporter', 'Robert Fryer, Managing Editor', 'Senior Washington Correspondent', 'Greg Beacham, AP Sports Writer'];
    const titles = ['Guardian Appoints New Political Editor', 'The Last Correspondent'];
    const page = segmentPage([...titles, 'Ferry timetable approved', ...roles, ...PARAGRAPHS].join('\n'));
    // Act
    const candidates = headlineCandidates(page.lines, page.start, page.end, page.body).map((candidate) => page.lines[candidate.index]!.text);
    // Assess
    expect(candidates).toEqual(expect.arrayContaining(['Ferry timetable approved', ...titles]));
    for (const line of roles) expect(candidates).not.toContain(line);
  });

  it('never offers a caption closed by its picture\'s credit as the headline, but keeps "(VIDEO)" after one', () => {
    // Prepare: "… against Dominica. (FILE)" was an unseen English page's headline as w3m dumps it.
    const captions = ['The new ferry at the quay in the morning fog. (FILE)', 'Harbour workers at the quay (Picture by Jane Doe.)', 'The ferry leaves the harbour (AP Photo/John Roe, File)'];
    const page = segmentPage(['Ferry crews rehearse the new crossings (VIDEO)', 'Ferry timetable approved', ...captions, ...PARAGRAPHS].join('\n'));
    // Act
    const candidates = headlineCandidates(page.lines, page.start, page.end, page.body).map((candidate) => page.lines[candidate.index]!.text);
    // Assess
    expect(candidates).toEqual(expect.arrayContaining(['Ferry timetable approved', 'Ferry crews rehearse the new crossings (VIDEO)']));
    for (const line of captions) expect(candidates).not.toContain(line);
  });

  it('never offers a picture\'s file name, as a text browser writes it, as the headline', () => {
    const page = segmentPage(['Home | News', 'Ferry timetable approved', '[ferry-at-quay-1024x723]', '[lazy_placeholder][harbour]', ...PARAGRAPHS].join('\n'));
    const candidates = headlineCandidates(page.lines, page.start, page.end, page.body).map((candidate) => page.lines[candidate.index]!.text);
    expect(candidates).toContain('Ferry timetable approved');
    expect(candidates).not.toContain('[ferry-at-quay-1024x723]');
    expect(candidates).not.toContain('[lazy_placeholder][harbour]');
  });

  it('reads list entries, media labels, links and addresses, and how often the page repeats a line', () => {
    // Prepare: the page repeats its headline in its share text, as many pages do.
    const lines = [
      '* Sport',
      'Ferry timetable approved after long talks',
      'IFRAME: https://example.org/player',
      'news@harbour.example',
      'Share: Ferry timetable approved after long talks',
      'The harbour at dawn',
      ...PARAGRAPHS,
    ];
    const feature = candidateFeatures(lines);
    // Assess
    expect(feature('* Sport', 'listItem')).toBe(1);
    expect(feature('Ferry timetable approved after long talks', 'listItem')).toBe(0);
    expect(feature('IFRAME: https://example.org/player', 'mediaLabel')).toBe(1);
    expect(feature('news@harbour.example', 'linkOrAddress')).toBe(1);
    expect(feature('Ferry timetable approved after long talks', 'echoed')).toBeGreaterThan(0);
    expect(feature('The harbour at dawn', 'echoed')).toBe(0);
  });

  it('reads a heading lynx left at the margin above indented paragraphs, and the photo credit of a caption', () => {
    // Prepare: lynx sets paragraphs in by three columns and writes <h1> at the margin.
    const lines = [
      '   Skip to main content',
      'Ferry timetable approved after long talks',
      '   A ferry leaves the quay at dawn',
      '   The new timetable adds evening crossings.Photograph: Jane Doe/Getty Images',
      ...PARAGRAPHS.map((paragraph) => `   ${paragraph}`),
    ];
    const feature = candidateFeatures(lines);
    // Assess
    expect(feature('Ferry timetable approved after long talks', 'outdented')).toBe(1);
    expect(feature('A ferry leaves the quay at dawn', 'outdented')).toBe(0);
    expect(feature('A ferry leaves the quay at dawn', 'nearPhotoCredit')).toBe(1);
    expect(feature('Ferry timetable approved after long talks', 'nearPhotoCredit')).toBe(0);
    expect(feature('Ferry timetable approved after long talks', 'photoCredit')).toBe(0);
  });

  it('reads a line w3m set apart by blank lines from one in a run of lines, and only in a w3m-like dump', () => {
    // Prepare: w3m puts a blank line above and below <h1> and <p>, none between <div>s, and writes a menu as bullets.
    const page = ['Ferry timetable approved after long talks', '', 'By Maria Lindqvist', 'Tuesday November 19, 2026', 'A ferry leaves the quay at dawn', '', ...PARAGRAPHS.flatMap((paragraph) => [paragraph, ''])];
    const dump = candidateFeatures(['  • Home', '  • News', '  • Sport', '  • Weather', '', ...page]);
    const plainText = candidateFeatures(['Home', 'News', '', ...page]);
    // Assess
    expect(dump('Ferry timetable approved after long talks', 'isolated')).toBe(1);
    expect(dump('A ferry leaves the quay at dawn', 'isolated')).toBe(0);
    // A scraper's plain text puts blank lines anywhere: there they say nothing.
    expect(plainText('Ferry timetable approved after long talks', 'isolated')).toBe(0);
  });

  it('fills every feature of every candidate with a number', () => {
    // Prepare
    const page = segmentPage(['Home | News', 'Ferry timetable approved', 'By Maria Lindqvist', ...PARAGRAPHS].join('\n'));
    // Act
    const candidates = headlineCandidates(page.lines, page.start, page.end, page.body);
    // Assess
    expect(candidates.length).toBeGreaterThan(0);
    for (const candidate of candidates) {
      // The shipped weights name the dump-style copies too: [f, s·f].
      expect(candidate.features).toHaveLength(HEADLINE_WEIGHTS.features.length);
      expect(candidate.features.every(Number.isFinite)).toBe(true);
    }
  });

  it('marks the entries of a related list between the headline and the story', () => {
    // Prepare
    const lines = ['Home | News', 'Ferry timetable approved', 'Related Stories', 'Mayor defends tax plan', 'Harbour dredging to start in spring', ...PARAGRAPHS];
    const page = segmentPage(lines.join('\n'));
    const underListHeader = HEADLINE_FEATURES.indexOf('underListHeader');
    // Act
    const value = (text: string) => headlineCandidates(page.lines, page.start, page.end, page.body).find((candidate) => page.lines[candidate.index]!.text === text)?.features[underListHeader];
    // Assess: the entry right under the header is left out, as headlines often follow "More News" directly.
    expect([value('Ferry timetable approved'), value('Mayor defends tax plan'), value('Harbour dredging to start in spring')]).toEqual([0, 0, 1]);
    expect(parse(lines).headline).toBe('Ferry timetable approved');
  });

  it('reads weekday and month names as dates only when they are whole words', () => {
    // Prepare: "satisfied", "Sunrise" and a prime minister's "PM" once counted as dates.
    const headlines = ['Canadians satisfied with start', 'Sunrise scoops Nine with Kylie', 'PM to call limited probe', 'Ferry sails on Friday'];
    const dateOrTime = HEADLINE_FEATURES.indexOf('dateOrTime');
    // Act
    const values = headlines.map((headline) => {
      const page = segmentPage(['Home | News', headline, ...PARAGRAPHS].join('\n'));
      return headlineCandidates(page.lines, page.start, page.end, page.body).find((candidate) => page.lines[candidate.index]!.text === headline)!.features[dateOrTime];
    });
    // Assess
    expect(values).toEqual([0, 0, 0, 1]);
  });
});
