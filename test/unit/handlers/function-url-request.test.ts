import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { publicRequestOf, unsubscribeRequestOf } from '../../../lambda/handlers/function-url-request.js';

const event = (overrides: Partial<APIGatewayProxyEventV2>) =>
  ({ requestContext: { http: { method: 'POST' } }, queryStringParameters: { p: 'x', s: 'y' }, ...overrides }) as unknown as APIGatewayProxyEventV2;

describe('unsubscribeRequestOf', () => {
  it('decodes a base64-encoded body (a Function URL encodes multipart ones) to its bytes', () => {
    const multipart = '--b1\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--b1--\r\n';

    const request = unsubscribeRequestOf(event({ body: Buffer.from(multipart).toString('base64'), isBase64Encoded: true, headers: { 'content-type': 'multipart/form-data; boundary=b1' } }));

    expect(Buffer.from(request.body).toString('utf8')).toBe(multipart);
    expect(request.contentType).toBe('multipart/form-data; boundary=b1');
    expect(request.query).toEqual({ p: 'x', s: 'y' });
  });

  it('takes a plain body as UTF-8 and finds Content-Type in any letter case', () => {
    const request = unsubscribeRequestOf(event({ body: 'List-Unsubscribe=One-Click', isBase64Encoded: false, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }));

    expect(Buffer.from(request.body).toString('utf8')).toBe('List-Unsubscribe=One-Click');
    expect(request.contentType).toBe('application/x-www-form-urlencoded');
  });

  it('gives an empty body and no type for a GET without headers or query', () => {
    const request = unsubscribeRequestOf(event({ requestContext: { http: { method: 'GET' } } as APIGatewayProxyEventV2['requestContext'], queryStringParameters: undefined }));

    expect(request).toMatchObject({ method: 'GET', query: {}, contentType: undefined });
    expect(request.body).toHaveLength(0);
  });
});

describe('publicRequestOf', () => {
  const urlEvent = { requestContext: { http: { method: 'POST', path: '/subscribe' }, domainName: 'abc.lambda-url.eu-west-1.on.aws' }, rawPath: '/subscribe', headers: { Origin: 'https://news.example.org', host: 'evil.example' } };

  it('adds the path, the Origin header and a base URL from the domain AWS reports, never the Host header', () => {
    const request = publicRequestOf(urlEvent as unknown as APIGatewayProxyEventV2, undefined);

    expect(request).toMatchObject({ method: 'POST', path: '/subscribe', origin: 'https://news.example.org', baseUrl: 'https://abc.lambda-url.eu-west-1.on.aws/' });
  });

  it('prefers the configured base URL (local mode)', () => {
    expect(publicRequestOf(urlEvent as unknown as APIGatewayProxyEventV2, 'http://127.0.0.1:8006/').baseUrl).toBe('http://127.0.0.1:8006/');
  });
});
