/** CloudWatch namespace of every newsdrop metric; the alarms in lib/ read from it too. */
export const METRIC_NAMESPACE = 'Newsdrop';

/**
 * Every metric newsdrop publishes, with its CloudWatch unit: the unit belongs to the metric, so a
 * call site cannot record the same metric once in counts and once in milliseconds.
 */
export const METRIC_UNITS = {
  /** Articles parsed, classified and stored (ingest). */
  ArticlesParsed: 'Count',
  /** Files not stored again: a redelivered event, a body another article holds, an unchanged re-upload (ingest). */
  ArticlesDuplicate: 'Count',
  /** Articles replaced by a changed upload to the same key (ingest). */
  ArticlesUpdated: 'Count',
  /** Files refused with a rejection record; dimension `code` (ingest). */
  ArticlesRejected: 'Count',
  /** Articles whose processing threw (store trouble); SQS retries them (ingest). */
  ArticlesFailed: 'Count',
  /** Digests accepted by SES; dimension `cadence` (digest). */
  MailsSent: 'Count',
  /** Digests SES refused for good (marked failed in the ledger, not retried); dimension `cadence`. */
  MailsFailed: 'Count',
  /** Digests not sent this run (transient SES error or daily quota), retried by a later run; dimension `cadence`. */
  MailsDeferred: 'Count',
  /** Wall time of one sender's chunk of a digest run; dimension `cadence`. */
  DigestLatency: 'Milliseconds',
} as const;

export type MetricName = keyof typeof METRIC_UNITS;
