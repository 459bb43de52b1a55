import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type OtlpContentType, type OtlpSignal, otlpContentType, SIGNAL_BY_PATH } from '@driftwatch/otlp-proto';
import { decodeExportRequest, type ExportRequest, MalformedRequestError } from '../otlp/otlp-codec';
import { BodyEncodingError, BodyTooLargeError, readBody } from './read-body';

/** What the gateway does with one decoded export: the number of items it forwards (spans, metrics, records). */
export interface SignalHandler {
  readonly queueFull: (signal: OtlpSignal) => boolean;
  /** Processes a decoded export; returns the items it carries and the body to send on. */
  readonly process: (
    signal: OtlpSignal,
    request: ExportRequest,
    received: { body: Buffer; contentType: OtlpContentType },
  ) => { items: number; body: Uint8Array };
  readonly forward: (signal: OtlpSignal, body: Uint8Array, items: number) => void;
}

export interface RequestContext {
  readonly handler: SignalHandler;
  /** Exports being read and processed at once; beyond them senders get 503 (memory stays bounded). */
  readonly inFlight: { count: number; readonly max: number };
  readonly token: string | undefined;
  readonly maxBodyBytes: number;
  readonly isReady: () => boolean;
}

function answer(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (response.headersSent) return;
  const body = text === '' ? '' : `${text.replace(/\s+/g, ' ').slice(0, 300)}\n`;
  response.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  });
  response.end(body);
}

function success(response: ServerResponse, contentType: OtlpContentType): void {
  const body = contentType === 'application/json' ? '{}' : '';
  response.writeHead(200, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)) });
  response.end(body);
}

function authorized(header: string | undefined, token: string | undefined): boolean {
  if (token === undefined) return true;
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * One HTTP request: `GET /ready`, or an OTLP export to `/v1/traces`, `/v1/metrics` or `/v1/logs`. A request that
 * is not OTLP is answered 400 (415 for another content type, 413 over the size limit) with a one-line reason and
 * never forwarded; when the queue to the next hop is full the sender gets 503 with Retry-After and keeps its data.
 */
export async function handleRequest(context: RequestContext, request: IncomingMessage, response: ServerResponse) {
  const path = new URL(request.url ?? '/', 'http://gateway.invalid').pathname;
  if (path === '/ready' && (request.method === 'GET' || request.method === 'HEAD')) {
    return context.isReady() ? answer(response, 200, 'ready') : answer(response, 503, 'not ready');
  }
  const signal = SIGNAL_BY_PATH[path];
  if (signal === undefined) return answer(response, 404, `no route for ${path}`);
  if (request.method !== 'POST') return answer(response, 405, 'OTLP exports are POSTed', { allow: 'POST' });
  if (!authorized(request.headers.authorization, context.token)) {
    request.resume();
    return answer(response, 401, 'missing or wrong bearer token', { 'www-authenticate': 'Bearer' });
  }
  const contentType = otlpContentType(request.headers['content-type']);
  if (contentType === undefined) {
    request.resume();
    return answer(response, 415, 'content-type must be application/x-protobuf or application/json');
  }
  const { handler, inFlight } = context;
  if (handler.queueFull(signal)) {
    request.resume();
    return answer(response, 503, 'the queue to the next hop is full; retry later', { 'retry-after': '5' });
  }
  if (inFlight.count >= inFlight.max) {
    request.resume();
    return answer(response, 503, 'too many exports in progress; retry later', { 'retry-after': '1' });
  }
  inFlight.count += 1;
  try {
    await handleExport({ context, request, response, signal, contentType });
  } finally {
    inFlight.count -= 1;
  }
}

async function handleExport(options: {
  context: RequestContext;
  request: IncomingMessage;
  response: ServerResponse;
  signal: OtlpSignal;
  contentType: OtlpContentType;
}): Promise<void> {
  const { context, request, response, signal, contentType } = options;
  const { handler } = context;
  let body: Buffer;
  try {
    body = await readBody(request, context.maxBodyBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return answer(response, 413, error.message, { connection: 'close' });
    if (error instanceof BodyEncodingError) return answer(response, error.status, error.message);
    return answer(response, 400, 'the body could not be read');
  }
  let decoded: ExportRequest;
  try {
    decoded = decodeExportRequest({ signal, contentType, body });
  } catch (error) {
    const reason = error instanceof MalformedRequestError ? error.message : `not an OTLP ${signal} request`;
    return answer(response, 400, reason);
  }
  const processed = handler.process(signal, decoded, { body, contentType });
  handler.forward(signal, processed.body, processed.items);
  success(response, contentType);
}
