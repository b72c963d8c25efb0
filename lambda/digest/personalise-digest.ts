import type { DigestRecipient, RenderedDigest } from './digest-content.js';
import { escapeHtml } from './escape-html.js';
import { RECIPIENT_SLOTS } from './recipient-slots.js';

export interface PersonaliseOptions {
  /** One-click unsubscribe page for this recipient; without it the footer says to reply. */
  readonly unsubscribeUrl?: string;
  readonly topics?: readonly string[];
  readonly cadence?: string;
}

function subscriptionText(options: PersonaliseOptions): string {
  const topics = !options.topics || options.topics.includes('*') ? 'all topics' : options.topics.join(', ');
  return options.cadence ? `${topics} (${options.cadence})` : topics;
}

/** Fills a rendered digest's recipient slots by plain substitution: no MJML compile per subscriber. */
export function personaliseDigest(rendered: RenderedDigest, recipient: DigestRecipient, options: PersonaliseOptions = {}): RenderedDigest {
  const subscription = subscriptionText(options);
  const stopHtml = options.unsubscribeUrl
    ? `<a href="${escapeHtml(options.unsubscribeUrl)}">Unsubscribe or change your topics</a>`
    : 'To stop these emails, reply to this message.';
  const stopText = options.unsubscribeUrl ? `Unsubscribe or change your topics: ${options.unsubscribeUrl}` : 'To stop these emails, reply to this message.';
  const fill = (text: string, values: Record<keyof typeof RECIPIENT_SLOTS, string>) =>
    text
      .replaceAll(RECIPIENT_SLOTS.email, values.email)
      .replaceAll(RECIPIENT_SLOTS.subscription, values.subscription)
      .replaceAll(RECIPIENT_SLOTS.unsubscribe, values.unsubscribe);
  return {
    subject: rendered.subject,
    html: fill(rendered.html, { email: escapeHtml(recipient.email), subscription: escapeHtml(subscription), unsubscribe: stopHtml }),
    text: fill(rendered.text, { email: recipient.email, subscription, unsubscribe: stopText }),
  };
}
