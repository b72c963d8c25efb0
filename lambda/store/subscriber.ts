import * as z from 'zod';
import type { TopicVocabulary } from '../topics/topic-vocabulary.js';

export const CADENCES = ['instant', 'daily', 'weekly'] as const;
export type Cadence = (typeof CADENCES)[number];

/**
 * Where a reader stands. `active` readers get digests; `unsubscribed` (their own choice) and
 * `suppressed` (hard bounce or complaint) never do again unless they opt in anew; `pending` is
 * a signup not yet confirmed (double opt-in); `paused` a reader who stopped their digests for a
 * while from the preference centre and resumes them there (an import does not resume them).
 */
export const SUBSCRIBER_STATUSES = ['pending', 'active', 'paused', 'unsubscribed', 'suppressed'] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];

/** Zone names already answered. Bounded: a file of junk names cannot grow it past this. */
const timeZoneAnswers = new Map<string, boolean>();
const MAX_REMEMBERED_TIME_ZONES = 2_000;

/**
 * An IANA time zone name the runtime knows ("Europe/Berlin"); Intl throws a RangeError for anything
 * else. Remembered, because building a formatter takes ~50 µs: most of a million-row import's CPU.
 */
export function isTimeZone(name: string): boolean {
  const known = timeZoneAnswers.get(name);
  if (known !== undefined) return known;
  let answer: boolean;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    answer = true;
  } catch {
    answer = false;
  }
  if (timeZoneAnswers.size < MAX_REMEMBERED_TIME_ZONES) timeZoneAnswers.set(name, answer);
  return answer;
}

/**
 * One row of an import (config/subscribers.json, a CSV file, `newsdrop subscribers add`): what the
 * operator decides about a reader. Status is not part of it: that is the reader's own or SES's.
 */
export const subscriberRowSchema = z
  .object({
    email: z.email(),
    name: z.string().trim().min(1).max(200).optional(),
    topics: z.array(z.string().trim().min(1).max(64)).min(1),
    cadence: z.enum(CADENCES),
    timezone: z
      .string()
      .max(64)
      .refine(isTimeZone, 'must be an IANA time zone name such as Europe/Berlin')
      .optional(),
    /** When and how the reader agreed to be mailed (proof of consent), if the operator has it. */
    consentAt: z.iso.datetime({ offset: true }).optional(),
    consentSource: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export type SubscriberRow = z.infer<typeof subscriberRowSchema>;

/**
 * A row whose topics are all known (the model's labels, the operator's topics, "*"): a typo would
 * otherwise be stored and that reader never get mail. Each unknown topic is an issue on "topics".
 */
export function subscriberRowSchemaWith(vocabulary: TopicVocabulary): z.ZodType<SubscriberRow> {
  return subscriberRowSchema.superRefine((row, context) => {
    for (const topic of row.topics) {
      const problem = vocabulary.problemWith(topic);
      if (problem) context.addIssue({ code: 'custom', path: ['topics'], message: problem });
    }
  });
}

export function subscribersFileSchemaWith(vocabulary: TopicVocabulary): z.ZodType<SubscriberRow[]> {
  return z.array(subscriberRowSchemaWith(vocabulary));
}

/** A reader as one digest run mails them: address, name, the topics they get and their cadence. */
export interface Subscriber {
  readonly email: string;
  readonly name?: string;
  readonly topics: readonly string[];
  readonly cadence: Cadence;
}

/**
 * A reader's item in the subscriber table, as stored. Address, topics and cadence are absent only
 * on an item that records an unsubscribe or suppression of an address never imported (or one
 * migrated from a hashed S3 marker, which does not know the address): it exists so that a later
 * import keeps that address unsubscribed.
 */
export interface SubscriberRecord {
  readonly addressHash: string;
  readonly email?: string;
  readonly name?: string;
  readonly topics?: readonly string[];
  readonly stoppedTopics?: readonly string[];
  readonly cadence?: Cadence;
  readonly status: SubscriberStatus;
  readonly statusReason?: string;
  readonly statusAt?: string;
  readonly timezone?: string;
  readonly consentAt?: string;
  readonly consentSource?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}
