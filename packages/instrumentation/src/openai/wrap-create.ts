import { context } from '@opentelemetry/api';
import type { OpenAIOperations } from './openai-operations';
import type { OperationAdapter } from './operation-adapter';
import type { CreateFunction } from './patch-module';

/**
 * The wrapper installed over a resource's `create`. When telemetry cannot start, the SDK's own method runs as if
 * Driftwatch were absent; a synchronous throw from the SDK is rethrown unchanged.
 */
export function wrapCreate(operations: OpenAIOperations, original: CreateFunction, adapter: OperationAdapter) {
  // The SDK's `create(body, options)` takes two parameters; passing them as named avoids a rest array per call.
  return function create(this: unknown, body: unknown, options?: unknown): unknown {
    const started = operations.start(adapter, this, body);
    if (started === undefined) return original.call(this, body, options);
    let result: unknown;
    try {
      result = context.with(started.context, original, this, started.body, options);
    } catch (error) {
      started.operation.fail(error);
      throw error;
    }
    return operations.observe(result, started, adapter);
  };
}
