import { describe, expect, it } from 'vitest';
import { SesFeedbackError, suppressionsFrom } from '../../../lambda/mail/ses-feedback.js';

const bounce = (bounceType: string) =>
  JSON.stringify({
    eventType: 'Bounce',
    bounce: { bounceType, bounceSubType: 'General', bouncedRecipients: [{ emailAddress: 'gone@example.com', status: '5.1.1' }] },
    mail: { messageId: 'm-1' },
  });

describe('SES bounce and complaint events', () => {
  it('suppresses hard-bounced addresses', () => {
    expect(suppressionsFrom(bounce('Permanent'))).toEqual([{ email: 'gone@example.com', reason: 'hard-bounce', detail: 'Permanent/General', messageId: 'm-1' }]);
  });

  it('leaves soft bounces to SES retries', () => {
    expect(suppressionsFrom(bounce('Transient'))).toEqual([]);
  });

  it('suppresses complainants (also in the older notificationType format)', () => {
    const complaint = JSON.stringify({ notificationType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: 'angry@example.com' }], complaintFeedbackType: 'abuse' } });
    expect(suppressionsFrom(complaint)).toEqual([{ email: 'angry@example.com', reason: 'complaint', detail: 'abuse', messageId: null }]);
  });

  it('ignores deliveries and refuses what is not an SES event', () => {
    expect(suppressionsFrom(JSON.stringify({ eventType: 'Delivery', mail: {} }))).toEqual([]);
    expect(() => suppressionsFrom('not json')).toThrow(SesFeedbackError);
  });
});
