/**
 * The one line: `node --import @driftwatch/instrumentation/register app.js`, or
 * `require('@driftwatch/instrumentation/register')` as the first line of a CommonJS app.
 */
import { readBooleanEnvironment } from './internal/environment';
import { installDiagLogger } from './sdk/diag-logger';
import { registerLeanImportHook } from './sdk/import-hook';
import { startDriftwatch } from './sdk/start-driftwatch';

installDiagLogger();
// With the SDK disabled nothing is hooked or patched either: the app runs as if Driftwatch were absent.
if (!readBooleanEnvironment('OTEL_SDK_DISABLED', false)) {
  registerLeanImportHook();
  startDriftwatch();
}
