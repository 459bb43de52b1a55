import { subscribe } from 'node:diagnostics_channel';
import { type Context, context } from '@opentelemetry/api';
import { reportInternalError } from '../internal/guard';
import type { HttpStatusSink } from './run-context';

/** Finds, in the context a request is made in, who wants to hear about it (a tool call, a framework model call). */
export type HttpStatusSinkLookup = (ctx: Context) => HttpStatusSink | undefined;

/**
 * One HTTP response's headers: its status, whether it said `retry-after`, and when its request started and its
 * answer came, on one counter shared by every request followed (so `startedAt > other.answeredAt` means the request
 * was made after the other's answer arrived: a retry or a fallback, not a concurrent request).
 */
export interface HttpAnswer {
  statusCode: number;
  retryAfter: boolean;
  startedAt: number;
  answeredAt: number;
}

interface RequestCreateMessage {
  request: { origin?: unknown };
}

interface RequestHeadersMessage {
  request: object;
  response: { statusCode?: unknown; headers?: unknown };
}

interface FollowedRequest {
  sinks: HttpStatusSink[];
  startedAt: number;
}

const lookups: HttpStatusSinkLookup[] = [];
const followedRequests = new WeakMap<object, FollowedRequest>();
let subscribed = false;
/** Orders the request starts and answers this module sees. */
let eventCounter = 0;

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
    const ctx = context.active();
    // Most requests of an app are not inside a tool or model call: allocate nothing for those.
    let sinks: HttpStatusSink[] | undefined;
    for (const lookup of lookups) {
      const sink = lookup(ctx);
      if (sink === undefined) continue;
      if (sinks === undefined) sinks = [sink];
      else sinks.push(sink);
    }
    if (sinks === undefined) return;
    const { request } = message as RequestCreateMessage;
    eventCounter += 1;
    followedRequests.set(request, { sinks, startedAt: eventCounter });
    for (const sink of sinks) sink.noteOrigin?.(request.origin);
  } catch (error) {
    reportInternalError('http_status', error);
  }
}

function onRequestHeaders(message: unknown): void {
  try {
    const { request, response } = message as RequestHeadersMessage;
    const followed = followedRequests.get(request);
    if (followed === undefined || typeof response.statusCode !== 'number') return;
    eventCounter += 1;
    const answer: HttpAnswer = {
      statusCode: response.statusCode,
      retryAfter: hasRetryAfter(response.headers),
      startedAt: followed.startedAt,
      answeredAt: eventCounter,
    };
    for (const sink of followed.sinks) sink.noteHttpStatus(answer);
  } catch (error) {
    reportInternalError('http_status', error);
  }
}

/**
 * Reports the origin and status of every request made through undici (Node's own `fetch` publishes its diagnostics
 * channels) to the sinks `lookup` finds in the request's context, with or without an HTTP instrumentation. One pair
 * of subscriptions serves every lookup; registering the same lookup again is a no-op.
 */
export function followHttpRequests(lookup: HttpStatusSinkLookup): void {
  if (!lookups.includes(lookup)) lookups.push(lookup);
  if (subscribed) return;
  subscribed = true;
  try {
    subscribe('undici:request:create', onRequestCreate);
    subscribe('undici:request:headers', onRequestHeaders);
  } catch (error) {
    reportInternalError('http_status', error);
  }
}
