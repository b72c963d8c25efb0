import { simpleParser, type ParsedMail } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { composeDigestMessage } from '../../../lambda/mail/compose-message.js';
import { sanitizeHeaderValue } from '../../../lambda/mail/sanitize-header.js';

/** mailparser folds List-* headers into one object; the raw lines say exactly what was sent. */
function headerLine(mail: ParsedMail, key: string): string | undefined {
  return mail.headerLines.find((line) => line.key === key)?.line;
}

const base = {
  from: 'Nachrichten Digest <digest@news.example.org>',
  to: { email: 'zoe@example.com', name: 'Zoë Müller' },
  subject: 'Zürich – ünïcode headline',
  html: '<p>Hello <b>HTML</b></p>',
  text: 'Hello text – ünïcode',
  listId: 'newsdrop digest <newsdrop.news.example.org>',
};

describe('composeDigestMessage', () => {
  it('builds multipart/alternative with encoded UTF-8 subject and names, parsed back intact', async () => {
    // Act
    const raw = await composeDigestMessage(base);
    const mail = await simpleParser(raw);
    // Assess
    expect(mail.subject).toBe('Zürich – ünïcode headline');
    expect(mail.from?.value[0]).toMatchObject({ name: 'Nachrichten Digest', address: 'digest@news.example.org' });
    const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
    expect(to?.value[0]).toMatchObject({ name: 'Zoë Müller', address: 'zoe@example.com' });
    expect(mail.text?.trim()).toBe('Hello text – ünïcode');
    expect(mail.html).toContain('<b>HTML</b>');
    expect(String(mail.headers.get('content-type') && (mail.headers.get('content-type') as { value: string }).value)).toBe('multipart/alternative');
    expect(raw.toString('latin1')).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(headerLine(mail, 'list-id')).toBe('List-ID: newsdrop digest <newsdrop.news.example.org>');
  });

  it('adds RFC 8058 one-click unsubscribe headers when a URL is given', async () => {
    const mail = await simpleParser(await composeDigestMessage({ ...base, listUnsubscribeUrl: 'https://unsub.example.org/u?t=abc' }));
    expect(headerLine(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(headerLine(mail, 'list-unsubscribe')).toBe('List-Unsubscribe: <https://unsub.example.org/u?t=abc>');
  });

  it('omits unsubscribe headers without a URL rather than inventing one', async () => {
    const raw = (await composeDigestMessage(base)).toString();
    expect(raw).not.toMatch(/List-Unsubscribe/i);
  });

  it('keeps a CR/LF injection attempt inside one Subject header', async () => {
    const raw = await composeDigestMessage({ ...base, subject: 'Hello\r\nBcc: victim@example.com\r\n\r\n<script>', to: { email: 'a@example.com', name: 'Eve\r\nCc: x@example.com' } });
    const mail = await simpleParser(raw);
    expect(mail.bcc).toBeUndefined();
    expect(mail.cc).toBeUndefined();
    expect(mail.subject).toBe('Hello Bcc: victim@example.com <script>');
  });
});

describe('sanitizeHeaderValue', () => {
  it('removes control characters and caps at a word boundary', () => {
    expect(sanitizeHeaderValue('a\u0000b\u0007c\u2028d')).toBe('a b c d');
    const capped = sanitizeHeaderValue('word '.repeat(100), 30);
    expect(capped.length).toBeLessThanOrEqual(30);
    expect(capped.endsWith('word…')).toBe(true);
  });
});
