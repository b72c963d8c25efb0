import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { SignupRequest } from '../pipeline/signup-request.js';
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

/**
 * The same event as the signup pages read it: also the path, the Origin header, and the endpoint's
 * base URL (the configured one, else the Function URL's domain as AWS reports it).
 */
export function publicRequestOf(event: APIGatewayProxyEventV2, configuredBaseUrl: string | undefined): SignupRequest {
  const headers = event.headers ?? {};
  const origin = Object.entries(headers).find(([name]) => name.toLowerCase() === 'origin')?.[1];
  return {
    ...unsubscribeRequestOf(event),
    path: event.rawPath ?? event.requestContext.http.path ?? '/',
    origin,
    baseUrl: configuredBaseUrl ?? `https://${event.requestContext.domainName}/`,
  };
}
