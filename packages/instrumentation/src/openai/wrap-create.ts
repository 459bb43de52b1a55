import { context } from '@opentelemetry/api';
import type { OpenAIOperations } from './openai-operations';
import type { OperationAdapter } from './operation-adapter';
import type { CreateFunction } from './patch-module';

/**
 * The wrapper installed over a resource's `create`. When telemetry cannot start, the SDK's own method runs as if
 * Driftwatch were absent; a synchronous throw from the SDK is rethrown unchanged.
 */
export function wrapCreate(operations: OpenAIOperations, original: CreateFunction, adapter: OperationAdapter) {
  return function create(this: unknown, body: unknown, ...rest: unknown[]): unknown {
    const started = operations.start(adapter, this, body);
    if (started === undefined) return original.call(this, body, ...rest);
    let result: unknown;
    try {
      result = context.with(started.context, original, this, started.body, ...rest);
    } catch (error) {
      started.operation.fail(error);
      throw error;
    }
    return operations.observe(result, started, adapter);
  };
}
