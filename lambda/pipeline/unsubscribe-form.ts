import { Busboy } from '@fastify/busboy';

/**
 * A one-click POST is one 26-byte field and the page's is three short ones; a body past this is no
 * form the endpoint sent, and is refused before it is parsed.
 */
export const MAX_FORM_BYTES = 8 * 1024;

/** Malformed (400) or oversized (413): the request changes nothing. */
export class FormBodyError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413,
  ) {
    super(message);
    this.name = 'FormBodyError';
  }
}

/** Bounds for what is left after the size check: a handful of short text fields and no files. */
const MULTIPART_LIMITS = { fields: 16, parts: 16, files: 16, fieldNameSize: 64, fieldSize: 1_024, fileSize: 0, headerPairs: 8, headerSize: 1_024 };

/** multipart/form-data (RFC 7578) by a maintained streaming parser; text fields only, files skipped. */
function multipartFields(body: Buffer, contentType: string): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let parser: ReturnType<typeof Busboy>;
    try {
      parser = Busboy({ headers: { 'content-type': contentType }, limits: MULTIPART_LIMITS });
    } catch (error) {
      // No boundary, or a Content-Type busboy cannot read.
      reject(new FormBodyError(`the multipart body cannot be read: ${(error as Error).message}`, 400));
      return;
    }
    const fields = new URLSearchParams();
    parser.on('field', (name, value, nameTruncated, valueTruncated) => {
      if (!nameTruncated && !valueTruncated) fields.append(name, value);
    });
    // A file part is no form field here: its bytes are drained so the parse can finish, and its
    // stream's error (a part cut short) is the parser's too, answered below; unheard, it would crash the process.
    parser.on('file', (_name, stream) => {
      stream.on('error', () => {});
      stream.resume();
    });
    parser.on('error', (error) => reject(new FormBodyError(`the multipart body is malformed: ${(error as Error).message}`, 400)));
    parser.on('finish', () => resolve(fields));
    parser.end(body);
  });
}

/**
 * The fields of a POST body: multipart/form-data or application/x-www-form-urlencoded, the two
 * forms RFC 8058 allows for one-click. A body of any other or no type is read as URL-encoded, as
 * before (a sender that leaves the type out still unsubscribes). Never reads more than MAX_FORM_BYTES.
 */
export async function readFormFields(body: string | Uint8Array, contentType: string | undefined): Promise<URLSearchParams> {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (bytes.length > MAX_FORM_BYTES) throw new FormBodyError(`the body is larger than ${MAX_FORM_BYTES} bytes`, 413);
  if (contentType !== undefined && /^\s*multipart\/form-data\s*(;|$)/i.test(contentType)) return multipartFields(bytes, contentType);
  return new URLSearchParams(bytes.toString('utf8'));
}
