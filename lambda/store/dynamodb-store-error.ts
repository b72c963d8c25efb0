import { StoreError, TransientStoreError } from './store-error.js';

/** Throttling and server-side trouble that the SDK's own retries did not get past: try again later. */
const TRANSIENT_ERROR_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ThrottlingException',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionConflictException',
  'TimeoutError',
]);

/** A DynamoDB failure as the store's errors: transient (retry later) or a refusal (a bug or a missing grant). */
export function dynamoDbStoreError(operation: string, error: unknown): StoreError {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  const name = (error as { name?: string } | null)?.name ?? 'Error';
  const detail = `${operation}: ${name}${status ? ` (HTTP ${status})` : ''}`;
  if (status === undefined || status >= 500 || status === 429 || TRANSIENT_ERROR_NAMES.has(name)) {
    return new TransientStoreError(`DynamoDB is unavailable: ${detail}`, { cause: error });
  }
  return new StoreError('dynamodb-error', `DynamoDB refused ${detail}`, { cause: error });
}

export function isConditionalCheckFailure(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException';
}
