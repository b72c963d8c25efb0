import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createDynamoDbDocumentClient, createS3Client } from '../aws-clients.js';
import { readUnsubscribeConfig } from '../config.js';
import { serviceLogger } from '../log.js';
import { SigningKeyring } from '../mail/signing-keyring.js';
import { loadSigningKeys, SigningKeysError } from '../mail/signing-keys.js';
import { handleUnsubscribe, UNSUBSCRIBE_SECURITY_HEADERS } from '../pipeline/unsubscribe-request.js';
import { DynamoDbSubscriberRepository } from '../store/dynamodb-subscriber-repository.js';
import { S3ObjectStore } from '../store/s3-object-store.js';
import { UsedLinkRepository } from '../store/used-link-repository.js';
import { unsubscribeRequestOf } from './function-url-request.js';

const config = readUnsubscribeConfig();
const log = serviceLogger('unsubscribe');
const NOT_SET = 'UNSUBSCRIBE_SECRET_ARN (or NEWSDROP_UNSUBSCRIBE_KEYS) is not set';
const keys = await loadSigningKeys();
if (!keys) throw new SigningKeysError(NOT_SET);
// After a rotation, links signed by a newer digest container name a key this one has not read yet.
const signing = new SigningKeyring(keys, async () => {
  const fresh = await loadSigningKeys();
  if (!fresh) throw new SigningKeysError(NOT_SET);
  return fresh;
});
const subscribers = new DynamoDbSubscriberRepository(createDynamoDbDocumentClient(), config.SUBSCRIBER_TABLE_NAME);
const usedLinks = new UsedLinkRepository(new S3ObjectStore(createS3Client(), config.BUCKET_NAME));

/** Lambda Function URL → one-click unsubscribe (POST) or confirmation page (GET). */
export async function handler(event: APIGatewayProxyEventV2, context?: Context): Promise<APIGatewayProxyStructuredResultV2> {
  const response = await handleUnsubscribe(unsubscribeRequestOf(event), { subscribers, usedLinks, signing, logger: log.forInvocation(context) });
  return {
    statusCode: response.status,
    headers: { 'content-type': response.contentType, ...UNSUBSCRIBE_SECURITY_HEADERS },
    body: response.body,
  };
}
