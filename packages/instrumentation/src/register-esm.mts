/**
 * `node --import @driftwatch/instrumentation/register app.mjs`, or `import '@driftwatch/instrumentation/register'`
 * as the first line of an ES module app. In the second case the import hook comes too late for the app's
 * already-linked modules, so the app's own `openai` is patched directly before the app's code runs.
 */
import { defaultOpenAIInstrumentation } from './openai/default-instrumentation.js';
import { isPreloaded, patchAppOpenAI } from './sdk/patch-app-openai.js';
import './register.js';

if (!isPreloaded()) await patchAppOpenAI(defaultOpenAIInstrumentation());
