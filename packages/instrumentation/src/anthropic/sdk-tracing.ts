import { INVALID_SPAN_CONTEXT, type Span, trace } from '@opentelemetry/api';

/**
 * `@anthropic-ai/sdk` (0.x since its tracing release, and 1.x) starts a span of its own for every API call when
 * OpenTelemetry is available, which is the default: `anthropic.messages.create`, with its own attribute set. Each
 * SDK method starts that "call span" and hands it down in the request options as `__span`; a method that finds
 * one there already (the `messages.stream()` helper passes its own to `create()`) records on it instead of
 * starting another, and the SDK never records on, nor ends, a span that is not recording.
 *
 * Driftwatch uses that contract to suppress the SDK's span for the calls it traces itself: it hands the SDK a
 * non-recording view of its own span. The SDK then starts nothing and records nothing, while everything else it
 * does with the call span carries on unchanged: the attempts run in the context of Driftwatch's span (so HTTP
 * instrumentation nests under it) and the SDK's `traceparent` on each attempt names Driftwatch's span.
 */
const CALL_SPAN_OPTION = '__span';
const CALL_SPAN_NAME = 'anthropic.messages.create';
/** Marks the call spans Driftwatch hands the SDK, so they are told apart from one the SDK or the app started. */
const DRIFTWATCH_CALL = Symbol.for('driftwatch.anthropic.call');

type RequestOptions = Record<string, unknown>;

interface SdkCall {
  span: Span;
  name: string;
  startTime: number;
  [DRIFTWATCH_CALL]: true;
}

function sdkCall(span: Span): SdkCall {
  return { span, name: CALL_SPAN_NAME, startTime: Date.now(), [DRIFTWATCH_CALL]: true };
}

function isDriftwatchCall(value: unknown): boolean {
  return typeof value === 'object' && value !== null && DRIFTWATCH_CALL in value;
}

/** The options the SDK methods take: absent, or a plain object. */
function isOptionsObject(options: unknown): options is RequestOptions | undefined {
  return options === undefined || (typeof options === 'object' && options !== null && !Array.isArray(options));
}

/** Whether a client starts spans of its own (`_tracer`: set unless `openTelemetry: false` or the env turns it off). */
export function clientTracesItself(client: unknown): boolean {
  return typeof client === 'object' && client !== null && Boolean((client as { _tracer?: unknown })._tracer);
}

/**
 * The options for `messages.stream()`: a placeholder call span, so the helper does not start the SDK's span
 * before it calls `create()`, where Driftwatch's span starts and takes the placeholder's place.
 */
export function streamHelperOptions(client: unknown, options: unknown): unknown {
  if (!clientTracesItself(client) || !isOptionsObject(options) || options?.[CALL_SPAN_OPTION] !== undefined) {
    return options;
  }
  return { ...options, [CALL_SPAN_OPTION]: sdkCall(trace.wrapSpanContext(INVALID_SPAN_CONTEXT)) };
}

/**
 * The options for `messages.create()`. With Driftwatch's `span`, the SDK gets a non-recording view of it as its
 * call span (unless a span someone else started is there already). Without one (the call is not traced), a
 * placeholder is taken out again, so the SDK behaves exactly as it would without Driftwatch.
 */
export function createOptions(client: unknown, options: unknown, span: Span | undefined): unknown {
  if (!isOptionsObject(options)) return options;
  const current = options?.[CALL_SPAN_OPTION];
  const placeholder = isDriftwatchCall(current);
  if (span === undefined || !clientTracesItself(client)) {
    return placeholder ? { ...options, [CALL_SPAN_OPTION]: undefined } : options;
  }
  if (current !== undefined && !placeholder) return options;
  return { ...options, [CALL_SPAN_OPTION]: sdkCall(trace.wrapSpanContext(span.spanContext())) };
}
