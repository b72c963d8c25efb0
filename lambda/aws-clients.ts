import { S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';

/**
 * SDK clients take their endpoint from AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL_SES (local mode).
 * The local S3 emulator needs path-style addressing and no default request checksums.
 */
export function createS3Client(env: NodeJS.ProcessEnv = process.env): S3Client {
  const local = Boolean(env['AWS_ENDPOINT_URL_S3']);
  return new S3Client({
    forcePathStyle: local,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export function createSesClient(): SESClient {
  // Retries are ours (SesMailSender): backoff with jitter, never on MessageRejected.
  return new SESClient({ maxAttempts: 1 });
}
