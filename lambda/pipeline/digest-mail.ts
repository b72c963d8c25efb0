import type { RenderedDigest } from '../digest/digest-content.js';
import { personaliseDigest } from '../digest/personalise-digest.js';
import { composeDigestMessage } from '../mail/compose-message.js';
import type { DigestRecipient } from '../mail/digest-recipient.js';
import type { UnsubscribeLinks } from '../mail/unsubscribe-links.js';
import type { Cadence } from '../store/subscriber.js';
import { emailDomain, senderAddressIn } from '../text/email-address.js';

export interface DigestMailOptions {
  /** From header. */
  readonly from: string;
  /** The reader's subscription, as the footer states it. */
  readonly topics: readonly string[];
  readonly cadence: Cadence;
  /** Signed unsubscribe links; without them the footer asks readers to reply and no List-Unsubscribe is sent. */
  readonly links?: UnsubscribeLinks;
}

/** The reader's copy of a digest: the personalised HTML and text, and the raw MIME SES gets. */
export interface DigestMail {
  readonly personal: RenderedDigest;
  readonly raw: Buffer;
}

/** List-Id of the sender's domain, so filters and unsubscribe buttons find the list. */
export function listIdFor(from: string): string {
  const sender = senderAddressIn(from);
  const domain = (sender && emailDomain(sender))?.toLowerCase() ?? 'localhost';
  return `newsdrop digest <newsdrop.${domain}>`;
}

/**
 * The mail one reader gets of a rendered digest: their address, subscription and signed links
 * filled in, with the List-Unsubscribe headers of the same links. The digest sender and
 * `newsdrop preview` both compose through here, so a preview is byte for byte what SES gets.
 */
export async function composeDigestMail(rendered: RenderedDigest, recipient: DigestRecipient, options: DigestMailOptions): Promise<DigestMail> {
  const { links } = options;
  const unsubscribeUrl = links?.unsubscribeUrl(recipient.email);
  const personal = personaliseDigest(rendered, recipient, {
    topics: options.topics,
    cadence: options.cadence,
    unsubscribeUrl,
    stopTopicUrl: links ? (topic) => links.stopTopicUrl(recipient.email, topic) : undefined,
  });
  const raw = await composeDigestMessage({ from: options.from, to: recipient, listId: listIdFor(options.from), listUnsubscribeUrl: unsubscribeUrl, ...personal });
  return { personal, raw };
}
