import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ARCHIVE_CONTENT_SECURITY_POLICY } from '../../lambda/digest/archive-document.js';
import { ARCHIVE_PATH } from '../../lambda/store/web-archive.js';

type UrlHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/** An object under the bucket's archive/ prefix, by its path below it; null when there is none. */
export type ArchiveReader = (path: string) => Promise<{ body: Uint8Array; contentType: string | null } | null>;

/** Where local mode serves the web archive, as the distribution serves the bucket's archive/ prefix at its root. */
export const LOCAL_ARCHIVE_ROUTE = '/archive/';

/** The headers the distribution's response headers policy adds (lib/archive-distribution.ts). */
const ARCHIVE_HEADERS = {
  'content-security-policy': ARCHIVE_CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
} as const;

/**
 * The web archive as CloudFront serves it: GET and HEAD only, archive/index.html at the root, any
 * other path only if it is one the archive writes (ARCHIVE_PATH), so nothing outside archive/ can
 * be named. A missing object is a 404 (CloudFront answers 403, lacking ListBucket).
 */
async function serveArchive(request: IncomingMessage, response: ServerResponse, pathname: string, read: ArchiveReader): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Only GET and HEAD.\n');
    return;
  }
  let path: string;
  try {
    path = decodeURIComponent(pathname.slice(LOCAL_ARCHIVE_ROUTE.length)) || 'index.html';
  } catch {
    response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Malformed path.\n');
    return;
  }
  const found = ARCHIVE_PATH.test(path) ? await read(path) : null;
  if (!found) {
    response.writeHead(404, { ...ARCHIVE_HEADERS, 'content-type': 'text/plain; charset=utf-8' }).end('Not in the archive.\n');
    return;
  }
  response.writeHead(200, { ...ARCHIVE_HEADERS, 'content-type': found.contentType ?? 'application/octet-stream', 'content-length': found.body.byteLength });
  response.end(request.method === 'HEAD' ? undefined : found.body);
}

/**
 * Serves the unsubscribe handler on 127.0.0.1 the way a Lambda Function URL would call it, and,
 * given an archive reader, the web archive under /archive/ the way the CloudFront distribution does.
 */
export async function startUnsubscribeServer(
  port: number,
  handler: () => Promise<UrlHandler>,
  options: { readonly archive?: ArchiveReader } = {},
): Promise<{ url: string; archiveUrl: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://127.0.0.1');
    } catch {
      response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Malformed request target.\n');
      return;
    }
    if (options.archive && (url.pathname === LOCAL_ARCHIVE_ROUTE.slice(0, -1) || url.pathname.startsWith(LOCAL_ARCHIVE_ROUTE))) {
      request.resume();
      serveArchive(request, response, url.pathname === LOCAL_ARCHIVE_ROUTE.slice(0, -1) ? LOCAL_ARCHIVE_ROUTE : url.pathname, options.archive).catch((error: unknown) =>
        response.writeHead(500).end(String(error)),
      );
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
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
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/`,
    archiveUrl: `${base}${LOCAL_ARCHIVE_ROUTE}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
