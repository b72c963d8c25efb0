/** Local mode's unsubscribe server (`--unsubscribe-port`); `newsdrop preview` signs links for it. */
export const DEFAULT_LOCAL_UNSUBSCRIBE_PORT = 8006;

/** Sender handlers local mode runs at once over its in-process chunk queue. */
export const LOCAL_SENDERS = 4;

/** Environment the Lambda handlers read, pointed at the local emulators. */
export function localEnvironment(options: {
  s3Endpoint: string;
  sesEndpoint: string;
  dynamoDbEndpoint: string;
  bucket: string;
  deliveryTable: string;
  subscriberTable: string;
  articleIndexTable: string;
  sendRatePerSecond?: number;
  /** Senders draining the in-process chunk queue at once; each gets this share of the send rate. */
  senderConcurrency?: number;
}): Record<string, string> {
  return {
    AWS_REGION: 'us-east-1',
    // The emulators accept any credentials; fixed ones keep the SDK from searching for a profile.
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_S3: options.s3Endpoint,
    // The SES v2 client's service id is SESv2; it ignores AWS_ENDPOINT_URL_SES.
    AWS_ENDPOINT_URL_SESV2: options.sesEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamoDbEndpoint,
    BUCKET_NAME: options.bucket,
    DELIVERY_TABLE_NAME: options.deliveryTable,
    SUBSCRIBER_TABLE_NAME: options.subscriberTable,
    ARTICLE_INDEX_TABLE_NAME: options.articleIndexTable,
    SENDER_ADDRESS: 'newsdrop (local) <digest@newsdrop.localhost>',
    SEND_RATE_PER_SECOND: String(options.sendRatePerSecond ?? 50),
    SENDER_CONCURRENCY: String(options.senderConcurrency ?? LOCAL_SENDERS),
    // Chunks go through an in-process queue (digest-fanout.ts); the handlers' SQS client is never used.
    DIGEST_CHUNK_QUEUE_URL: 'http://127.0.0.1:9/newsdrop-local-in-process-chunk-queue',
    // The SDK's Node 20 deprecation notice is noise in local runs; Lambda runs Node 22.
    AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
  };
}
