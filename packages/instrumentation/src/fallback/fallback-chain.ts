import {
  ATTR_DRIFTWATCH_FALLBACK_ATTEMPTS,
  ATTR_DRIFTWATCH_FALLBACK_FROM_PROVIDER,
  ATTR_DRIFTWATCH_FALLBACK_PRIMARY_PROVIDER,
  ATTR_DRIFTWATCH_FALLBACK_REASON,
  ATTR_DRIFTWATCH_FALLBACK_SERVED_PROVIDER,
  ATTR_ERROR_TYPE,
  ERROR_TYPE_VALUE_OTHER,
} from '@driftwatch/semconv';
import { type Attributes, type Context, context, type Span, SpanKind, trace } from '@opentelemetry/api';
import { recordRedactedException, redactSecrets } from '../content/redact-secrets';
import { errorTypeOf } from '../genai/error-type';
import { reportInternalError } from '../internal/guard';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../internal/package-info';
import { type FallbackAttempt, withFallbackAttempt } from './fallback-attempt';
import { countFallback } from './fallback-metric';

/** The span name of a fallback chain; `fallback {name}` when the app names it. */
export const FALLBACK_SPAN_NAME = 'fallback';

/**
 * The telemetry of one `withFallback` call: an INTERNAL span around the attempts, whose LLM calls are its children,
 * and the `driftwatch.llm.fallbacks` count of every move to the next provider. Every method is guarded: telemetry
 * never changes what the app gets.
 */
export class FallbackChain {
  private readonly span: Span;
  private readonly parent: Context;
  private primaryProvider: string | undefined;

  private constructor(span: Span, parent: Context) {
    this.span = span;
    this.parent = parent;
  }

  /** Starts the chain's span under the active context; undefined (and reported) when telemetry fails. */
  static start(name: string | undefined): FallbackChain | undefined {
    try {
      const parent = context.active();
      const spanName = name === undefined || name === '' ? FALLBACK_SPAN_NAME : `${FALLBACK_SPAN_NAME} ${name}`;
      const tracer = trace.getTracer(PACKAGE_NAME, PACKAGE_VERSION);
      return new FallbackChain(tracer.startSpan(spanName, { kind: SpanKind.INTERNAL }, parent), parent);
    } catch (error) {
      reportInternalError('fallback', error);
      return undefined;
    }
  }

  /** The context an attempt runs in: under the chain's span, carrying the attempt for the LLM calls in it. */
  contextFor(attempt: FallbackAttempt): Context {
    try {
      return withFallbackAttempt(trace.setSpan(this.parent, this.span), attempt);
    } catch (error) {
      reportInternalError('fallback', error);
      return this.parent;
    }
  }

  /**
   * Records how an attempt ended: counts the fallback that led to it, and ends the span when the chain is over
   * (the attempt served, or its error goes to the app).
   */
  settle(attempt: FallbackAttempt, outcome: { error: unknown; final: boolean } | undefined): void {
    try {
      const provider = attempt.provider ?? ERROR_TYPE_VALUE_OTHER;
      if (attempt.number === 1) this.primaryProvider = provider;
      if (attempt.cause !== undefined) {
        countFallback({ from: attempt.cause.provider, to: provider, reason: attempt.cause.reason });
      }
      if (outcome !== undefined && !outcome.final) return;
      const attributes: Attributes = {
        [ATTR_DRIFTWATCH_FALLBACK_ATTEMPTS]: attempt.number,
        [ATTR_DRIFTWATCH_FALLBACK_PRIMARY_PROVIDER]: this.primaryProvider ?? provider,
      };
      if (attempt.cause !== undefined) {
        attributes[ATTR_DRIFTWATCH_FALLBACK_FROM_PROVIDER] = attempt.cause.provider;
        attributes[ATTR_DRIFTWATCH_FALLBACK_REASON] = attempt.cause.reason;
      }
      if (outcome === undefined) {
        attributes[ATTR_DRIFTWATCH_FALLBACK_SERVED_PROVIDER] = provider;
      } else {
        const errorType = errorTypeOf(outcome.error);
        attributes[ATTR_ERROR_TYPE] = errorType;
        const message = outcome.error instanceof Error ? redactSecrets(outcome.error.message) : errorType;
        recordRedactedException(this.span, outcome.error, message);
      }
      this.span.setAttributes(attributes);
      this.span.end();
    } catch (error) {
      reportInternalError('fallback', error);
    }
  }
}
