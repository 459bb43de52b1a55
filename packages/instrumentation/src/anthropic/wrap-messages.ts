import { context } from '@opentelemetry/api';
import type { Method } from '../genai/prototype-patch';
import { reportInternalError } from '../internal/guard';
import type { MessagesOperations } from './messages-operations';
import { createOptions, streamHelperOptions } from './sdk-tracing';

function clientOf(resource: unknown): unknown {
  return (resource as { _client?: unknown } | null)?._client;
}

function guardedOptions(compute: () => unknown, options: unknown): unknown {
  try {
    return compute();
  } catch (error) {
    reportInternalError('anthropic.options', error);
    return options;
  }
}

/**
 * The wrapper installed over `Messages.prototype.create`. When telemetry cannot start, the SDK's own method runs
 * as if Driftwatch were absent; a synchronous throw from the SDK is rethrown unchanged. The SDK's own span for the
 * call is suppressed (see `sdk-tracing.ts`), so the call has exactly one span: Driftwatch's.
 */
export function wrapCreate(operations: MessagesOperations, original: Method): Method {
  return function create(this: unknown, params: unknown, options?: unknown): unknown {
    const started = operations.start(this, params, options);
    const client = clientOf(this);
    const sentOptions = guardedOptions(() => createOptions(client, options, started?.operation.span), options);
    if (started === undefined) return original.call(this, params, sentOptions);
    let result: unknown;
    try {
      result = context.with(started.context, original, this, params, sentOptions);
    } catch (error) {
      started.operation.fail(error);
      throw error;
    }
    return operations.observe(result, started);
  };
}

/**
 * The wrapper installed over `Messages.prototype.stream`: the SDK's own `MessageStream`, whose request goes
 * through the wrapped `create`, which traces it. It only keeps the helper from starting the SDK's span first.
 */
export function wrapStream(operations: MessagesOperations, original: Method): Method {
  return function stream(this: unknown, params: unknown, options?: unknown): unknown {
    const sentOptions = operations.enabled
      ? guardedOptions(() => streamHelperOptions(clientOf(this), options), options)
      : options;
    return original.call(this, params, sentOptions);
  };
}
