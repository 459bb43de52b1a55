/**
 * The one line: `node --import @driftwatch/instrumentation/register app.js`, or
 * `require('@driftwatch/instrumentation/register')` as the first line of a CommonJS app.
 */
import { registerUnsupportedReason } from './internal/api-compatibility';
import { readBooleanEnvironment } from './internal/environment';
import { installDiagLogger } from './sdk/diag-logger';
import { registerLeanImportHook } from './sdk/import-hook';
import { startDriftwatch } from './sdk/lazy-start';

installDiagLogger();
// Checked before anything loads the SDK: on an older api the SDK would throw while loading, inside the app.
const unsupported = registerUnsupportedReason();
if (unsupported !== undefined) {
  console.warn(unsupported);
} else if (!readBooleanEnvironment('OTEL_SDK_DISABLED', false)) {
  // With the SDK disabled nothing is hooked or patched either: the app runs as if Driftwatch were absent.
  registerLeanImportHook();
  startDriftwatch();
}
