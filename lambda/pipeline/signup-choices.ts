import * as z from 'zod';
import { CADENCES, isTimeZone, type SubscriberRow } from '../store/subscriber.js';
import { TopicVocabulary } from '../topics/topic-vocabulary.js';
import { MAX_SIGNUP_TOPICS } from '../mail/signup-token.js';
import { isEmailAddress, normaliseAddress } from '../text/email-address.js';

/** The form's field names; `website` is the honeypot, hidden from people and left empty by them. */
export const SIGNUP_FIELDS = { email: 'email', name: 'name', topics: 'topics', cadence: 'cadence', timezone: 'timezone', honeypot: 'website' } as const;

/** What a reader asks for on the form, checked: the row a confirmation will write. */
export type SignupChoices = Pick<SubscriberRow, 'email' | 'name' | 'topics' | 'cadence' | 'timezone'>;

/** The form's fields as typed, to show the form again with a problem. */
export interface SignupDraft {
  readonly email: string;
  readonly name: string;
  readonly topics: readonly string[];
  readonly cadence: string;
  readonly timezone: string;
}

export type SignupParse = { readonly ok: true; readonly choices: SignupChoices } | { readonly ok: false; readonly problems: string[]; readonly draft: SignupDraft };

const choicesSchema = (vocabulary: TopicVocabulary) =>
  z.object({
    email: z
      .string()
      .trim()
      .max(254, 'the address is too long')
      .refine((email) => isEmailAddress(email) && z.email().safeParse(email).success, 'enter an email address such as you@example.org'),
    name: z
      .string()
      .trim()
      .max(200, 'the name is too long')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
      .refine((name) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(name), 'the name must be one line of text')
      .optional(),
    topics: z
      .array(z.string().trim().min(1).max(64))
      .min(1, 'choose at least one topic')
      .max(MAX_SIGNUP_TOPICS, `choose at most ${MAX_SIGNUP_TOPICS} topics`)
      .superRefine((topics, context) => {
        for (const topic of topics) {
          const problem = vocabulary.problemWith(topic);
          if (problem) context.addIssue({ code: 'custom', message: `unknown topic "${topic.slice(0, 64)}"` });
        }
      }),
    cadence: z.enum(CADENCES, 'choose how often: instant, daily or weekly'),
    timezone: z.string().trim().max(64).refine(isTimeZone, 'the time zone must be a name such as Europe/Berlin').optional(),
  });

/**
 * Reads and checks a signup (the form's fields, or a confirmation link's claim) against the topics
 * offered now. Empty optional fields count as absent; problems are phrased for the reader.
 */
export function parseSignupChoices(input: SignupDraft, customTopicNames: readonly string[]): SignupParse {
  const vocabulary = new TopicVocabulary(customTopicNames);
  const parsed = choicesSchema(vocabulary).safeParse({
    email: input.email,
    name: input.name.trim() || undefined,
    topics: [...new Set(input.topics)],
    cadence: input.cadence,
    timezone: input.timezone.trim() || undefined,
  });
  if (parsed.success) {
    const { email, name, timezone, ...rest } = parsed.data;
    // The form in which the link carries it, so the item holds one spelling from signup to confirmation.
    return { ok: true, choices: { email: normaliseAddress(email), ...rest, ...(name ? { name } : {}), ...(timezone ? { timezone } : {}) } };
  }
  return { ok: false, problems: [...new Set(parsed.error.issues.map((issue) => issue.message))], draft: input };
}

/** The form's fields from a parsed body; repeated `topics` fields are the checked boxes. */
export function signupDraftOf(form: URLSearchParams): SignupDraft {
  const text = (name: string) => (form.get(name) ?? '').slice(0, 400);
  return {
    email: text(SIGNUP_FIELDS.email),
    name: text(SIGNUP_FIELDS.name),
    topics: form.getAll(SIGNUP_FIELDS.topics).slice(0, 100),
    cadence: text(SIGNUP_FIELDS.cadence),
    timezone: text(SIGNUP_FIELDS.timezone),
  };
}
