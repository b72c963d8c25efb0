import type { Context, SNSEvent } from 'aws-lambda';
import { createDynamoDbDocumentClient } from '../aws-clients.js';
import { readSesFeedbackConfig } from '../config.js';
import { serviceLogger } from '../log.js';
import { SesFeedbackError, suppressionsFrom } from '../mail/ses-feedback.js';
import { subscriberKeyFor } from '../store/keys.js';
import { DynamoDbSubscriberRepository } from '../store/dynamodb-subscriber-repository.js';

const config = readSesFeedbackConfig();
const log = serviceLogger('ses-feedback');
const subscribers = new DynamoDbSubscriberRepository(createDynamoDbDocumentClient(), config.SUBSCRIBER_TABLE_NAME);

/** SES bounce and complaint events via SNS: hard bounces and complaints stop all further mail. */
export async function handler(event: SNSEvent, context?: Context): Promise<void> {
  const logger = log.forInvocation(context);
  for (const record of event.Records) {
    let suppressions: ReturnType<typeof suppressionsFrom>;
    try {
      suppressions = suppressionsFrom(record.Sns.Message);
    } catch (error) {
      // Not ours to retry: a malformed notification stays in the logs for inspection.
      if (error instanceof SesFeedbackError) {
        logger.error('SES notification not understood', { error, snsMessageId: record.Sns.MessageId });
        continue;
      }
      throw error;
    }
    for (const suppression of suppressions) {
      const change = await subscribers.suppress(suppression.email, `${suppression.reason}: ${suppression.detail}`);
      logger.info('address suppressed', { alreadySuppressed: change === 'unchanged', reason: suppression.reason, detail: suppression.detail, messageId: suppression.messageId, subscriberKey: subscriberKeyFor(suppression.email) });
    }
  }
}
