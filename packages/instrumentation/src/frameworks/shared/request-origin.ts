import { subscribe } from 'node:diagnostics_channel';
import { ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT } from '@driftwatch/semconv';
import { type Context, context, createContextKey, type Span } from '@opentelemetry/api';
import { serverAddressOf } from '../../genai/server-address';
import { reportInternalError } from '../../internal/guard';

const REQUESTS_KEY = createContextKey('driftwatch.frameworks.model_requests');

/**
 * What the HTTP requests of one model call told: where they went (`server.address`/`server.port` on the span, from
 * the first) and the last failing status, for frameworks whose providers call `fetch` themselves.
 */
export class ModelRequests {
  private readonly span: Span;
  private originNoted = false;
  /** The last HTTP status >= 400 a request of the call got. */
  failingStatus: number | undefined;

  constructor(span: Span) {
    this.span = span;
  }

  noteOrigin(origin: unknown): void {
    if (this.originNoted) return;
    const server = serverAddressOf(origin);
    if (server === undefined) return;
    this.originNoted = true;
    this.span.setAttributes({ [ATTR_SERVER_ADDRESS]: server.address, [ATTR_SERVER_PORT]: server.port });
  }

  noteStatus(status: unknown): void {
    if (typeof status === 'number' && status >= 400 && status < 600) this.failingStatus = status;
  }
}

const requestsByUndiciRequest = new WeakMap<object, ModelRequests>();
let subscribed = false;

function onRequestCreate(message: unknown): void {
  try {
    const requests = context.active().getValue(REQUESTS_KEY);
    if (!(requests instanceof ModelRequests)) return;
    const request = (message as { request?: { origin?: unknown } }).request;
    if (typeof request !== 'object' || request === null) return;
    requestsByUndiciRequest.set(request, requests);
    requests.noteOrigin(request.origin);
  } catch (error) {
    reportInternalError('frameworks.requests', error);
  }
}

function onRequestHeaders(message: unknown): void {
  try {
    const { request, response } = message as { request?: object; response?: { statusCode?: unknown } };
    if (request === undefined) return;
    requestsByUndiciRequest.get(request)?.noteStatus(response?.statusCode);
  } catch (error) {
    reportInternalError('frameworks.requests', error);
  }
}

/** The context for a model call whose requests Driftwatch follows through undici's diagnostics channels. */
export function withModelRequests(ctx: Context, requests: ModelRequests): Context {
  if (!subscribed) {
    subscribed = true;
    try {
      subscribe('undici:request:create', onRequestCreate);
      subscribe('undici:request:headers', onRequestHeaders);
    } catch (error) {
      reportInternalError('frameworks.requests', error);
    }
  }
  return ctx.setValue(REQUESTS_KEY, requests);
}
