import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ConfigError } from './config.js';

/**
 * How long a request may wait for S3, DynamoDB, SES or Lambda to start answering, or sit idle mid-answer.
 * They answer in well under a second when healthy; the SDK's default is to wait forever, so one
 * hung connection would hold the ingest function until its 60 s timeout (and the digest for 15
 * minutes) instead of failing fast into the SDK's and our retries. NEWSDROP_AWS_REQUEST_TIMEOUT_MS
 * overrides it (the fault-injection tests use a fraction of a second).
 */
const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;
const CONNECTION_TIMEOUT_MS = 3_000;

/** Timeouts for any SDK client; exported so a handler can build a client this module does not import. */
export function timedRequestHandler(env: NodeJS.ProcessEnv = process.env) {
  const configured = env['NEWSDROP_AWS_REQUEST_TIMEOUT_MS'];
  const timeout = configured ? Number(configured) : DEFAULT_REQUEST_TIMEOUT_MS;
  if (!Number.isInteger(timeout) || timeout <= 0) {
    throw new ConfigError(`NEWSDROP_AWS_REQUEST_TIMEOUT_MS must be a positive whole number of milliseconds, got "${configured}"`);
  }
  return {
    connectionTimeout: Math.min(CONNECTION_TIMEOUT_MS, timeout),
    requestTimeout: timeout,
    // Without this the SDK only logs a warning when requestTimeout passes and keeps waiting.
    throwOnRequestTimeout: true,
    socketTimeout: timeout,
  };
}

/**
 * SDK clients take their endpoint from AWS_ENDPOINT_URL_<service id> (local mode): S3 for S3,
 * SESV2 for the SES v2 client (AWS_ENDPOINT_URL_SES only reaches the v1 client), DYNAMODB for DynamoDB.
 * The local S3 emulator needs path-style addressing and no default request checksums.
 */
export function createS3Client(env: NodeJS.ProcessEnv = process.env): S3Client {
  const local = Boolean(env['AWS_ENDPOINT_URL_S3']);
  return new S3Client({
    forcePathStyle: local,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: timedRequestHandler(env),
  });
}

export function createSesClient(env: NodeJS.ProcessEnv = process.env): SESv2Client {
  // Retries are ours (SesMailSender): backoff with jitter, never on MessageRejected.
  return new SESv2Client({ maxAttempts: 1, requestHandler: timedRequestHandler(env) });
}


/**
 * DynamoDB through the DocumentClient (plain objects in and out). The endpoint comes from
 * AWS_ENDPOINT_URL_DYNAMODB when set (dynalite in tests and local mode). Optional fields of an
 * entry are left out rather than stored as NULL. `overrides` lets tests name an endpoint and
 * credentials without touching process.env.
 */
export function createDynamoDbDocumentClient(env: NodeJS.ProcessEnv = process.env, overrides: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({ requestHandler: timedRequestHandler(env), ...overrides }), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/** SQS for the digest's chunk queue (deployed only: local mode and tests hand chunks over in process). */
export function createSqsClient(env: NodeJS.ProcessEnv = process.env): SQSClient {
  return new SQSClient({ requestHandler: timedRequestHandler(env) });
}
