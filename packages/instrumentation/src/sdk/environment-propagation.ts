import { context, diag, propagation, type TextMapPropagator } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  CompositePropagator,
  getStringListFromEnv,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { loadOptionalPackage, MissingPackageError, reportSetupError } from './optional-package';

/** The part of `@opentelemetry/propagator-b3` used here (an optional package: no compile-time dependency). */
interface B3Module {
  B3Propagator: new (options?: { injectEncoding?: unknown }) => TextMapPropagator;
  B3InjectEncoding: { MULTI_HEADER: unknown };
}

function b3(multiHeader: boolean): TextMapPropagator {
  const { B3Propagator, B3InjectEncoding } = loadOptionalPackage<B3Module>('@opentelemetry/propagator-b3');
  return new B3Propagator(multiHeader ? { injectEncoding: B3InjectEncoding.MULTI_HEADER } : {});
}

const PROPAGATORS: ReadonlyMap<string, () => TextMapPropagator> = new Map([
  ['tracecontext', () => new W3CTraceContextPropagator()],
  ['baggage', () => new W3CBaggagePropagator()],
  ['b3', () => b3(false)],
  ['b3multi', () => b3(true)],
]);

/** `OTEL_PROPAGATORS` as NodeSDK reads it: W3C trace context and baggage by default, `none` for no propagator. */
function propagatorFromEnvironment(): TextMapPropagator | undefined {
  const names = [...new Set(getStringListFromEnv('OTEL_PROPAGATORS') ?? ['tracecontext', 'baggage'])];
  if (names.includes('none')) return undefined;
  const propagators: TextMapPropagator[] = [];
  for (const name of names) {
    try {
      const create = PROPAGATORS.get(name);
      if (create === undefined) throw new Error('unknown propagator');
      propagators.push(create());
    } catch (error) {
      if (error instanceof MissingPackageError) reportSetupError('propagator', `OTEL_PROPAGATORS=${name}`, error);
      else
        diag.warn(
          `@driftwatch/instrumentation: OTEL_PROPAGATORS "${name}" is unavailable (${(error as Error).message})`,
        );
    }
  }
  if (propagators.length === 0) return undefined;
  return propagators.length === 1 ? propagators[0] : new CompositePropagator({ propagators });
}

/** Installs the async context manager and the environment's propagator, as NodeSDK's `start()` does. */
export function installContextAndPropagation(): void {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const propagator = propagatorFromEnvironment();
  if (propagator !== undefined) propagation.setGlobalPropagator(propagator);
}
