import type { RequirePinnedModels } from '@driftwatch/processors';
import { type Attributes, type Context, context, SpanKind, type Tracer, trace } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import type { CallInput } from '../content/call-input';
import type { GenAIMetrics } from '../internal/genai-metrics';
import { asRecord, type UnknownRecord } from '../internal/readers';
import { rememberClientSecrets } from './client-secrets';
import { GenAIOperation } from './genai-operation';
import { listenersOf, publish } from './operation-lifecycle';
import { floatingModelRefusal } from './pinning';

/** What an instrumentation lends the operations it starts. */
export interface OperationHost {
  isEnabled(): boolean;
  readonly tracer: Tracer;
  readonly metrics: GenAIMetrics;
  readonly config: {
    readonly captureMessageContent: boolean;
    readonly contentMaxLength: number;
    readonly requirePinnedModels?: RequirePinnedModels;
  };
}

/** One call about to be sent: its span's name and attributes, and its input's content. */
export interface OperationPlan {
  /** The instrumentation's name in internal error reports (`openai`, `anthropic`). */
  readonly component: string;
  readonly spanName: string;
  readonly providerName: string;
  /** Span attributes at the start (the sampler sees them), metric attributes included. */
  readonly attributes: Attributes;
  /** Metric attributes known at the start: operation, provider, request model, server. */
  readonly metricAttributes: Attributes;
  readonly streaming: boolean;
  /**
   * The request's content in the contract's form, built only when used: recorded on the span with content capture
   * on, handed to the evaluators when they run. None: the operation has no content (embeddings).
   */
  readonly input?: () => CallInput;
  /** The SDK client making the call: its secrets are redacted from what the operation exports. */
  readonly client?: unknown;
}

/** `read` once, on first use. */
function once<T>(read: () => T): () => T {
  let value: { readonly of: T } | undefined;
  return () => {
    value ??= { of: read() };
    return value.of;
  };
}

export interface BegunOperation {
  readonly operation: GenAIOperation;
  /** The parent context with the operation's span: the context the SDK call runs in. */
  readonly context: Context;
}

/** The context a new operation starts in, or undefined when it must not be traced (disabled, or suppressed). */
export function operationParent(host: OperationHost): Context | undefined {
  if (!host.isEnabled()) return undefined;
  const parent = context.active();
  return isTracingSuppressed(parent) ? undefined : parent;
}

/**
 * The parent context and request body of a call about to be traced, or undefined when it is not traced. With
 * `requirePinnedModels: 'error'` a request naming a floating alias is refused here, before anything is sent: the
 * one place this throws into the app, on purpose.
 */
export function requestToTrace(
  host: OperationHost,
  body: unknown,
  component: string,
): { parent: Context; request: UnknownRecord } | undefined {
  const parent = operationParent(host);
  if (parent === undefined) return undefined;
  const request = asRecord(body);
  if (request === undefined) return undefined;
  if (host.config.requirePinnedModels === 'error') {
    const refusal = floatingModelRefusal(request.model, component);
    if (refusal !== undefined) throw refusal;
  }
  return { parent, request };
}

/**
 * Starts the CLIENT span of one LLM call under `parent` and publishes its start to the features subscribed to
 * operations (agent runs count it as a step, fallbacks mark it, content is captured and handed to the evaluators).
 * Throws only where the caller falls back to the untraced call.
 */
export function beginOperation(host: OperationHost, parent: Context, plan: OperationPlan): BegunOperation {
  const { config } = host;
  const contentMaxLength = config.captureMessageContent ? config.contentMaxLength : undefined;
  const input = plan.input === undefined ? undefined : once(plan.input);
  const start = { parent, providerName: plan.providerName, input, contentMaxLength };
  const listeners = listenersOf(start);
  let attributes = plan.attributes;
  for (const listener of listeners) {
    if (listener.attributes !== undefined) attributes = { ...attributes, ...listener.attributes };
  }
  rememberClientSecrets(plan.client);
  const span = host.tracer.startSpan(plan.spanName, { kind: SpanKind.CLIENT, attributes }, parent);
  const operation = new GenAIOperation({
    span,
    metrics: host.metrics,
    metricAttributes: plan.metricAttributes,
    streaming: plan.streaming,
    contentMaxLength,
    component: plan.component,
    listeners,
    client: plan.client,
  });
  publish(listeners, plan.component, (listener) => listener.started?.(operation, start));
  return { operation, context: trace.setSpan(parent, span) };
}
