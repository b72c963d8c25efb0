import { randomBytes } from 'node:crypto';
import { slot, slotsNamed } from './slot-syntax.js';

/**
 * Recipient-specific parts are left as slots in the rendered digest and filled per subscriber.
 * The slot names carry a per-process random nonce, so article text (already in place when they
 * are filled) can never forge one.
 */
const NONCE = randomBytes(8).toString('hex');

const RECIPIENT = `recipient-${NONCE}`;

export const RECIPIENT_SLOTS = {
  email: slot(RECIPIENT, 'email'),
  subscription: slot(RECIPIENT, 'subscription'),
  unsubscribe: slot(RECIPIENT, 'unsubscribe'),
} as const;

/** Slot for a section's "stop this topic" link; topic names are [a-z0-9-] (validated config). */
export const stopTopicSlot = (topic: string) => slot(`${RECIPIENT}-stop`, topic);
export const STOP_TOPIC_SLOT_PATTERN = slotsNamed(`${RECIPIENT}-stop`);
