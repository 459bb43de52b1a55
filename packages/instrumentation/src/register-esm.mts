/**
 * `node --import @driftwatch/instrumentation/register app.mjs`, or `import '@driftwatch/instrumentation/register'`
 * as the first line of an ES module app. In the second case the import hook comes too late for the app's
 * already-linked modules, so the app's own `openai` is patched directly before the app's code runs. Only what
 * starting needs is loaded (not the package index): start-up cost counts for every cold start.
 */
import './register.js';
import { readBooleanEnvironment } from './internal/environment.js';
import { isPreloaded } from './sdk/preloaded.js';

if (!isPreloaded() && !readBooleanEnvironment('OTEL_SDK_DISABLED', false)) {
  const { patchAppOpenAI } = await import('./sdk/patch-app-openai.js');
  const { defaultOpenAIInstrumentation } = await import('./openai/default-instrumentation.js');
  await patchAppOpenAI(defaultOpenAIInstrumentation());
}
