import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PREFIX } from '../lambda/store/keys.js';

/**
 * The digest planner's run snapshots (what one run sends to whom), read by the sender functions.
 * Kept 14 days: as long as the longest a chunk of readers can wait, in the chunk queue's
 * dead-letter queue, for a redrive that needs its snapshot.
 */
export const DIGEST_RUN_RETENTION = Duration.days(14);

/**
 * Each mailed digest's web version (archive/digests/) is kept a year: the mails that link it are
 * rarely opened later, and these pages, one per distinct digest per run, are the bulk of the
 * archive. Editions, feeds and indexes (archive/<cadence>/) are kept.
 */
export const WEB_VERSION_RETENTION = Duration.days(365);

/**
 * The bucket editors drop articles into and newsdrop keeps its state in (and its web archive under
 * archive/, which only the archive's CloudFront distribution may read), plus the bucket that
 * receives its server access logs and the distribution's. Private, encrypted, SSL-only, versioned, retained.
 */
export class ArticleBucket extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly accessLogBucket: s3.Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.accessLogBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
    });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'newsdrop-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        // Old versions exist to undo a mistaken overwrite, not forever.
        { id: 'expire-noncurrent-versions', noncurrentVersionExpiration: Duration.days(30) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
        // A run's snapshot is of no use once no chunk of it can be sent or redriven any more.
        { id: 'expire-digest-runs', prefix: PREFIX.digestRuns, expiration: DIGEST_RUN_RETENTION },
        { id: 'expire-digest-web-versions', prefix: PREFIX.archiveDigests, expiration: WEB_VERSION_RETENTION },
      ],
    });
  }
}
