import { type Context, createContextKey } from '@opentelemetry/api';

/** The failure that sent a request on to the next provider. */
export interface FallbackCause {
  readonly provider: string;
  /** The failed attempt's `error.type`. */
  readonly reason: string;
}

/** One attempt of a `withFallback` chain, as the LLM calls made inside it see it. */
export interface FallbackAttempt {
  /** 1-based. */
  readonly number: number;
  /** Why this attempt happens; undefined for the first. */
  readonly cause: FallbackCause | undefined;
  /** The attempt's provider: given by the app, or else that of the first LLM call made in the attempt. */
  provider: string | undefined;
}

const ATTEMPT_KEY = createContextKey('driftwatch.fallback.attempt');

/** The context with `attempt` as the fallback attempt that the LLM calls in it belong to. */
export function withFallbackAttempt(parent: Context, attempt: FallbackAttempt): Context {
  return parent.setValue(ATTEMPT_KEY, attempt);
}

/** The innermost fallback attempt of `ctx`, if any. */
export function fallbackAttemptOf(ctx: Context): FallbackAttempt | undefined {
  return ctx.getValue(ATTEMPT_KEY) as FallbackAttempt | undefined;
}
