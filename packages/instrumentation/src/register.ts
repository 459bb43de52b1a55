/**
 * The one line: `node --import @driftwatch/instrumentation/register app.js`, or
 * `require('@driftwatch/instrumentation/register')` as the first line of a CommonJS app.
 */
import { installDiagLogger } from './sdk/diag-logger';
import { registerLeanImportHook } from './sdk/import-hook';
import { startDriftwatch } from './sdk/start-driftwatch';

installDiagLogger();
registerLeanImportHook();
startDriftwatch();
