import type { DigestRecipient } from '../mail/digest-recipient.js';
import type { RenderedDigest } from './digest-content.js';
import { escapeHtml } from './escape-html.js';
import { RECIPIENT_SLOTS, STOP_TOPIC_SLOT_PATTERN } from './recipient-slots.js';
import { topicTitle } from './topic-order.js';

interface PersonaliseOptions {
  /** One-click unsubscribe page for this recipient; without it the footer says to reply. */
  readonly unsubscribeUrl?: string;
  /** Link that stops one topic for this recipient; without it sections carry no stop link. */
  readonly stopTopicUrl?: (topic: string) => string;
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
  const stopLinks = (html: string) =>
    html.replace(STOP_TOPIC_SLOT_PATTERN, (_slot, topic: string) =>
      options.stopTopicUrl ? `<a href="${escapeHtml(options.stopTopicUrl(topic))}">Stop ${escapeHtml(topicTitle(topic))} stories</a>` : '',
    );
  return {
    subject: rendered.subject,
    html: stopLinks(fill(rendered.html, { email: escapeHtml(recipient.email), subscription: escapeHtml(subscription), unsubscribe: stopHtml })),
    text: fill(rendered.text, { email: recipient.email, subscription, unsubscribe: stopText }),
  };
}
