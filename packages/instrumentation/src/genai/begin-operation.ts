import { type Attributes, type Context, context, type Span, SpanKind, type Tracer, trace } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { noteLlmCall } from '../agent/run-context';
import { trackFallback } from '../fallback/fallback-tracking';
import type { GenAIMetrics } from '../internal/genai-metrics';
import { reportInternalError } from '../internal/guard';
import { GenAIOperation } from './genai-operation';

/** What an instrumentation lends the operations it starts. */
export interface OperationHost {
  isEnabled(): boolean;
  readonly tracer: Tracer;
  readonly metrics: GenAIMetrics;
  readonly config: { readonly captureMessageContent: boolean; readonly contentMaxLength: number };
}

/** One call about to be sent: its span's name and attributes, and how to capture its input. */
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
  /** Records request content on the span; only called with capture on. */
  captureInput(span: Span, maxLength: number): void;
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
 * Starts the CLIENT span of one LLM call under `parent`, counts it as a step of the enclosing agent run, marks it
 * when it is a fallback attempt, and captures its input when content capture is on. Throws only where the caller
 * falls back to the untraced call.
 */
export function beginOperation(host: OperationHost, parent: Context, plan: OperationPlan): BegunOperation {
  const fallback = trackFallback(parent, plan.providerName);
  const attributes = fallback === undefined ? plan.attributes : { ...plan.attributes, ...fallback.attributes };
  const span = host.tracer.startSpan(plan.spanName, { kind: SpanKind.CLIENT, attributes }, parent);
  noteLlmCall(parent);
  const { config } = host;
  const contentMaxLength = config.captureMessageContent ? config.contentMaxLength : undefined;
  if (contentMaxLength !== undefined) {
    try {
      plan.captureInput(span, contentMaxLength);
    } catch (error) {
      reportInternalError(`${plan.component}.capture`, error);
    }
  }
  const operation = new GenAIOperation({
    span,
    metrics: host.metrics,
    metricAttributes: plan.metricAttributes,
    streaming: plan.streaming,
    contentMaxLength,
    component: plan.component,
    onEnd: fallback?.onEnd,
  });
  return { operation, context: trace.setSpan(parent, span) };
}
