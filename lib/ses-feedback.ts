import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { SnsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { PREFIX } from '../lambda/store/keys.js';
import { NewsdropFunction } from './newsdrop-function.js';

export interface SesFeedbackProps {
  readonly bucket: s3.Bucket;
}

/**
 * A configuration set whose bounce and complaint events reach a handler through an encrypted SNS
 * topic; the handler suppresses hard-bounced and complaining addresses.
 */
export class SesFeedback extends Construct {
  public readonly configurationSet: ses.ConfigurationSet;
  public readonly topic: sns.Topic;
  public readonly key: kms.Key;
  public readonly feedback: NewsdropFunction;

  constructor(scope: Construct, id: string, props: SesFeedbackProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'TopicKey', { enableKeyRotation: true, description: 'newsdrop: SES bounce/complaint topic' });
    // SES publishes to the encrypted topic, so it must be able to use the key.
    this.key.grant(new iam.ServicePrincipal('ses.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:Decrypt');
    this.topic = new sns.Topic(this, 'Topic', { masterKey: this.key, enforceSSL: true, displayName: 'newsdrop SES bounces and complaints' });
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', { reputationMetrics: true });
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: ses.EventDestination.snsTopic(this.topic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });

    this.feedback = new NewsdropFunction(this, 'Feedback', {
      handlerFile: 'ses-feedback.ts',
      description: 'Suppresses hard-bounced and complaining addresses',
      timeout: Duration.seconds(30),
      memorySize: 256,
      environment: { BUCKET_NAME: props.bucket.bucketName },
    });
    const fn = this.feedback.function;
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [props.bucket.arnForObjects(`${PREFIX.unsubscribed}*`)] }));
    fn.addEventSource(new SnsEventSource(this.topic));
  }
}
