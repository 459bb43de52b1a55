/**
 * The one line: `node --import @driftwatch/instrumentation/register app.js`, or
 * `require('@driftwatch/instrumentation/register')` as the first line of a CommonJS app.
 */
import { registerUnsupportedReason } from './internal/api-compatibility';
import { readBooleanEnvironment } from './internal/environment';
import { defaultOpenAIInstrumentation } from './openai/default-instrumentation';
import { installDiagLogger } from './sdk/diag-logger';
import { registerLeanImportHook } from './sdk/import-hook';
import { currentRequire, skipRequireHookInsideEntryPatchedSdks } from './sdk/internal-require-bypass';
import { startDriftwatch } from './sdk/lazy-start';
import { isPreloaded } from './sdk/preloaded';

installDiagLogger();
// Checked before anything loads the SDK: on an older api the SDK would throw while loading, inside the app.
const unsupported = registerUnsupportedReason();
const enabled = unsupported === undefined && !readBooleanEnvironment('OTEL_SDK_DISABLED', false);
if (unsupported !== undefined) {
  console.warn(unsupported);
} else if (enabled) {
  // With the SDK disabled nothing is hooked or patched either: the app runs as if Driftwatch were absent.
  const requireBeforeHooks = currentRequire();
  registerLeanImportHook();
  startDriftwatch();
  skipRequireHookInsideEntryPatchedSdks(requireBeforeHooks);
}

/**
 * For `import '@driftwatch/instrumentation/register'` as the first line of an ES module app (the ES module entry
 * runs it): the import hook comes too late for the app's already-linked modules, so the app's own `openai` (and
 * the other patched SDKs) are patched directly before the app's code runs. Nothing to do when preloaded.
 */
export async function patchLateImportedModules(): Promise<void> {
  if (!enabled || isPreloaded()) return;
  const { patchAppOpenAI } = require('./sdk/patch-app-openai') as typeof import('./sdk/patch-app-openai');
  await patchAppOpenAI(defaultOpenAIInstrumentation());
}
