import { getStringFromEnv } from '@opentelemetry/core';
import { warnOnce } from '../internal/guard';

const announced = new Set<string>();

/**
 * Says `message` once per key: through `diag` when `OTEL_LOG_LEVEL` configures it (`none` silences it), else on
 * the console. Only for what would otherwise make telemetry vanish in silence (a failed export, an exporter whose
 * package is missing): the only diagnostics Driftwatch prints unasked.
 */
export function announce(key: string, message: string): void {
  if (getStringFromEnv('OTEL_LOG_LEVEL') !== undefined) {
    warnOnce(key, message);
    return;
  }
  if (announced.has(key)) return;
  announced.add(key);
  console.warn(`@driftwatch/instrumentation: ${message}`);
}
