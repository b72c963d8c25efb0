import type { Context, SNSEvent } from 'aws-lambda';
import { createS3Client } from '../aws-clients.js';
import { readUnsubscribeConfig } from '../config.js';
import { serviceLogger } from '../log.js';
import { SesFeedbackError, suppressionsFrom } from '../mail/ses-feedback.js';
import { subscriberKeyFor } from '../store/keys.js';
import { PreferenceRepository } from '../store/preference-repository.js';
import { S3ObjectStore } from '../store/s3-object-store.js';

const config = readUnsubscribeConfig();
const log = serviceLogger('ses-feedback');
const preferences = new PreferenceRepository(new S3ObjectStore(createS3Client(), config.BUCKET_NAME));

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
      await preferences.unsubscribe(suppression.email, `${suppression.reason}: ${suppression.detail}`);
      logger.info('address suppressed', { reason: suppression.reason, detail: suppression.detail, messageId: suppression.messageId, subscriberKey: subscriberKeyFor(suppression.email) });
    }
  }
}
