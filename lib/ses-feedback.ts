import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { SnsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { NewsdropFunction } from './newsdrop-function.js';

export interface SesFeedbackProps {
  /** Suppressions are updates of the reader's item. */
  readonly subscriberTable: dynamodb.ITable;
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
      environment: { SUBSCRIBER_TABLE_NAME: props.subscriberTable.tableName },
    });
    const fn = this.feedback.function;
    // DynamoDbSubscriberRepository.suppress: one conditional UpdateItem.
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:UpdateItem'], resources: [props.subscriberTable.tableArn] }));
    fn.addEventSource(new SnsEventSource(this.topic));
  }
}
