import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { UnsubscribeRequest } from '../pipeline/unsubscribe-request.js';

/**
 * A Lambda Function URL event as the unsubscribe endpoint reads it. The URL base64-encodes bodies
 * it does not take for text (multipart/form-data among them), so the body is handed on as bytes.
 */
export function unsubscribeRequestOf(event: APIGatewayProxyEventV2): UnsubscribeRequest {
  const headers = event.headers ?? {};
  const contentType = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  return {
    method: event.requestContext.http.method,
    query: event.queryStringParameters ?? {},
    contentType,
    body: event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : new Uint8Array(0),
  };
}
