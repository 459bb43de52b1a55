import { subscribe } from 'node:diagnostics_channel';
import { context } from '@opentelemetry/api';
import { reportInternalError } from '../internal/guard';
import { type HttpStatusSink, toolOf } from './run-context';

interface RequestCreateMessage {
  request: object;
}

interface RequestHeadersMessage {
  request: object;
  response: { statusCode?: unknown; headers?: unknown };
}

const toolsByRequest = new WeakMap<object, HttpStatusSink>();
let subscribed = false;

function hasRetryAfter(headers: unknown): boolean {
  // undici reports raw headers as alternating name/value Buffers.
  if (!Array.isArray(headers)) return false;
  for (let index = 0; index < headers.length; index += 2) {
    if (String(headers[index]).toLowerCase() === 'retry-after') return true;
  }
  return false;
}

function onRequestCreate(message: unknown): void {
  try {
    const tool = toolOf(context.active());
    if (tool !== undefined) toolsByRequest.set((message as RequestCreateMessage).request, tool);
  } catch (error) {
    reportInternalError('tool.http_status', error);
  }
}

function onRequestHeaders(message: unknown): void {
  try {
    const { request, response } = message as RequestHeadersMessage;
    const tool = toolsByRequest.get(request);
    if (tool === undefined || typeof response.statusCode !== 'number') return;
    tool.noteHttpStatus(response.statusCode, hasRetryAfter(response.headers));
  } catch (error) {
    reportInternalError('tool.http_status', error);
  }
}

/**
 * Listens to undici's diagnostics channels (Node's own `fetch` publishes them), so the HTTP statuses of requests
 * made inside a tool reach that tool, with or without an HTTP instrumentation. Idempotent.
 */
export function listenToHttpStatuses(): void {
  if (subscribed) return;
  subscribed = true;
  try {
    subscribe('undici:request:create', onRequestCreate);
    subscribe('undici:request:headers', onRequestHeaders);
  } catch (error) {
    reportInternalError('tool.http_status', error);
  }
}
