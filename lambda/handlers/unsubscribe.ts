import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createDynamoDbDocumentClient, createS3Client, createSesClient } from '../aws-clients.js';
import { readUnsubscribeConfig } from '../config.js';
import { serviceLogger } from '../log.js';
import { SesMailSender } from '../mail/ses-mail-sender.js';
import { SigningKeyring } from '../mail/signing-keyring.js';
import { loadSigningKeys, SigningKeysError } from '../mail/signing-keys.js';
import { handleSignup, isSignupPath } from '../pipeline/signup-request.js';
import { handleUnsubscribe, UNSUBSCRIBE_SECURITY_HEADERS } from '../pipeline/unsubscribe-request.js';
import { CustomTopicRepository } from '../store/custom-topic-repository.js';
import { DynamoDbSubscriberRepository } from '../store/dynamodb-subscriber-repository.js';
import { S3ObjectStore } from '../store/s3-object-store.js';
import { SubscriberPreferences } from '../store/subscriber-preferences.js';
import { SubscriberSignups } from '../store/subscriber-signups.js';
import { UsedLinkRepository } from '../store/used-link-repository.js';
import { publicRequestOf } from './function-url-request.js';

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
const dynamo = createDynamoDbDocumentClient();
const bucket = new S3ObjectStore(createS3Client(), config.BUCKET_NAME);
const subscribers = new DynamoDbSubscriberRepository(dynamo, config.SUBSCRIBER_TABLE_NAME);
const signups = new SubscriberSignups(dynamo, config.SUBSCRIBER_TABLE_NAME);
const preferences = new SubscriberPreferences(dynamo, config.SUBSCRIBER_TABLE_NAME);
const usedLinks = new UsedLinkRepository(bucket);
const customTopicRepository = new CustomTopicRepository(bucket);
// One confirmation mail per signup, a few a second at most per instance: well inside any SES rate.
const mail = new SesMailSender({ client: createSesClient(), ratePerSecond: 5, maxAttempts: 2, configurationSet: config.SES_CONFIGURATION_SET });

/** The operator's topics, read at most once a minute per instance rather than on every page. */
const TOPICS_TTL_MS = 60_000;
let topicsCache: { names: readonly string[]; at: number } | null = null;
async function customTopicNames(): Promise<readonly string[]> {
  if (topicsCache && Date.now() - topicsCache.at < TOPICS_TTL_MS) return topicsCache.names;
  const names = (await customTopicRepository.load()).map((topic) => topic.name);
  topicsCache = { names, at: Date.now() };
  return names;
}

/** Lambda Function URL → signup pages (/subscribe…), or one-click unsubscribe (POST) and the preference centre or unsubscribe page (GET). */
export async function handler(event: APIGatewayProxyEventV2, context?: Context): Promise<APIGatewayProxyStructuredResultV2> {
  const logger = log.forInvocation(context);
  const request = publicRequestOf(event, config.PUBLIC_BASE_URL);
  const response = isSignupPath(request.path)
    ? await handleSignup(request, { subscribers, signups, usedLinks, signing, mail, from: config.SENDER_ADDRESS, customTopicNames, logger })
    : await handleUnsubscribe(request, { subscribers, preferences, customTopicNames, usedLinks, signing, logger });
  return {
    statusCode: response.status,
    headers: { 'content-type': response.contentType, ...UNSUBSCRIBE_SECURITY_HEADERS, ...response.headers },
    body: response.body,
  };
}
