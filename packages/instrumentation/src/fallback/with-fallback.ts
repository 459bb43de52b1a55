import { ERROR_TYPE_VALUE_OTHER } from '@driftwatch/semconv';
import { context } from '@opentelemetry/api';
import { errorTypeOf } from '../genai/error-type';
import { reportInternalError } from '../internal/guard';
import type { FallbackAttempt, FallbackCause } from './fallback-attempt';
import { FallbackChain } from './fallback-chain';
import { isRetryableError } from './retryable-error';
import type { FallbackAttemptInfo, FallbackOptions } from './types';

function defaultProviderOf(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  return (target as { provider?: string } | null | undefined)?.provider;
}

function nameOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function guarded<Value>(component: string, compute: () => Value, fallback: Value): Value {
  try {
    return compute();
  } catch (error) {
    reportInternalError(component, error);
    return fallback;
  }
}

/**
 * Calls `call` with each target in order until one succeeds: the primary first, the next one only after a
 * retryable failure (see {@link FallbackOptions.isRetryable}), each target at most once. Resolves with the first
 * success; otherwise rejects with the error of the last attempt made, unchanged. Telemetry: a `fallback` span
 * around the attempts (primary and serving provider, attempts, reason), each attempt's LLM calls as its children
 * marked with their attempt number and cause, and `driftwatch.llm.fallbacks` counted by from/to provider and
 * reason. A stream returned by `call` is the app's to read; errors that happen while reading it later are not
 * retried, so consume it inside `call` (e.g. `await stream.finalMessage()`) when they should be.
 *
 * @example
 * const text = await withFallback(['openai', 'anthropic'], async (provider) =>
 *   provider === 'openai'
 *     ? (await openai.chat.completions.create(chatRequest)).choices[0]?.message.content
 *     : (await anthropic.messages.create(messagesRequest)).content.find((block) => block.type === 'text')?.text,
 * );
 */
export async function withFallback<Target, Result>(
  targets: readonly Target[],
  call: (target: Target, attempt: FallbackAttemptInfo) => Result | PromiseLike<Result>,
  options: FallbackOptions<Target> = {},
): Promise<Awaited<Result>> {
  if (targets.length === 0) throw new TypeError('withFallback needs at least one target');
  const providerOf = options.providerOf ?? defaultProviderOf;
  const isRetryable = options.isRetryable ?? isRetryableError;
  const chain = FallbackChain.start(options.name);
  let previous: { error: unknown; cause: FallbackCause } | undefined;
  for (const [index, target] of targets.entries()) {
    const attempt: FallbackAttempt = {
      number: index + 1,
      cause: previous?.cause,
      provider: guarded('fallback.provider', () => nameOrUndefined(providerOf(target)), undefined),
    };
    const info: FallbackAttemptInfo = { attempt: attempt.number, previousError: previous?.error };
    try {
      const attemptContext = chain?.contextFor(attempt) ?? context.active();
      const result = await context.with(attemptContext, async () => await call(target, info));
      chain?.settle(attempt, undefined);
      return result;
    } catch (error) {
      const hasNext = index < targets.length - 1;
      const retryable = hasNext && guarded('fallback.is_retryable', () => isRetryable(error, target) === true, false);
      chain?.settle(attempt, { error, final: !retryable });
      if (!retryable) throw error;
      const reason = guarded('fallback', () => errorTypeOf(error), ERROR_TYPE_VALUE_OTHER);
      previous = { error, cause: { provider: attempt.provider ?? ERROR_TYPE_VALUE_OTHER, reason } };
    }
  }
  // Unreachable: the last attempt either returned or rethrew.
  throw previous?.error;
}
