import type { ProxiedRequest, ProxiedResponse, Upstream } from './fault-injecting-proxy.js';

function header(request: ProxiedRequest, name: string): string | null {
  const value = request.headers[name];
  return typeof value === 'string' ? value : null;
}

const unquoted = (etag: string) => etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');

function s3Error(status: number, code: string, message: string): ProxiedResponse {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  return { status, headers: { 'content-type': 'application/xml' }, body: Buffer.from(body) };
}

/**
 * S3's conditional PutObject (`If-None-Match: *` and `If-Match: <etag>`), which s3rver ignores:
 * the precondition is checked with a HEAD against the emulator and writes to one key are
 * serialised, so two racing conditional writes cannot both succeed, as on S3. Answers as S3
 * does: 412 PreconditionFailed, or 404 NoSuchKey for If-Match on a missing key.
 */
export function withS3ConditionalWrites(upstream: Upstream): Upstream {
  const tails = new Map<string, Promise<unknown>>();
  const oneAtATime = <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => tails.get(key) === tail && tails.delete(key));
    return result;
  };

  return (request) => {
    if (request.method !== 'PUT' && request.method !== 'DELETE') return upstream(request);
    const path = request.url.split('?')[0] ?? request.url;
    return oneAtATime(path, async () => {
      const ifNoneMatch = header(request, 'if-none-match');
      const ifMatch = header(request, 'if-match');
      if (request.method === 'PUT' && (ifNoneMatch !== null || ifMatch !== null)) {
        const head = await upstream({ method: 'HEAD', url: path, headers: { host: request.headers.host ?? '' }, body: Buffer.alloc(0) });
        const etag = head.status === 200 && typeof head.headers['etag'] === 'string' ? head.headers['etag'] : null;
        if (ifNoneMatch === '*' && etag !== null) return s3Error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
        if (ifMatch !== null && etag === null) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
        if (ifMatch !== null && etag !== null && unquoted(ifMatch) !== unquoted(etag)) {
          return s3Error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
        }
      }
      return upstream(request);
    });
  };
}
