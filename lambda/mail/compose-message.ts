import MailComposer from 'nodemailer/lib/mail-composer';
import type { DigestRecipient } from './digest-recipient.js';
import { sanitizeHeaderValue } from './sanitize-header.js';

interface DigestMessage {
  /** From header, "Name <address>" or a bare address. */
  readonly from: string;
  readonly to: DigestRecipient;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /** List-Id header value, e.g. "newsdrop digest <newsdrop.example.org>". */
  readonly listId: string;
  /** One-click unsubscribe endpoint (RFC 8058); omitted when the deployment has none. */
  readonly listUnsubscribeUrl?: string;
  readonly replyTo?: string;
}

/**
 * Article text may carry old Mac CRs or CRLFs: each becomes one LF, which MailComposer's
 * `newline` then writes as CRLF. A bare CR would otherwise reach the message unencoded.
 */
const oneLineBreak = (body: string) => body.replace(/\r\n?/g, '\n');

/**
 * The exact MIME message SES receives: multipart/alternative (text + HTML), headers encoded by
 * nodemailer's MailComposer — never assembled by hand. Every line ends in CRLF (RFC 5322; DKIM
 * signatures over bare LFs break on relays that fix them), as nodemailer's own SES transport
 * makes them: MailComposer alone keeps the LFs of the bodies and their encoders.
 */
export async function composeDigestMessage(message: DigestMessage): Promise<Buffer> {
  const headers: Record<string, string> = { 'List-Id': sanitizeHeaderValue(message.listId) };
  if (message.listUnsubscribeUrl) {
    headers['List-Unsubscribe'] = `<${sanitizeHeaderValue(message.listUnsubscribeUrl, 2000)}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  const composer = new MailComposer({
    from: sanitizeHeaderValue(message.from),
    to: {
      name: message.to.name ? sanitizeHeaderValue(message.to.name, 100) : '',
      address: sanitizeHeaderValue(message.to.email, 254),
    },
    replyTo: message.replyTo ? sanitizeHeaderValue(message.replyTo) : undefined,
    subject: sanitizeHeaderValue(message.subject),
    text: oneLineBreak(message.text),
    html: oneLineBreak(message.html),
    headers,
    textEncoding: 'quoted-printable',
    newline: '\r\n',
  });
  return composer.compile().build();
}
