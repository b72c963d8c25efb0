import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

type UrlHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/** Serves the unsubscribe handler on 127.0.0.1 the way a Lambda Function URL would call it. */
export async function startUnsubscribeServer(port: number, handler: () => Promise<UrlHandler>): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const url = new URL(request.url ?? '/', 'http://127.0.0.1');
        // A Function URL passes text bodies as they are and base64-encodes the others (forms, multipart).
        const body = Buffer.concat(chunks);
        const asText = /^(text\/|application\/json)/i.test(request.headers['content-type'] ?? 'text/plain');
        const event = {
          requestContext: { http: { method: request.method ?? 'GET', path: url.pathname } },
          rawPath: url.pathname,
          rawQueryString: url.search.slice(1),
          queryStringParameters: Object.fromEntries(url.searchParams),
          headers: request.headers as Record<string, string>,
          body: body.toString(asText ? 'utf8' : 'base64'),
          isBase64Encoded: !asText,
        } as unknown as APIGatewayProxyEventV2;
        const result = await (await handler())(event);
        response.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>).end(result.body ?? '');
      })().catch((error: unknown) => response.writeHead(500).end(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
