import * as z from 'zod';

/**
 * SES event publishing (configuration set → SNS) for bounces and complaints. A hard bounce or a
 * complaint means: never mail this address again. Soft bounces (mailbox full, …) are retried by SES.
 */
const recipient = z.object({ emailAddress: z.string() }).passthrough();
const sesEventSchema = z
  .object({
    eventType: z.string().optional(),
    notificationType: z.string().optional(),
    bounce: z.object({ bounceType: z.string(), bounceSubType: z.string().optional(), bouncedRecipients: z.array(recipient) }).passthrough().optional(),
    complaint: z.object({ complainedRecipients: z.array(recipient), complaintFeedbackType: z.string().optional() }).passthrough().optional(),
    mail: z.object({ messageId: z.string().optional() }).passthrough().optional(),
  })
  .passthrough();

interface Suppression {
  readonly email: string;
  readonly reason: 'hard-bounce' | 'complaint';
  readonly detail: string;
  readonly messageId: string | null;
}

export class SesFeedbackError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SesFeedbackError';
  }
}

/** Addresses to suppress from one SES event (the SNS message body); none for soft bounces and deliveries. */
export function suppressionsFrom(message: string): Suppression[] {
  let parsed: z.infer<typeof sesEventSchema>;
  try {
    parsed = sesEventSchema.parse(JSON.parse(message));
  } catch (error) {
    throw new SesFeedbackError(`not an SES event notification: ${message.slice(0, 200)}`, { cause: error });
  }
  const type = parsed.eventType ?? parsed.notificationType;
  const messageId = parsed.mail?.messageId ?? null;
  if (type === 'Bounce' && parsed.bounce?.bounceType === 'Permanent') {
    return parsed.bounce.bouncedRecipients.map((r) => ({
      email: r.emailAddress,
      reason: 'hard-bounce' as const,
      detail: `${parsed.bounce!.bounceType}/${parsed.bounce!.bounceSubType ?? 'General'}`,
      messageId,
    }));
  }
  if (type === 'Complaint' && parsed.complaint) {
    return parsed.complaint.complainedRecipients.map((r) => ({
      email: r.emailAddress,
      reason: 'complaint' as const,
      detail: parsed.complaint!.complaintFeedbackType ?? 'complaint',
      messageId,
    }));
  }
  return [];
}
