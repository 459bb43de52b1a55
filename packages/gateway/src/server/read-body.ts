import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

/** The request is larger than allowed: answered 413. */
export class BodyTooLargeError extends Error {}
/** The content-encoding is unknown or the compressed body is corrupt: answered 400 (415 for an unknown one). */
export class BodyEncodingError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

/** Reads the body, at most `maxBytes` on the wire, then at most `maxBytes` once decompressed. */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    request.resume();
    throw new BodyTooLargeError(`the body is ${declared} bytes; the limit is ${maxBytes}`);
  }
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request) {
    length += (chunk as Buffer).length;
    if (length > maxBytes) {
      request.resume();
      throw new BodyTooLargeError(`the body is over the limit of ${maxBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks, length);
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return raw;
  if (encoding !== 'gzip' && encoding !== 'deflate') {
    throw new BodyEncodingError(`content-encoding ${JSON.stringify(encoding)} is not gzip, deflate or identity`, 415);
  }
  try {
    return await (encoding === 'gzip' ? gunzipAsync : inflateAsync)(raw, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new BodyTooLargeError(`the body is over the limit of ${maxBytes} bytes once decompressed`);
    }
    throw new BodyEncodingError(`the ${encoding} body does not decompress`, 400);
  }
}
