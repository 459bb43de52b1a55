/**
 * `node --import @driftwatch/instrumentation/register app.mjs`, or `import '@driftwatch/instrumentation/register'`
 * as the first line of an ES module app: the CommonJS register, then the app's own modules patched when the
 * import came too late for the hook. Only what starting needs is loaded (not the package index): start-up cost
 * counts for every cold start.
 */
import register from './register.js';

await register.patchLateImportedModules();
