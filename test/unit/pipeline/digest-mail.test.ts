import { simpleParser, type ParsedMail } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { renderDigest } from '../../../lambda/digest/render-digest.js';
import { parseSigningKeys } from '../../../lambda/mail/signing-keys.js';
import { unsubscribeLinks } from '../../../lambda/mail/unsubscribe-links.js';
import { composeDigestMail } from '../../../lambda/pipeline/digest-mail.js';
import { digestContent, story } from '../../support/story-factory.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const signing = parseSigningKeys(JSON.stringify({ current: '1', key1: 'k'.repeat(48) }));
const links = unsubscribeLinks('https://unsub.example.org/', signing, () => NOW);
const reader = { email: 'zoe@example.com', name: 'Zoë Müller' };
const options = { from: 'News Digest <digest@news.example.org>', topics: ['*'], cadence: 'daily' as const, links };

/** Line ends in the raw bytes: RFC 5322 allows CR and LF only together, as CRLF. */
function lineEnds(raw: Buffer): { crlf: number; bareLf: number; bareCr: number; longestLine: number } {
  const text = raw.toString('latin1');
  return {
    crlf: text.match(/\r\n/g)?.length ?? 0,
    bareLf: text.match(/(?<!\r)\n/g)?.length ?? 0,
    bareCr: text.match(/\r(?!\n)/g)?.length ?? 0,
    longestLine: Math.max(...text.split('\r\n').map((line) => line.length)),
  };
}

/** A header as sent, unfolded (RFC 5322 folds long ones at a space). */
function headerLine(mail: ParsedMail, key: string): string | undefined {
  return mail.headerLines.find((line) => line.key === key)?.line.replace(/\r\n(?=[ \t])/g, '');
}

/** Ten stories over three topics, with links, sources, dates and summaries long enough to wrap. */
const tenStories = () =>
  digestContent(
    Array.from({ length: 10 }, (_, i) =>
      story({
        topic: ['world', 'business', 'sport'][i % 3]!,
        headline: `Story ${i} – ünïcode headline that runs on for a while`,
        sources: ['Example Wire', 'Другое агентство'],
        url: `https://example.com/news/${i}?a=1&b=2`,
        summary: 'A summary sentence that goes on long enough to wrap in quoted-printable. '.repeat(4),
      }),
    ),
  );

describe('composeDigestMail: the bytes SES gets', () => {
  it('ends every line of a ten-story digest in CRLF, none longer than 998 octets', async () => {
    // Prepare
    const rendered = await renderDigest(tenStories());
    // Act
    const { raw } = await composeDigestMail(rendered, reader, options);
    // Assess
    const ends = lineEnds(raw);
    expect(ends).toMatchObject({ bareLf: 0, bareCr: 0 });
    expect(ends.crlf).toBeGreaterThan(100);
    expect(ends.longestLine).toBeLessThanOrEqual(998);
  });

  it('turns CR and LF inside article text into CRLF line breaks and keeps the words', async () => {
    // Prepare
    const rendered = await renderDigest(
      digestContent([story({ headline: 'Old Mac\rline ends', summary: 'first\rsecond\nthird\r\nfourth', url: 'https://example.com/x' }), story()]),
    );
    // Act
    const { raw } = await composeDigestMail(rendered, reader, options);
    const mail = await simpleParser(raw);
    // Assess
    expect(lineEnds(raw)).toMatchObject({ bareLf: 0, bareCr: 0 });
    expect(mail.text).toContain('first\nsecond\nthird\nfourth');
    expect(mail.html).toContain('Old Mac\nline ends');
  });

  it('carries the signed links of the footer in List-Unsubscribe, with RFC 8058 one-click', async () => {
    // Act
    const { raw, personal } = await composeDigestMail(await renderDigest(tenStories()), reader, options);
    const mail = await simpleParser(raw);
    // Assess
    const unsubscribe = links.unsubscribeUrl(reader.email);
    expect(headerLine(mail, 'list-unsubscribe')).toBe(`List-Unsubscribe: <${unsubscribe}>`);
    expect(headerLine(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(headerLine(mail, 'list-id')).toBe('List-ID: newsdrop digest <newsdrop.news.example.org>');
    expect(personal.html).toContain(`href="${unsubscribe.replaceAll('&', '&amp;')}"`);
    expect(personal.text).toContain(`Unsubscribe or change your topics: ${unsubscribe}`);
    expect(personal.text).not.toContain('reply to this message');
  });
});
