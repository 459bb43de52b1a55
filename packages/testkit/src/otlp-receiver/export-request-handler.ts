import type { IncomingMessage, ServerResponse } from 'node:http';
import { otlpContentType, SIGNAL_BY_PATH } from '@driftwatch/otlp-proto';
import { plainHeaders, readRequestBody } from '../shared/http-request';
import type { OtlpReceiverOptions } from '../types';
import { decodeContentEncoding, decodeExportRequest } from './decode-export-request';
import type { ReceivedTelemetry } from './received-telemetry';

function answer(options: { response: ServerResponse; status: number; contentType?: string; body?: string }) {
  const body = options.body ?? '';
  options.response.writeHead(options.status, {
    'content-type': options.contentType ?? 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
  });
  options.response.end(body);
}

/**
 * Answers one export. A body that decodes is answered with `respondWith(signal)` (200 by default) and its data is
 * kept when that status is 2xx; one that does not decode gets 400. Either way the request is listed and the waiters
 * are woken.
 */
export async function handleExportRequest(options: {
  request: IncomingMessage;
  response: ServerResponse;
  telemetry: ReceivedTelemetry;
  respondWith: OtlpReceiverOptions['respondWith'];
}): Promise<void> {
  const { request, response, telemetry } = options;
  const raw = await readRequestBody(request);
  const path = new URL(request.url ?? '/', 'http://receiver.invalid').pathname;
  const signal = SIGNAL_BY_PATH[path];
  if (request.method !== 'POST' || signal === undefined) {
    return answer({ response, status: 404, body: `No OTLP route for ${request.method} ${path}` });
  }
  const contentType = otlpContentType(request.headers['content-type']);
  if (contentType === undefined) {
    return answer({ response, status: 415, body: 'Expected application/x-protobuf or application/json' });
  }
  let status: number;
  let errorText = '';
  try {
    const body = decodeContentEncoding({ body: raw, encoding: request.headers['content-encoding'] });
    const decoded = decodeExportRequest({ signal, contentType, body });
    status = options.respondWith?.(signal) ?? 200;
    if (status >= 200 && status < 300) telemetry.addExport({ signal, decoded });
  } catch (error) {
    status = 400;
    errorText = `Could not decode the ${signal} export: ${String(error)}`;
  }
  telemetry.requests.push({ signal, contentType, headers: plainHeaders(request), status });
  if (errorText !== '') {
    answer({ response, status, body: errorText });
  } else {
    answer({ response, status, contentType, body: contentType === 'application/json' ? '{}' : '' });
  }
  telemetry.notifyArrival();
}
