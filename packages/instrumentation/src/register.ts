/**
 * The one line: `node --import @driftwatch/instrumentation/register app.js`, or
 * `require('@driftwatch/instrumentation/register')` as the first line of a CommonJS app.
 */
import { DiagConsoleLogger, DiagLogLevel, diag } from '@opentelemetry/api';
import { registerImportHook } from './sdk/import-hook';
import { startDriftwatch } from './sdk/start-driftwatch';

// Warnings (a collector that cannot be reached, a dropped batch) are printed unless OTEL_LOG_LEVEL says otherwise.
if (process.env.OTEL_LOG_LEVEL === undefined) diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.WARN);
registerImportHook();
startDriftwatch();
