import { WEEKDAYS, type Weekday } from '../lambda/digest/local-delivery.js';
import { OLD_ARTICLE_CHOICES, type OldArticles } from '../lambda/digest/story-age.js';
import { isTimeZone } from '../lambda/store/subscriber.js';
import { STORY_UPDATE_CHOICES, type StoryUpdates } from '../lambda/digest/story-updates.js';
import { emailDomain, isEmailAddress, senderAddressIn } from '../lambda/text/email-address.js';

/** Deploy parameters of NewsdropStack; every one can be given as CDK context (`-c name=value`). */
export interface NewsdropProps {
  /** From header of the digests: "Name <address>" or a bare address. */
  readonly senderAddress: string;
  /**
   * SES identity (verified domain or address) the digest function may send as.
   * @default the domain of senderAddress
   */
  readonly sesIdentity?: string;
  /** SES configuration set to send with. @default none */
  readonly sesConfigurationSet?: string;
  /** Mails per second; match the account's SES sending rate. @default 1 (SES sandbox) */
  readonly sendRatePerSecond?: number;
  /**
   * A fixed EventBridge schedule for the daily digest: every daily reader at once, whatever their
   * timezone (how earlier versions sent). @default none: local-morning delivery (deliveryHour)
   */
  readonly dailySchedule?: string;
  /** A fixed EventBridge schedule for the weekly digest, as dailySchedule. @default none: local-morning delivery (deliveryHour, weeklyDay) */
  readonly weeklySchedule?: string;
  /** The local hour, 0–23, digests go out at on each reader's clock (an hourly schedule plans the readers whose hour has come). @default 7 */
  readonly deliveryHour?: number;
  /** The IANA timezone of readers who gave none. @default "UTC" */
  readonly defaultTimezone?: string;
  /** The readers' local weekday the weekly digest goes out on: MON … SUN. @default "MON" */
  readonly weeklyDay?: Weekday;
  /** SQS messages per ingest invocation, 1–10. @default 10 */
  readonly batchSize?: number;
  /** Seconds SQS gathers a batch, 0–300. @default 10 */
  readonly batchingWindowSeconds?: number;
  /**
   * How many digest sender functions run at once, 1–1000; the account's SES rate (sendRatePerSecond)
   * is split evenly between them. @default 4
   */
  readonly senderConcurrency?: number;
  /** Below this topic probability an article is flagged lowConfidence (still delivered). @default 0.5 */
  readonly topicConfidenceThreshold?: number;
  /**
   * Articles published before a run's look-back window (a 2007 story dropped today): "flag" mails
   * them after the current stories with their date up front, "omit" leaves them out. @default "flag"
   */
  readonly oldArticles?: OldArticles;
  /**
   * A new report of a story a reader was already sent (another outlet's report of the same event,
   * in a later digest): "show" marks it "Update to an earlier story", "omit" leaves it out. @default "show"
   */
  readonly storyUpdates?: StoryUpdates;
  /** Address subscribed by email to the alarm topic (it must confirm the subscription). @default no subscription */
  readonly alarmEmail?: string;
  /**
   * Executions reserved for the public endpoint (unsubscribe and signup), which also caps it;
   * 0 reserves none, for accounts whose Lambda concurrency limit is 10. @default 10
   */
  readonly publicEndpointConcurrency?: number;
}

type OptionalProps = 'sesConfigurationSet' | 'alarmEmail' | 'dailySchedule' | 'weeklySchedule';
type ResolvedNewsdropProps = Required<Omit<NewsdropProps, OptionalProps>> & Pick<NewsdropProps, OptionalProps>;

/** Every problem with the deploy parameters, reported at once. */
export class NewsdropPropsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`newsdrop: invalid deploy parameters:\n  - ${problems.join('\n  - ')}`);
    this.name = 'NewsdropPropsError';
  }
}

export const CONTEXT_KEYS = [
  'senderAddress',
  'sesIdentity',
  'sesConfigurationSet',
  'sendRatePerSecond',
  'dailySchedule',
  'weeklySchedule',
  'deliveryHour',
  'defaultTimezone',
  'weeklyDay',
  'batchSize',
  'batchingWindowSeconds',
  'senderConcurrency',
  'topicConfidenceThreshold',
  'oldArticles',
  'storyUpdates',
  'alarmEmail',
  'publicEndpointConcurrency',
] as const;

/**
 * Settings earlier versions took, with what replaced them. An old cdk.json or `-c` that still sets
 * one fails the synth with this text rather than being ignored (the CDK app reads these keys too).
 */
export const RETIRED_CONTEXT_KEYS: Readonly<Record<string, string>> = {
  digestConcurrency:
    'was removed: digest runs no longer need reserved concurrency to keep from overlapping. Delete it and set "senderConcurrency" instead (how many sender functions run at once, an integer 1..1000, default 4)',
};

const SCHEDULE = /^(cron\([^()]+\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\))$/;

/**
 * Context arrives as strings (`-c batchSize=5`) or JSON values (cdk.json): numbers are parsed
 * here, and each bad value is named with what was expected.
 */
