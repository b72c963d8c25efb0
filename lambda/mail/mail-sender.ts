/** Sends one raw MIME message (SesMailSender when deployed; the SES emulator locally; fakes in tests). */
export interface MailSender {
  send(raw: Uint8Array, destinations: readonly string[]): Promise<{ messageId: string }>;
}
