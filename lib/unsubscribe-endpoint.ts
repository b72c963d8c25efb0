import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { PREFIX } from '../lambda/store/keys.js';
import { NewsdropFunction } from './newsdrop-function.js';

export interface UnsubscribeEndpointProps {
  /** Used links are recorded under state/used-links/. */
  readonly bucket: s3.Bucket;
  /** Unsubscribes and stopped topics are updates of the reader's item. */
  readonly subscriberTable: dynamodb.ITable;
}

/**
 * One-click unsubscribe: a public Function URL (mail clients POST to it without credentials)
 * that trusts only links signed with the HMAC key in a Secrets Manager secret the stack creates.
 */
export class UnsubscribeEndpoint extends Construct {
  public readonly signingSecret: secretsmanager.Secret;
  public readonly unsubscribe: NewsdropFunction;
  public readonly url: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: UnsubscribeEndpointProps) {
    super(scope, id);
    this.signingSecret = new secretsmanager.Secret(this, 'SigningSecret', {
      description: 'newsdrop: HMAC keys for unsubscribe links ({"current": "1", "key1": ...}; add key2 and move current to rotate)',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ current: '1' }),
        generateStringKey: 'key1',
        passwordLength: 64,
        excludePunctuation: true,
      },
    });
    this.unsubscribe = new NewsdropFunction(this, 'Unsubscribe', {
      handlerFile: 'unsubscribe.ts',
      description: 'One-click unsubscribe and topic stops for digest readers',
      timeout: Duration.seconds(10),
      memorySize: 256,
      environment: {
        BUCKET_NAME: props.bucket.bucketName,
        SUBSCRIBER_TABLE_NAME: props.subscriberTable.tableName,
        UNSUBSCRIBE_SECRET_ARN: this.signingSecret.secretArn,
      },
    });
    const fn = this.unsubscribe.function;
    this.signingSecret.grantRead(fn);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [props.bucket.arnForObjects(`${PREFIX.usedLinks}*`)],
      }),
    );
    // DynamoDbSubscriberRepository.unsubscribe / stopTopic: one conditional UpdateItem each.
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:UpdateItem'], resources: [props.subscriberTable.tableArn] }));
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [props.bucket.bucketArn],
        // Listing lets S3 answer 404, not 403, for a link never used before.
        conditions: { StringLike: { 's3:prefix': [`${PREFIX.usedLinks}*`] } },
      }),
    );
    this.url = fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
  }
}
