import { DiagConsoleLogger, diag } from '@opentelemetry/api';
import { diagLogLevelFromString, getStringFromEnv } from '@opentelemetry/core';

/**
 * Prints OpenTelemetry and Driftwatch diagnostics on the console at `OTEL_LOG_LEVEL` (`none`, `error`, `warn`,
 * `info`, `debug`, `verbose`, `all`), as NodeSDK does; when the variable is unset the app's own diag logger, if
 * any, is left alone. Once per process.
 */
let installed = false;

export function installDiagLogger(): void {
  if (installed) return;
  const configured = getStringFromEnv('OTEL_LOG_LEVEL');
  const logLevel = configured === undefined ? undefined : diagLogLevelFromString(configured);
  if (logLevel === undefined) return;
  installed = true;
  diag.setLogger(new DiagConsoleLogger(), { logLevel });
}
