import { diag } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { readBooleanEnvironment, readPositiveIntegerEnvironment } from '../internal/environment';
import { reportInternalError } from '../internal/guard';
import { defaultOpenAIInstrumentation } from '../openai/default-instrumentation';
import type { DriftwatchOptions } from '../types';
import { installExitHooks, settleWithin } from './exit-hooks';

export const SHUTDOWN_TIMEOUT_ENVIRONMENT = 'DRIFTWATCH_SHUTDOWN_TIMEOUT_MS';

/** A started Driftwatch: its NodeSDK, and a bounded shutdown that flushes everything. */
export interface Driftwatch {
  readonly sdk: NodeSDK;
  /**
   * Flushes and stops telemetry within the shutdown timeout; resolves true when everything was flushed in time.
   * Safe to call more than once.
   */
  shutdown(): Promise<boolean>;
}

let running: Driftwatch | undefined;

/**
 * Starts OpenTelemetry with Driftwatch's instrumentations: a NodeSDK configured by the standard `OTEL_*`
 * variables (OTLP/HTTP traces, metrics and logs; `http/protobuf` or `http/json`), flushed when the process ends.
 * Idempotent: a second call returns the running instance. Returns undefined when `OTEL_SDK_DISABLED=true` or
 * when starting failed (reported through `diag`); the app runs on either way.
 */
export function startDriftwatch(options: DriftwatchOptions = {}): Driftwatch | undefined {
  if (running !== undefined) return running;
  if (readBooleanEnvironment('OTEL_SDK_DISABLED', false)) return undefined;
  try {
    const instrumentation = defaultOpenAIInstrumentation(options.openai);
    const sdk = new NodeSDK({ instrumentations: [instrumentation] });
    sdk.start();
    const timeoutMillis =
      options.shutdownTimeoutMillis ?? readPositiveIntegerEnvironment(SHUTDOWN_TIMEOUT_ENVIRONMENT, 3000);
    let stopping: Promise<boolean> | undefined;
    let removeExitHooks: (() => void) | undefined;
    const shutdown = () => {
      stopping ??= (async () => {
        removeExitHooks?.();
        return settleWithin(sdk.shutdown(), timeoutMillis);
      })();
      return stopping;
    };
    removeExitHooks = installExitHooks(shutdown);
    running = { sdk, shutdown };
    diag.debug('@driftwatch/instrumentation: started');
    return running;
  } catch (error) {
    reportInternalError('start', error);
    return undefined;
  }
}

/** Flushes and stops the running Driftwatch (call it before `process.exit()`); a no-op when none runs. */
export async function shutdownDriftwatch(): Promise<void> {
  await running?.shutdown();
}
