import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { serviceLogger } from '../../lambda/log.js';
import { capturedLogs } from '../support/captured-logs.js';

function lambdaContext(awsRequestId: string): Context {
  return {
    awsRequestId,
    functionName: 'newsdrop-ingest',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:newsdrop-ingest',
    memoryLimitInMB: '512',
    logGroupName: '/aws/lambda/newsdrop-ingest',
    logStreamName: 'stream',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 60_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

describe('serviceLogger', () => {
  afterEach(() => {
    delete process.env['POWERTOOLS_LOG_LEVEL'];
    delete process.env['AWS_LAMBDA_INITIALIZATION_TYPE'];
  });

  it('writes one JSON line per call with level, service, message and the call’s fields', () => {
    // Prepare
    const { logger, lines } = capturedLogs('ingest');
    // Act
    logger.info('article stored', { key: 'incoming/a.txt', wordCount: 120 });
    logger.warn('b');
    // Assess
    expect(lines).toEqual([
      expect.objectContaining({ level: 'INFO', service: 'ingest', message: 'article stored', key: 'incoming/a.txt', wordCount: 120, timestamp: expect.any(String) }),
      expect.objectContaining({ level: 'WARN', message: 'b' }),
    ]);
  });

  it('keeps an error’s name, message, code, stack and cause', () => {
    const { logger, lines } = capturedLogs();
    const cause = new Error('socket hang up');
    const error = Object.assign(new Error('S3 unavailable', { cause }), { name: 'StoreError', code: 'store-unavailable' });

    logger.error('record failed', { error });

    expect(lines[0]).toMatchObject({
      level: 'ERROR',
      error: {
        name: 'StoreError',
        message: 'S3 unavailable',
        code: 'store-unavailable',
        stack: expect.stringContaining('log.test.ts'),
        cause: { name: 'Error', message: 'socket hang up', stack: expect.stringContaining('log.test.ts') },
      },
    });
  });

  it('leaves out debug lines unless the level asks for them (POWERTOOLS_LOG_LEVEL, or Lambda’s log level)', () => {
    const quiet = capturedLogs();
    quiet.logger.debug('detail');
    expect(quiet.lines).toEqual([]);

    process.env['POWERTOOLS_LOG_LEVEL'] = 'DEBUG';
    const verbose = capturedLogs();
    verbose.logger.debug('detail');
    expect(verbose.lines).toEqual([expect.objectContaining({ level: 'DEBUG', message: 'detail' })]);
  });

  it('stamps the invocation’s request id, function name and cold start on every line from forInvocation', () => {
    // Prepare: Lambda sets the initialization type that Powertools reads the cold start from.
    process.env['AWS_LAMBDA_INITIALIZATION_TYPE'] = 'on-demand';
    const lines: Record<string, unknown>[] = [];
    const log = serviceLogger('ingest', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
    // Act: two invocations of one container
    log.forInvocation(lambdaContext('req-1')).info('first');
    log.forInvocation(lambdaContext('req-2')).info('second');
    // Assess
    expect(lines).toEqual([
      expect.objectContaining({ message: 'first', function_request_id: 'req-1', function_name: 'newsdrop-ingest', cold_start: true }),
      expect.objectContaining({ message: 'second', function_request_id: 'req-2', cold_start: false }),
    ]);
  });

  it('writes no request id outside Lambda (local mode passes no context)', () => {
    const lines: Record<string, unknown>[] = [];
    serviceLogger('digest', (line) => lines.push(JSON.parse(line) as Record<string, unknown>)).forInvocation(undefined).info('run');
    expect(lines[0]).not.toHaveProperty('function_request_id');
  });
});
