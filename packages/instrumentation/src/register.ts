/**
 * The one line: `node --import @driftwatch/instrumentation/register app.js`, or
 * `require('@driftwatch/instrumentation/register')` as the first line of a CommonJS app.
 */
import { registerUnsupportedReason } from './internal/api-compatibility';
import { registerImportHook } from './sdk/import-hook';
import { startDriftwatch } from './sdk/lazy-start';

// Checked before anything loads the SDK: on an older api the SDK would throw while loading, inside the app.
const unsupported = registerUnsupportedReason();
if (unsupported === undefined) {
  registerImportHook();
  startDriftwatch();
} else {
  console.warn(unsupported);
}
