import {
  ATTR_DRIFTWATCH_FALLBACK_ATTEMPT,
  ATTR_DRIFTWATCH_FALLBACK_FROM_PROVIDER,
  ATTR_DRIFTWATCH_FALLBACK_REASON,
} from '@driftwatch/semconv';
import { type Attributes, type Context, trace } from '@opentelemetry/api';
import { errorTypeOf } from '../genai/error-type';
import { type FallbackCause, fallbackAttemptOf } from './fallback-attempt';
import { countFallback } from './fallback-metric';
import { isRetryableError } from './retryable-error';

/** What an LLM call's span gets from the fallback it is part of, and what it reports back when it ends. */
export interface FallbackTracking {
  readonly attributes: Attributes;
  readonly onEnd?: (error: unknown) => void;
}

interface ParentFailure extends FallbackCause {
  readonly attempt: number;
}

/** The last LLM call under each parent span, when it failed with a retryable error. */
const failureByParent = new WeakMap<object, ParentFailure>();

function causeAttributes(attempt: number, cause: FallbackCause | undefined): Attributes {
  const attributes: Attributes = { [ATTR_DRIFTWATCH_FALLBACK_ATTEMPT]: attempt };
  if (cause !== undefined) {
    attributes[ATTR_DRIFTWATCH_FALLBACK_FROM_PROVIDER] = cause.provider;
    attributes[ATTR_DRIFTWATCH_FALLBACK_REASON] = cause.reason;
  }
  return attributes;
}

/**
 * The app's own fallback: an LLM call that follows, under the same parent span, a call to another provider that
 * failed with a retryable error. Only the very next call under that parent is considered, so a retry with the
 * same provider, a success or a non-retryable failure in between rules it out.
 */
function trackImplicitFallback(parent: Context, provider: string): FallbackTracking | undefined {
  const parentSpan = trace.getSpan(parent);
  if (parentSpan === undefined) return undefined;
  const failure = failureByParent.get(parentSpan);
  failureByParent.delete(parentSpan);
  const attempt = failure === undefined ? 1 : failure.attempt + 1;
  let attributes: Attributes = {};
  if (failure !== undefined && failure.provider !== provider) {
    attributes = causeAttributes(attempt, failure);
    countFallback({ from: failure.provider, to: provider, reason: failure.reason });
  }
  return {
    attributes,
    onEnd(error: unknown) {
      if (error !== undefined && isRetryableError(error)) {
        failureByParent.set(parentSpan, { provider, reason: errorTypeOf(error), attempt });
      }
    },
  };
}

/**
 * How an LLM call starting under `parent` with `provider` takes part in a fallback: inside a `withFallback`
 * attempt, the attempt's number and cause (the helper counts the metric); otherwise the app's own fallback, when
 * one is detected.
 */
export function trackFallback(parent: Context, provider: string): FallbackTracking | undefined {
  const attempt = fallbackAttemptOf(parent);
  if (attempt === undefined) return trackImplicitFallback(parent, provider);
  attempt.provider ??= provider;
  return { attributes: causeAttributes(attempt.number, attempt.cause) };
}
