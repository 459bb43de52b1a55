import type { LoggerProvider } from '@opentelemetry/api';
import * as api from '@opentelemetry/api';

/** Where OpenTelemetry JS 2.x (`@opentelemetry/api-logs`, `@opentelemetry/sdk-logs` 0.2xx) registers its global. */
const API_LOGS_GLOBAL_KEY = Symbol.for('io.opentelemetry.js.api.logs');
/** The compatibility version `@opentelemetry/api-logs` asks its global getter for. */
const API_LOGS_COMPATIBILITY_VERSION = 1;

type GlobalLoggerGetter = (version: number) => LoggerProvider | undefined;

/**
 * The LoggerProvider the app's SDK registered: the `@opentelemetry/api-logs` global when a 2.x logs SDK set one,
 * else `logs` of `@opentelemetry/api` (1.10+, OpenTelemetry JS 3.x). Undefined when neither exists (api 1.9
 * without a logs SDK): events are then not emitted, while scores are still recorded as metrics.
 */
export function globalLoggerProvider(): LoggerProvider | undefined {
  const getter = (globalThis as Record<symbol, unknown>)[API_LOGS_GLOBAL_KEY];
  if (typeof getter === 'function') {
    const provider = (getter as GlobalLoggerGetter)(API_LOGS_COMPATIBILITY_VERSION);
    if (provider !== undefined) return provider;
  }
  const logsApi = (api as { logs?: typeof api.logs }).logs;
  return logsApi?.getLoggerProvider();
}
