import { S3Client } from '@aws-sdk/client-s3';

/** An S3 client for s3rver on loopback, configured as the tests read and write the bucket directly. */
export function emulatorS3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    // s3rver serves buckets under paths, not as subdomains, and does not take default request checksums.
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
}