export function resolveNewsdropProps(input: Readonly<Record<string, unknown>>): ResolvedNewsdropProps {
  const problems: string[] = [];
  const text = (key: string): string | undefined => {
    const value = input[key];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') {
      problems.push(`context "${key}" must be a string, got ${JSON.stringify(value)}`);
      return undefined;
    }
    return value.trim();
  };
  const number = (key: string, fallback: number, check: (n: number) => boolean, expected: string): number => {
    const value = input[key];
    if (value === undefined || value === null || value === '') return fallback;
    const parsed = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
    if (!Number.isFinite(parsed) || !check(parsed)) {
      problems.push(`context "${key}" must be ${expected}, got ${JSON.stringify(value)}`);
      return fallback;
    }
    return parsed;
  };

  for (const [key, replacement] of Object.entries(RETIRED_CONTEXT_KEYS)) {
    const value = input[key];
    if (value !== undefined && value !== null && value !== '') problems.push(`context "${key}" ${replacement}, got ${JSON.stringify(value)}`);
  }
  const senderAddress = text('senderAddress');
  const senderEmail = senderAddress ? senderAddressIn(senderAddress) : null;
  if (!senderAddress) problems.push('context "senderAddress" is required, e.g. -c senderAddress="News Digest <digest@example.org>"');
  else if (!senderEmail) problems.push(`context "senderAddress" must contain an email address, got ${JSON.stringify(senderAddress)}`);
  let sesIdentity = text('sesIdentity') ?? (senderEmail ? emailDomain(senderEmail) ?? undefined : undefined);
  if (sesIdentity && !/^([a-z0-9-]+\.)+[a-z]{2,}$/i.test(sesIdentity) && !isEmailAddress(sesIdentity)) {
    problems.push(`context "sesIdentity" must be a domain or an email address, got ${JSON.stringify(sesIdentity)}`);
    sesIdentity = undefined;
  }
  const sesConfigurationSet = text('sesConfigurationSet');
  if (sesConfigurationSet && !/^[A-Za-z0-9_-]{1,64}$/.test(sesConfigurationSet)) {
    problems.push(`context "sesConfigurationSet" must be 1-64 letters, digits, - or _, got ${JSON.stringify(sesConfigurationSet)}`);
  }
  const oldArticles = text('oldArticles') ?? 'flag';
  if (!(OLD_ARTICLE_CHOICES as readonly string[]).includes(oldArticles)) {
    problems.push(`context "oldArticles" must be "flag" (mail them with their date up front) or "omit" (leave them out), got ${JSON.stringify(oldArticles)}`);
  }
  const storyUpdates = text('storyUpdates') ?? 'show';
  if (!(STORY_UPDATE_CHOICES as readonly string[]).includes(storyUpdates)) {
    problems.push(`context "storyUpdates" must be "show" (mark them as updates) or "omit" (leave them out), got ${JSON.stringify(storyUpdates)}`);
  }
  const alarmEmail = text('alarmEmail');
  if (alarmEmail && !isEmailAddress(alarmEmail)) problems.push(`context "alarmEmail" must be an email address, got ${JSON.stringify(alarmEmail)}`);
  const schedule = (key: string) => {
    const value = text(key);
    if (value !== undefined && !SCHEDULE.test(value)) problems.push(`context "${key}" must be an EventBridge cron(...) or rate(...) expression, got ${JSON.stringify(value)}`);
    return value;
  };
  const dailySchedule = schedule('dailySchedule');
  const weeklySchedule = schedule('weeklySchedule');
  const given = (key: string) => input[key] !== undefined && input[key] !== null && input[key] !== '';
  // Settings a fixed schedule overrides: an operator who sets both would wait for a change that never comes.
  if (weeklySchedule && given('weeklyDay')) problems.push('context "weeklyDay" has no effect with "weeklySchedule" set: remove one (weeklyDay is for local-morning delivery)');
  for (const key of ['deliveryHour', 'defaultTimezone']) {
    if (dailySchedule && weeklySchedule && given(key)) {
      problems.push(`context "${key}" has no effect with both "dailySchedule" and "weeklySchedule" set: remove them for local-morning delivery, or remove "${key}"`);
    }
  }
  const defaultTimezone = text('defaultTimezone') ?? 'UTC';
  if (!isTimeZone(defaultTimezone)) problems.push(`context "defaultTimezone" must be an IANA time zone name such as Europe/Berlin, got ${JSON.stringify(defaultTimezone)}`);
  const weeklyDay = (text('weeklyDay') ?? 'MON').toUpperCase();
  if (!(WEEKDAYS as readonly string[]).includes(weeklyDay)) {
    problems.push(`context "weeklyDay" must be one of ${WEEKDAYS.join(', ')}, got ${JSON.stringify(input['weeklyDay'])}`);
  }
  const resolved: ResolvedNewsdropProps = {
    senderAddress: senderAddress ?? '',
    sesIdentity: sesIdentity ?? '',
    sesConfigurationSet,
    sendRatePerSecond: number('sendRatePerSecond', 1, (n) => n > 0 && n <= 10_000, 'a number above 0 (mails per second)'),
    dailySchedule,
    weeklySchedule,
    deliveryHour: number('deliveryHour', 7, (n) => Number.isInteger(n) && n >= 0 && n <= 23, 'an integer 0..23 (the local hour digests go out)'),
    defaultTimezone,
    weeklyDay: weeklyDay as Weekday,
    batchSize: number('batchSize', 10, (n) => Number.isInteger(n) && n >= 1 && n <= 10, 'an integer 1..10'),
    batchingWindowSeconds: number('batchingWindowSeconds', 10, (n) => Number.isInteger(n) && n >= 0 && n <= 300, 'an integer 0..300'),
    senderConcurrency: number('senderConcurrency', 4, (n) => Number.isInteger(n) && n >= 1 && n <= 1000, 'an integer 1..1000'),
    topicConfidenceThreshold: number('topicConfidenceThreshold', 0.5, (n) => n >= 0 && n <= 1, 'a number 0..1'),
    oldArticles: oldArticles as OldArticles,
    storyUpdates: storyUpdates as StoryUpdates,
    alarmEmail,
    publicEndpointConcurrency: number('publicEndpointConcurrency', 10, (n) => Number.isInteger(n) && n >= 0 && n <= 1000, 'an integer 0..1000 (0 reserves none)'),
  };
  if (problems.length > 0) throw new NewsdropPropsError(problems);
  return resolved;
}
