import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ARCHIVE_CONTENT_SECURITY_POLICY } from '../lambda/digest/archive-document.js';
import { PREFIX } from '../lambda/store/keys.js';

/** Where CloudFront writes its access logs in the log bucket, beside the bucket's own. */
export const ARCHIVE_LOG_PREFIX = 'cloudfront-archive/';

/**
 * The bucket's archive/ prefix as a CloudFront origin, read through origin access control. CDK's
 * S3BucketOrigin.withOriginAccessControl grants the distribution every object of the bucket (it
 * ignores the origin path); this one grants archive/* only, so articles, subscriber lists and state
 * stay unreachable even for a request CloudFront itself signs.
 */
class ArchivePrefixOrigin extends origins.S3BucketOrigin {
  constructor(
    private readonly archiveBucket: s3.IBucket,
    private readonly accessControl: cloudfront.S3OriginAccessControl,
  ) {
    super(archiveBucket, { originPath: `/${PREFIX.archive.replace(/\/$/, '')}` });
  }

  public override bind(scope: Construct, options: cloudfront.OriginBindOptions): cloudfront.OriginBindConfig {
    const distributionArn = Stack.of(scope).formatArn({ service: 'cloudfront', region: '', resource: 'distribution', resourceName: options.distributionId });
    this.archiveBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudFrontReadsTheWebArchiveOnly',
        principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [this.archiveBucket.arnForObjects(`${PREFIX.archive}*`)],
        conditions: { StringEquals: { 'AWS:SourceArn': distributionArn } },
      }),
    );
    const config = this._bind(scope, options);
    return { ...config, originProperty: { ...config.originProperty!, originAccessControlId: this.accessControl.originAccessControlId } };
  }
}

export interface ArchiveDistributionProps {
  /** The article bucket: its archive/ prefix is served, nothing else. */
  readonly bucket: s3.IBucket;
  /** Receives the distribution's access logs (CloudFront standard logging needs ACLs on it). */
  readonly logBucket: s3.IBucket;
}

/**
 * The web archive's CloudFront distribution: the archive/ prefix of the private bucket, read with
 * origin access control (the bucket stays blocked to the public; its policy lets only this
 * distribution read archive/*), HTTPS only, GET and HEAD, cached at the edge, access-logged, with
 * security headers that let the pages load nothing from anywhere.
 */
export class ArchiveDistribution extends Construct {
  public readonly distribution: cloudfront.Distribution;
  public readonly originAccessControl: cloudfront.S3OriginAccessControl;
  public readonly responseHeaders: cloudfront.ResponseHeadersPolicy;
  /** https://<id>.cloudfront.net/ : the archive's front page, and the base of every archive URL. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: ArchiveDistributionProps) {
    super(scope, id);
    this.originAccessControl = new cloudfront.S3OriginAccessControl(this, 'OriginAccessControl', {
      description: 'newsdrop web archive: CloudFront signs every request to the bucket',
      signing: cloudfront.Signing.SIGV4_ALWAYS,
    });
    this.responseHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'newsdrop web archive: static pages that load nothing',
      securityHeadersBehavior: {
        // The pages carry their styles inline and nothing else: no script, image, font or frame from anywhere.
        contentSecurityPolicy: {
          contentSecurityPolicy: ARCHIVE_CONTENT_SECURITY_POLICY,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'newsdrop web archive (archive/ of the article bucket)',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: new ArchivePrefixOrigin(props.bucket, this.originAccessControl),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
        // Honours the Cache-Control each object is written with: a year for pages, 5 minutes for feeds and indexes.
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeaders,
        compress: true,
      },
      // North America and Europe edges only: the cheapest class; readers elsewhere are served from the nearest of them.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: ARCHIVE_LOG_PREFIX,
      logIncludesCookies: false,
    });
    this.url = `https://${this.distribution.distributionDomainName}/`;
  }
}
