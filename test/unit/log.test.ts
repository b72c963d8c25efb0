import { describe, expect, it } from 'vitest';
import { withFields } from '../../lambda/log.js';
import { capturedLogs } from '../support/captured-logs.js';

describe('withFields', () => {
  it('stamps its fields on every line, at every level, next to the line’s own fields', () => {
    // Prepare
    const { logger, lines } = capturedLogs('ingest');
    const request = withFields(logger, { requestId: 'req-1' });
    // Act
    request.info('a', { key: 'incoming/a.txt' });
    request.warn('b');
    request.error('c', { error: new Error('boom') });
    // Assess
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', message: 'a', requestId: 'req-1', key: 'incoming/a.txt' }),
      expect.objectContaining({ level: 'warn', message: 'b', requestId: 'req-1' }),
      expect.objectContaining({ level: 'error', message: 'c', requestId: 'req-1', error: expect.objectContaining({ message: 'boom' }) }),
    ]);
  });

  it('leaves out fields whose value is undefined (no request id outside Lambda)', () => {
    const seen: Record<string, unknown>[] = [];
    const recording = { info: (_: string, fields?: Record<string, unknown>) => seen.push(fields ?? {}), warn() {}, error() {} };

    withFields(recording, { requestId: undefined, service: 'x' }).info('m');

    expect(seen).toEqual([{ service: 'x' }]);
  });
});
