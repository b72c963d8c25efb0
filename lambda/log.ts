import { appendFileSync } from 'node:fs';

/** Structured logs: one JSON object per line, so CloudWatch Logs Insights can query fields. */
export type LogFields = Record<string, unknown>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

function errorFields(fields: LogFields): LogFields {
  const error = fields['error'];
  if (!(error instanceof Error)) return fields;
  return { ...fields, error: { name: error.name, message: error.message, code: (error as { code?: unknown }).code } };
}

/** Lambda logs go to stdout; local mode sets NEWSDROP_LOG_FILE so its summary stays readable. */
export function writeLogLine(line: string): void {
  const file = process.env['NEWSDROP_LOG_FILE'];
  if (file) appendFileSync(file, `${line}\n`);
  else process.stdout.write(`${line}\n`);
}

export function jsonLogger(service: string, write: (line: string) => void = writeLogLine): Logger {
  const emit = (level: string, message: string, fields: LogFields = {}) =>
    write(JSON.stringify({ level, time: new Date().toISOString(), service, message, ...errorFields(fields) }));
  return {
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
  };
}

/** Adds the same fields (e.g. the Lambda request id) to every line; fields that are undefined are left out. */
export function withFields(logger: Logger, fields: LogFields): Logger {
  fields = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  return {
    info: (message, extra) => logger.info(message, { ...fields, ...extra }),
    warn: (message, extra) => logger.warn(message, { ...fields, ...extra }),
    error: (message, extra) => logger.error(message, { ...fields, ...extra }),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
