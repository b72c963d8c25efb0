/**
 * Who a digest mail is addressed to. It lives in mail, the lower layer, because composing the
 * message needs it; digest personalisation reads it from here.
 */
export interface DigestRecipient {
  readonly email: string;
  readonly name: string | null;
}
