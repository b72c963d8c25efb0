import type { MailSender } from '../../lambda/mail/mail-sender.js';

/** Records what would go to SES; `failWith` makes the next sends fail; `beforeSend` runs first (a clock to advance, a gate). */
export class RecordingMailer implements MailSender {
  readonly sent: { raw: string; to: readonly string[] }[] = [];
  failWith: Error | null = null;
  beforeSend: ((to: readonly string[]) => Promise<void> | void) | null = null;
  async send(raw: Uint8Array, destinations: readonly string[]) {
    await this.beforeSend?.(destinations);
    if (this.failWith) throw this.failWith;
    this.sent.push({ raw: Buffer.from(raw).toString('utf8'), to: destinations });
    return { messageId: `m-${this.sent.length}` };
  }

  /** Who got a mail, one entry per mail, sorted. */
  recipients(): string[] {
    return this.sent.map((mail) => mail.to[0]!).sort();
  }
}
