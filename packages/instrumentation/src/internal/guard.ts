import { diag } from '@opentelemetry/api';

type DroppedListener = (component: string, reason: string) => void;

const reportedComponents = new Set<string>();
let droppedListener: DroppedListener | undefined;

/** Lets the metrics module count contained failures without this module depending on it. */
export function setDroppedListener(listener: DroppedListener | undefined): void {
  droppedListener = listener;
}

/** Counts a telemetry item Driftwatch dropped or shortened; never throws. */
export function countDropped(component: string, reason: string): void {
  try {
    droppedListener?.(component, reason);
  } catch {
    // A metrics failure must not escalate into the app either.
  }
}

/**
 * A failure inside Driftwatch's own code, contained: logged once per component through `diag`, counted in
 * `driftwatch.telemetry.dropped`, and never rethrown into the application.
 */
export function reportInternalError(component: string, error: unknown): void {
  countDropped(component, 'internal_error');
  if (reportedComponents.has(component)) return;
  reportedComponents.add(component);
  try {
    diag.error(`@driftwatch/instrumentation: ${component} failed; the call went on without this telemetry`, error);
  } catch {
    // diag loggers are user code.
  }
}

/** Logs a message once per key through `diag.warn`. */
export function warnOnce(key: string, message: string): void {
  if (reportedComponents.has(key)) return;
  reportedComponents.add(key);
  try {
    diag.warn(`@driftwatch/instrumentation: ${message}`);
  } catch {
    // diag loggers are user code.
  }
}
