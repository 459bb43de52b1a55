import { ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT } from '@driftwatch/semconv';
import { type Context, createContextKey, type Span } from '@opentelemetry/api';
import { followHttpRequests, type HttpAnswer } from '../../agent/http-status-channel';
import type { HttpStatusSink } from '../../agent/run-context';
import { serverAddressOf } from '../../genai/server-address';

const REQUESTS_KEY = createContextKey('driftwatch.frameworks.model_requests');

/**
 * What the HTTP requests of one model call told: where they went (`server.address`/`server.port` on the span, from
 * the first) and the last failing status, for frameworks whose providers call `fetch` themselves.
 */
export class ModelRequests implements HttpStatusSink {
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

  noteHttpStatus({ statusCode }: HttpAnswer): void {
    if (statusCode >= 400 && statusCode < 600) this.failingStatus = statusCode;
  }
}

function modelRequestsOf(ctx: Context): ModelRequests | undefined {
  const requests = ctx.getValue(REQUESTS_KEY);
  return requests instanceof ModelRequests ? requests : undefined;
}

/** The context for a model call whose requests Driftwatch follows through undici's diagnostics channels. */
export function withModelRequests(ctx: Context, requests: ModelRequests): Context {
  followHttpRequests(modelRequestsOf);
  return ctx.setValue(REQUESTS_KEY, requests);
}
