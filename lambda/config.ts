import * as z from 'zod';
import { WEEKDAYS } from './digest/local-delivery.js';
import { OLD_ARTICLE_CHOICES } from './digest/story-age.js';
import { isTimeZone } from './store/subscriber.js';
import { STORY_UPDATE_CHOICES } from './digest/story-updates.js';
import { senderAddressIn } from './text/email-address.js';

/** Thrown at cold start when the environment is incomplete: the function cannot run at all. */
export class ConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

const positiveNumber = (fallback: number) => z.coerce.number().positive().default(fallback);

/** S3 bucket names are at least 3 characters. */
const bucketName = z.string().min(3);
/** DynamoDB table names are 3-255 characters. */
const tableName = z.string().min(3).max(255);

const ingestSchema = z.object({
  BUCKET_NAME: bucketName,
  MAX_ARTICLE_BYTES: z.coerce.number().int().positive().max(100 * 1024 * 1024).default(5 * 1024 * 1024),
  TOPIC_CONFIDENCE_THRESHOLD: z.coerce.number().min(0).max(1).default(0.5),
  /** Digest function invoked after each batch for "instant" subscribers; unset = no trigger. */
  DIGEST_FUNCTION_NAME: z.string().min(1).optional(),
  /** DynamoDB table of the article index and the instant-run marker. */
  ARTICLE_INDEX_TABLE_NAME: tableName,
});

/** Sender functions running at once (the chunk queue's maximum concurrency): each takes this share of the SES rate. */
const senderConcurrency = z.coerce.number().int().min(1).max(1000).default(1);
/** The queue the planner hands chunks of readers to, and a sender hands back what it could not send. */
const chunkQueueUrl = z.url();
/**
 * Where the bucket's archive/ prefix is served (the CloudFront distribution, or local mode's
 * server): the planner publishes each run's edition and the feeds, the senders each digest's web
 * version, linked from its mails. Unset: no web archive.
 */
const archiveBaseUrl = z.url({ protocol: /^https?$/ }).optional();

const digestPlannerSchema = z.object({
  /** Run snapshots are written under digest-runs/. */
  BUCKET_NAME: bucketName,
  /** The subscriber table: active readers of the cadence are read from its index. */
  SUBSCRIBER_TABLE_NAME: tableName,
  /** DynamoDB table of the article index (read) and the instant-run marker (cleared when an instant run starts). */
  ARTICLE_INDEX_TABLE_NAME: tableName,
  DIGEST_CHUNK_QUEUE_URL: chunkQueueUrl,
  SENDER_CONCURRENCY: senderConcurrency,
  /** Articles published before the look-back window: mailed with their date up front ("flag") or left out ("omit"). */
  OLD_ARTICLES: z.enum(OLD_ARTICLE_CHOICES).default('flag'),
  ARCHIVE_BASE_URL: archiveBaseUrl,
  /** Local-morning runs: the hour on each reader's clock digests go out at. */
  DELIVERY_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  /** Local-morning runs: the timezone of readers who gave none. */
  DEFAULT_TIMEZONE: z.string().max(64).refine(isTimeZone, 'must be an IANA time zone name such as Europe/Berlin').default('UTC'),
  /** Local-morning runs: the readers' local weekday of the weekly digest. */
  WEEKLY_DAY: z.enum(WEEKDAYS).default('MON'),
});

const digestSenderSchema = z.object({
  /** Run snapshots are read from digest-runs/; readers' state of earlier versions from state/subscribers/. */
  BUCKET_NAME: bucketName,
  /** The subscriber table: each chunk's readers are read from it just before mailing. */
  SUBSCRIBER_TABLE_NAME: tableName,
  /** DynamoDB table of the delivery ledger and the readers' delivery states. */
  DELIVERY_TABLE_NAME: tableName,
  /** From header, e.g. "News Digest <digest@example.com>". */
  SENDER_ADDRESS: z
    .string()
    .min(3)
    .refine((value) => senderAddressIn(value) !== null, 'must contain an email address'),
  /** The account's SES rate, shared by all senders. */
  SEND_RATE_PER_SECOND: positiveNumber(1),
  SENDER_CONCURRENCY: senderConcurrency,
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  /** Function URL of the unsubscribe endpoint; with the signing secret it puts one-click links in every mail. */
  UNSUBSCRIBE_BASE_URL: z.url().optional(),
  DIGEST_CHUNK_QUEUE_URL: chunkQueueUrl,
  ARCHIVE_BASE_URL: archiveBaseUrl,
  /** A new report of a story a reader was already sent: marked as an update ("show") or left out ("omit"). */
  STORY_UPDATES: z.enum(STORY_UPDATE_CHOICES).default('show'),
});

const unsubscribeSchema = z.object({
  /** Used links are recorded in the bucket (state/used-links/); the operator's topics are read from config/topics.json. */
  BUCKET_NAME: bucketName,
  SUBSCRIBER_TABLE_NAME: tableName,
  /** From header of signup confirmation mails: the digests' sender. */
  SENDER_ADDRESS: z
    .string()
    .min(3)
    .refine((value) => senderAddressIn(value) !== null, 'must contain an email address'),
  /** Bounces and complaints of confirmation mails reach the same suppression as the digests'. */
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  /**
   * The endpoint's own base URL, which confirmation links point to. Unset when deployed: a Function
   * URL cannot be named in its own function's environment, so it is taken from the request's
   * domain name, which AWS sets (a client's Host header cannot change it).
   */
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
});

const sesFeedbackSchema = z.object({
  SUBSCRIBER_TABLE_NAME: tableName,
});

const subscriberImportSchema = z.object({
  /** The bucket config/subscribers.json is uploaded to; a rejected file's error is written under rejected/. */
  BUCKET_NAME: bucketName,
  SUBSCRIBER_TABLE_NAME: tableName,
});

const subscriberMigrationSchema = subscriberImportSchema.extend({
  /** The article index the deploy-time migration writes the missing entries of recent articles to. */
  ARTICLE_INDEX_TABLE_NAME: tableName,
});

function read<T>(schema: z.ZodType<T>, env: NodeJS.ProcessEnv, role: string): T {
  // Empty strings mean "not set" (CDK and shells both produce them).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigError(`newsdrop ${role}: invalid environment: ${problems}`, { cause: result.error });
  }
  return result.data;
}

export const readIngestConfig = (env: NodeJS.ProcessEnv = process.env) => read(ingestSchema, env, 'ingest');
export const readDigestPlannerConfig = (env: NodeJS.ProcessEnv = process.env) => read(digestPlannerSchema, env, 'digest planner');
export const readDigestSenderConfig = (env: NodeJS.ProcessEnv = process.env) => read(digestSenderSchema, env, 'digest sender');
export const readUnsubscribeConfig = (env: NodeJS.ProcessEnv = process.env) => read(unsubscribeSchema, env, 'unsubscribe');
export const readSesFeedbackConfig = (env: NodeJS.ProcessEnv = process.env) => read(sesFeedbackSchema, env, 'ses-feedback');
export const readSubscriberImportConfig = (env: NodeJS.ProcessEnv = process.env) => read(subscriberImportSchema, env, 'subscriber-import');
export const readSubscriberMigrationConfig = (env: NodeJS.ProcessEnv = process.env) => read(subscriberMigrationSchema, env, 'subscriber-migration');
