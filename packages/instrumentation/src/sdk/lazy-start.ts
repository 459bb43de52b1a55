import type { Driftwatch, DriftwatchOptions } from '../types';

type StartModule = typeof import('./start-driftwatch');

let loaded: StartModule | undefined;

/** The SDK and its exporters load only when an app starts Driftwatch itself (apps with their own NodeSDK never do). */
function startModule(): StartModule {
  loaded ??= require('./start-driftwatch') as StartModule;
  return loaded;
}

/**
 * Starts OpenTelemetry with Driftwatch's instrumentations and span processors: the SDK configured by the standard
 * `OTEL_*` variables, flushed when the process ends. Idempotent; undefined when `OTEL_SDK_DISABLED=true` or when
 * starting failed (reported through `diag`). What `register` runs; apps that build their own NodeSDK never load it.
 */
export function startDriftwatch(options: DriftwatchOptions = {}): Driftwatch | undefined {
  return startModule().startDriftwatch(options);
}

/** Flushes and stops the running Driftwatch (call it before `process.exit()`); a no-op when none runs. */
export async function shutdownDriftwatch(): Promise<void> {
  // `register` loads the same module itself, so this finds the instance it started.
  await startModule().shutdownDriftwatch();
}
