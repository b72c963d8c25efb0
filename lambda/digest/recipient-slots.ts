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
