import { randomBytes } from 'node:crypto';

/**
 * Recipient-specific parts are left as slots in the rendered digest and filled per subscriber.
 * The slot names carry a per-process random nonce, so article text can never forge one.
 */
const NONCE = randomBytes(8).toString('hex');

export const RECIPIENT_SLOTS = {
  email: `%%ND${NONCE}EMAIL%%`,
  subscription: `%%ND${NONCE}SUBSCRIPTION%%`,
  unsubscribe: `%%ND${NONCE}UNSUBSCRIBE%%`,
} as const;

/** Slot for a section's "stop this topic" link; topic names are [a-z0-9-] (validated config). */
export const stopTopicSlot = (topic: string) => `%%ND${NONCE}STOP:${topic}%%`;
export const STOP_TOPIC_SLOT_PATTERN = new RegExp(`%%ND${NONCE}STOP:([a-z0-9-]+)%%`, 'g');
