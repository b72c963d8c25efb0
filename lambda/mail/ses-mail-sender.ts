import { SendRawEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import { DailyQuotaExceededError, type MailError, PermanentMailError, TransientMailError } from './mail-error.js';
import { RateLimiter, realClock, type Clock } from './rate-limiter.js';

interface SesMailSenderOptions {
  readonly client: SESClient;
  /** Mails per second, matching the account's SES sending rate. */
  readonly ratePerSecond: number;
  readonly configurationSet?: string;
  /** Attempts per message on transient errors. @default 5 */
  readonly maxAttempts?: number;
  /** First backoff step; doubled each attempt, full jitter. @default 200 */
  readonly baseDelayMs?: number;
  readonly clock?: Clock;
  readonly random?: () => number;
}

const PERMANENT_ERRORS = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'MailFromDomainNotVerified',
  'ConfigurationSetDoesNotExistException',
  'ConfigurationSetDoesNotExist',
  'AccountSendingPausedException',
  'ConfigurationSetSendingPausedException',
  'InvalidParameterValue',
  'ValidationError',
  'AccessDenied',
  'AccessDeniedException',
]);

/** Sorts an SDK failure into transient, permanent or quota. */
function classifySesError(error: unknown): MailError {
  const name = (error as { name?: string } | null)?.name ?? 'Error';
  const message = (error as { message?: string } | null)?.message ?? String(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  if (/daily message quota exceeded/i.test(message)) return new DailyQuotaExceededError(`SES daily sending quota exceeded: ${message}`, { cause: error });
  if (PERMANENT_ERRORS.has(name)) return new PermanentMailError(`SES refused the message: ${name}: ${message}`, { cause: error });
  if (status !== undefined && status >= 400 && status < 500 && name !== 'Throttling' && name !== 'ThrottlingException' && status !== 429) {
    return new PermanentMailError(`SES refused the message: ${name} (HTTP ${status}): ${message}`, { cause: error });
  }
  return new TransientMailError(`SES is unavailable: ${name}${status ? ` (HTTP ${status})` : ''}: ${message}`, { cause: error });
}

/** SES SendRawEmail with a bounded send rate and retries (exponential backoff, full jitter) on transient errors. */
export class SesMailSender {
  private readonly limiter: RateLimiter;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly clock: Clock;
  private readonly random: () => number;

  constructor(private readonly options: SesMailSenderOptions) {
    this.clock = options.clock ?? realClock;
    this.limiter = new RateLimiter(options.ratePerSecond, this.clock);
    this.maxAttempts = options.maxAttempts ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 200;
    this.random = options.random ?? Math.random;
  }

  async send(raw: Uint8Array, destinations: readonly string[]): Promise<{ messageId: string }> {
    for (let attempt = 1; ; attempt++) {
      await this.limiter.acquire();
      try {
        const response = await this.options.client.send(
          new SendRawEmailCommand({
            RawMessage: { Data: raw },
            Destinations: [...destinations],
            ConfigurationSetName: this.options.configurationSet,
          }),
        );
        return { messageId: response.MessageId ?? '' };
      } catch (error) {
        const failure = classifySesError(error);
        if (!(failure instanceof TransientMailError) || failure instanceof DailyQuotaExceededError || attempt >= this.maxAttempts) throw failure;
        await this.clock.sleep(this.random() * this.baseDelayMs * 2 ** (attempt - 1));
      }
    }
  }
}
