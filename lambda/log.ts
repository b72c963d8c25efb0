import { appendFileSync } from 'node:fs';
import { Logger as PowertoolsLogger, type LogItem } from '@aws-lambda-powertools/logger';

/** Structured logs: one JSON object per line, so CloudWatch Logs Insights can query fields. */
export type LogFields = Record<string, unknown>;

/**
 * The project's logging seam: domain code logs through this and never sees Powertools, so it
 * stays testable without Lambda. An `error` field holding an Error is written with its name,
 * message, code, stack and cause.
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** The part of the Lambda context the logger reads: request id, function name, cold start. */
export type InvocationContext = Parameters<PowertoolsLogger['addContext']>[0];

/** Lambda logs go to stdout; local mode sets NEWSDROP_LOG_FILE so its summary stays readable. */
export function writeLogLine(line: string): void {
  const file = process.env['NEWSDROP_LOG_FILE'];
  if (file) appendFileSync(file, `${line}\n`);
  else process.stdout.write(`${line}\n`);
}

/**
 * Powertools' logger with one change: a line can go to a given writer (tests, local mode's log
 * file) instead of the console. Everything else (levels from POWERTOOLS_LOG_LEVEL or Lambda's
 * AWS_LAMBDA_LOG_LEVEL, error formatting, Lambda context keys) is Powertools' own.
 */
class WritableLogger extends PowertoolsLogger {
  readonly #write: ((line: string) => void) | undefined;

  constructor(service: string, write: ((line: string) => void) | undefined) {
    super({ serviceName: service });
    this.#write = write;
  }

  protected override printLog(logLevel: number, log: LogItem): void {
    const write = this.#write ?? (process.env['NEWSDROP_LOG_FILE'] ? writeLogLine : undefined);
    if (!write) {
      super.printLog(logLevel, log);
      return;
    }
    log.prepareForPrint();
    write(JSON.stringify(log.getAttributes(), this.getJsonReplacer()));
  }
}

/** A function's logger: `logger` for cold start, `forInvocation` for each event. */
export interface ServiceLogger {
  readonly logger: Logger;
  /** Stamps the invocation's request id, function name and cold start on every later line. */
  forInvocation(context: InvocationContext | undefined): Logger;
}

export function serviceLogger(service: string, write?: (line: string) => void): ServiceLogger {
  const powertools = new WritableLogger(service, write);
  const logger: Logger = {
    debug: (message, fields) => powertools.debug(message, fields ?? {}),
    info: (message, fields) => powertools.info(message, fields ?? {}),
    warn: (message, fields) => powertools.warn(message, fields ?? {}),
    error: (message, fields) => powertools.error(message, fields ?? {}),
  };
  return {
    logger,
    forInvocation(context) {
      // Outside Lambda (local mode, tests) there may be no context; lines then carry no request id.
      if (context?.awsRequestId) powertools.addContext(context);
      return logger;
    },
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
