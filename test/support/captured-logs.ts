import { serviceLogger, type Logger } from '../../lambda/log.js';

export interface CapturedLine {
  readonly level: string;
  readonly message: string;
  readonly [field: string]: unknown;
}

/** The real logger (Powertools) writing into an array, parsed back: tests see exactly what CloudWatch would. */
export function capturedLogs(service = 'test'): { logger: Logger; lines: CapturedLine[] } {
  const lines: CapturedLine[] = [];
  return { logger: serviceLogger(service, (line) => lines.push(JSON.parse(line) as CapturedLine)).logger, lines };
}
