import MailComposer from 'nodemailer/lib/mail-composer';
import { sanitizeHeaderValue } from './sanitize-header.js';

/** A one-off mail to one address (a signup confirmation): no list headers, since it is no digest. */
interface NoticeMessage {
  readonly from: string;
  readonly to: { readonly email: string; readonly name?: string };
  readonly subject: string;
  /** Bodies already escaped for their type by the caller. */
  readonly text: string;
  readonly html: string;
}

/** The MIME message, composed by nodemailer as digests are: sanitised headers, CRLF line ends. */
export async function composeNoticeMessage(message: NoticeMessage): Promise<Buffer> {
  const composer = new MailComposer({
    from: sanitizeHeaderValue(message.from),
    to: { name: message.to.name ? sanitizeHeaderValue(message.to.name, 100) : '', address: sanitizeHeaderValue(message.to.email, 254) },
    subject: sanitizeHeaderValue(message.subject),
    text: message.text.replace(/\r\n?/g, '\n'),
    html: message.html.replace(/\r\n?/g, '\n'),
    textEncoding: 'quoted-printable',
    newline: '\r\n',
  });
  return composer.compile().build();
}
