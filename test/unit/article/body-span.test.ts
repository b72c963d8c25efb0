import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../../lambda/article/parse-article.js';
import { extractFromText } from '../../../lambda/article/text-extraction.js';

const STORY = [
  'Harbour Systems and Northwind Medical announced on Tuesday a partnership to sell patient monitoring software across Europe.',
  'The software gathers readings from the devices around each bed and tells nurses which alarm matters most.',
  '"Alarm fatigue is a real risk for patients, and this helps nurses act on the alarms that count," said the chief executive.',
  'The two companies will start with hospitals in Germany, France and Italy early next year, and add more countries later.',
];

const parse = (lines: string[]) => parseArticle(Buffer.from(lines.join('\n\n')), { fileName: 'page.txt' });

describe('the body span of a plain-text page', () => {
  it('ends at a horizontal rule that only the company boilerplate and a newsletter form follow', () => {
    // Arrange
    const page = [
      'Harbour Systems and Northwind Medical sign a partnership',
      ...STORY,
      '     _________________________',
      'Harbour Systems is a global provider of software for hospitals and care homes, with offices in ten countries.',
      'Stay up to date with Harbour Systems. Subscribe to our newsletter today.',
      'You have successfully subscribed. Thank you!',
    ];
    // Act
    const article = parse(page);
    // Assess
    expect(article.body).toEqual(STORY);
  });

  it("starts after an end marker above the story's first paragraph (a comments link under the byline and date)", () => {
    const page = [
      'Harbour Systems and Northwind Medical sign a partnership',
      'By Staff Writer, The Harbour Gazette',
      'on December 27, 2014 at 12:06 PM, updated December 27, 2014 at 12:10 PM',
      'View/Post Comments',
      ...STORY,
      'View/Post Comments',
      'Great news for the nurses at our hospital, who have asked for this for years and years now.',
    ];
    expect(extractFromText(page.join('\n\n')).body).toEqual(STORY);
    expect(parse(page).body).toEqual(STORY);
  });

  it("drops w3m's labels for pictures without words ([file-name]) from the body, and keeps bracketed words of the story", () => {
    const note = "[Editor's note: this story was updated on Wednesday with the unions' statement.]";
    const page = [
      'Harbour Systems and Northwind Medical sign a partnership',
      '[harbour-systems-office-1024x683]',
      STORY[0]!,
      STORY[1]!,
      '[INS::INS]',
      STORY[2]!,
      '[nurse-station-300x200][monitor-2]',
      STORY[3]!,
      note,
    ];
    expect(parse(page).body).toEqual([...STORY, note]);
  });

  it('reads on past a rule drawn between two halves of a story (w3m draws it with box characters)', () => {
    const page = ['Harbour Systems and Northwind Medical sign a partnership', ...STORY.slice(0, 2), '━━━━━━━━━━━━━━━━━━━━', ...STORY.slice(2)];
    // The hand rules' span (HTML blocks are read by it) and the learned decision of plain text alike.
    expect(extractFromText(page.join('\n\n')).body).toEqual(STORY);
    expect(parse(page).body).toEqual(STORY);
  });

  it('keeps the entries of a list a paragraph announces with a colon, though they are not sentences', () => {
    const dates = ['June 9 – West Palm Beach, FL @ Coral Sky Amphitheatre', 'June 10 – Tampa, FL @ Credit Union Amphitheatre', 'June 14 – Alpharetta, GA @ Ameris Bank Amphitheatre', 'June 17 – Nashville, TN @ Bridgestone Arena', 'June 19 – Charlotte, NC @ PNC Music Pavilion', 'June 20 – Raleigh, NC @ Coastal Credit Union Music Park'];
    const announcing = 'The band will play these thirty dates across North America next summer, starting in Florida:';
    // A browser writes a list's entries on consecutive lines, without a blank line between them.
    const text = ['Harbour Systems and Northwind Medical sign a partnership', '', ...STORY.flatMap((line) => [line, '']), announcing, dates.join('\n'), '', 'Privacy Policy | Terms of Use'].join('\n');
    // The hand rules' span (HTML blocks are read by it) and the learned decision of plain text alike.
    expect(extractFromText(text).body).toEqual([...STORY, announcing, ...dates]);
    expect(parseArticle(Buffer.from(text), { fileName: 'page.txt' }).body).toEqual([...STORY, announcing, ...dates]);
  });

  it('gives no weight to teasers after a short promo ending in a colon', () => {
    const teasers = ['Mayor defends tax plan', 'Schools get new funding', 'Bridge closed for repairs', 'Ferry timetable approved', 'Library opens late on Fridays'];
    const text = ['Harbour Systems and Northwind Medical sign a partnership', '', ...STORY.flatMap((line) => [line, '']), 'Scroll down to read more:', teasers.join('\n')].join('\n');
    const body = parseArticle(Buffer.from(text), { fileName: 'page.txt' }).body;
    expect(body.slice(0, STORY.length)).toEqual(STORY);
    expect(body.filter((paragraph) => teasers.includes(paragraph))).toEqual([]);
  });

  it("does not let a cookie banner's paragraphs outweigh a short story", () => {
    const banner = [
      'This website uses cookies to improve your experience while you navigate through the website. Out of these cookies, the cookies that are categorised as necessary are stored on your browser as they are essential for the working of basic functionalities of the website.',
      'Necessary cookies are absolutely essential for the website to function properly. This category only includes cookies that ensure basic functionalities and security features of the website. These cookies do not store any personal information at all.',
      'Any cookies that may not be particularly necessary for the website to function and are used specifically to collect user personal data via analytics, ads and other embedded contents are termed as non-necessary cookies, and we ask for your consent first.',
    ];
    // Ads part the two, so neither run of text reaches the other.
    const page = ['Harbour Systems and Northwind Medical sign a partnership', ...STORY, ...Array(8).fill('Advert'), 'Copyright © Harbour Media Ltd', ...banner];
    expect(parse(page).body).toEqual(STORY);
  });

  it("starts after the site's notice to an old browser, so the headline under it is found", () => {
    const notice =
      'Thank you for visiting our site. You are using a browser version with limited support for CSS. To obtain the best experience, we recommend you use a more up to date browser. In the meantime, we are displaying the site without styles and JavaScript.';
    const page = ['Skip to main content', notice, 'Advertisement', 'News', '24 September 2019', 'Harbour Systems and Northwind Medical sign a partnership', ...STORY];
    const article = parse(page);
    expect(article.headline).toBe('Harbour Systems and Northwind Medical sign a partnership');
    expect(article.body).toEqual(STORY);
  });

  it('keeps a first paragraph whose full stop the page left out, but not a title above it', () => {
    const lede = 'Harbour Systems paid the full fee this morning to secure the largest software deal in the history of the company';
    const page = ['Harbour Systems and Northwind Medical sign a partnership', 'Harbour Systems buys into Europe', lede, ...STORY];
    expect(parse(page).body).toEqual([lede, ...STORY]);
  });

  it('ends at icon links after which only teasers come, a summary between bylines and dates', () => {
    const teasers = [
      'Ferry timetable approved after long talks',
      'Maria Lindqvist',
      'Tuesday November 19, 2026',
      'The council approved the new ferry timetable on Monday after talks that lasted more than a year and a half.',
      'Schools get new funding from the council',
      'Tom Berg',
      'Monday November 18, 2026',
      'Every school in the county will get more money next year, the council said after a long debate on the budget.',
    ];
    const page = ['Harbour Systems and Northwind Medical sign a partnership', ...STORY, '*', '*', 'Share your thoughts with friends.', '*', ...teasers];
    expect(parse(page).body).toEqual(STORY);
  });

  it('reads on past a related-articles box halfway through the story', () => {
    const box = ['Related articles', '* Hospital software maker opens office in Berlin', '* Nurses say alarms go off too often'];
    const page = ['Harbour Systems and Northwind Medical sign a partnership', ...STORY.slice(0, 2), ...box, ...STORY.slice(2)];
    // The hand rules' span (HTML blocks are read by it) and the learned decision of plain text alike.
    expect(extractFromText(page.join('\n\n')).body).toEqual(STORY);
    expect(parse(page).body).toEqual(STORY);
  });

  it('ends the story where a count of its comments starts them', () => {
    const comments = [
      'There are 2 comments',
      'Sallie Goetsch · March 10, 2017 at 12:20 AM',
      'If there were really no demand for software like this, the hospitals I work with would not keep asking me about it every week.',
      'I have seen alarm fatigue in every ward I have worked on, and anything that helps nurses decide which alarm matters is welcome.',
      'Reply',
    ];
    expect(parse(['Harbour Systems and Northwind Medical sign a partnership', ...STORY, ...comments]).body).toEqual(STORY);
  });

  it('reads a Portuguese paragraph as prose though it ends without a full stop', () => {
    const paragraphs = [
      'Viver uma verdadeira experiência amorosa é um dos maiores prazeres da vida, e quem se ama sabe dar o melhor de si para os outros…',
      'A vida requer da gente otimismo e coragem para esperar o melhor e fazer o melhor acontecer na nossa casa e no nosso trabalho…',
    ];
    const page = ['Só quem se Ama…', '[INS: :INS]', 'Whatsapp Facebook Pint Baixar', ...paragraphs, '[INS: :INS]', 'Temas'];
    expect(parse(page).body).toEqual(paragraphs);
  });
});

