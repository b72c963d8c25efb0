/** Errors from sending mail. The digest run decides per class: retry later, record and skip, or stop. */
export class MailError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MailError';
  }
}

/** Throttling, 5xx, network: the same message may go through later. */
export class TransientMailError extends MailError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('send-failed-transient', message, options);
    this.name = 'TransientMailError';
  }
}

/** SES refused this message (MessageRejected, unverified sender, bad address): retrying cannot help. */
export class PermanentMailError extends MailError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('send-rejected', message, options);
    this.name = 'PermanentMailError';
  }
}

/** The account's 24-hour sending quota is used up: stop the run; the next run resumes. */
export class DailyQuotaExceededError extends TransientMailError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DailyQuotaExceededError';
  }
}
