import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { CUSTOM_TOPICS_CONFIG_KEY, PREFIX } from '../lambda/store/keys.js';
import { NewsdropFunction } from './newsdrop-function.js';

export interface UnsubscribeEndpointProps {
  /** Used links are recorded under state/used-links/. */
  readonly bucket: s3.Bucket;
  /** Unsubscribes and stopped topics are updates of the reader's item; signups read and write it too. */
  readonly subscriberTable: dynamodb.ITable;
  /** From header of signup confirmation mails (the digests' sender). */
  readonly senderAddress: string;
  /** The SES identity confirmation mails are sent as, and the configuration set whose bounces and complaints suppress. */
  readonly sesIdentity: string;
  readonly sesConfigurationSet?: string;
  /**
   * Executions reserved for (and capping) the public endpoint, so a flood of signups or link
   * clicks can neither run up without bound nor take the account's concurrency from the digest.
   * 0 reserves none (accounts whose Lambda concurrency limit is 10 cannot reserve any).
   */
  readonly reservedConcurrency: number;
}

/**
 * The public endpoint: one-click unsubscribe (mail clients POST to it without credentials) and
 * self-service signup with double opt-in (/subscribe), on one Function URL that trusts only links
 * signed with the HMAC key in a Secrets Manager secret the stack creates.
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
      description: 'One-click unsubscribe, topic stops and double opt-in signup for digest readers',
      timeout: Duration.seconds(10),
      memorySize: 256,
      reservedConcurrentExecutions: props.reservedConcurrency > 0 ? props.reservedConcurrency : undefined,
      environment: {
        BUCKET_NAME: props.bucket.bucketName,
        SUBSCRIBER_TABLE_NAME: props.subscriberTable.tableName,
        UNSUBSCRIBE_SECRET_ARN: this.signingSecret.secretArn,
        SENDER_ADDRESS: props.senderAddress,
        ...(props.sesConfigurationSet ? { SES_CONFIGURATION_SET: props.sesConfigurationSet } : {}),
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
    // unsubscribe / stopTopic and the signup writes (SubscriberSignups): one conditional UpdateItem each;
    // a signup reads the address's standing first (GetItem).
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], resources: [props.subscriberTable.tableArn] }));
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [props.bucket.bucketArn],
        // Listing lets S3 answer 404, not 403, for a link never used before.
        conditions: { StringLike: { 's3:prefix': [`${PREFIX.usedLinks}*`] } },
      }),
    );
    // The signup form offers the operator's topics.
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [props.bucket.arnForObjects(CUSTOM_TOPICS_CONFIG_KEY)] }));
    // Confirmation mails, as the digests' identity and through their configuration set (raw MIME: both actions, see DigestSender).
    const stack = Stack.of(this);
    const sesResources = [stack.formatArn({ service: 'ses', resource: 'identity', resourceName: props.sesIdentity })];
    if (props.sesConfigurationSet) sesResources.push(stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: props.sesConfigurationSet }));
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['ses:SendEmail', 'ses:SendRawEmail'], resources: sesResources }));
    this.url = fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
  }
}
