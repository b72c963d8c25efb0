import { jsonLogger, type Logger } from '../../lambda/log.js';

export interface CapturedLine {
  readonly level: string;
  readonly message: string;
  readonly [field: string]: unknown;
}

/** The real JSON logger writing into an array, parsed back: tests see exactly what CloudWatch would. */
export function capturedLogs(service = 'test'): { logger: Logger; lines: CapturedLine[] } {
  const lines: CapturedLine[] = [];
  return { logger: jsonLogger(service, (line) => lines.push(JSON.parse(line) as CapturedLine)), lines };
}
