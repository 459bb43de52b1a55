export { defaultOpenAIInstrumentation, instrumentOpenAI } from './openai/default-instrumentation';
export { OpenAIInstrumentation } from './openai/instrumentation';
export { registerImportHook } from './sdk/import-hook';
export { isPreloaded, patchAppOpenAI } from './sdk/patch-app-openai';
export { type Driftwatch, shutdownDriftwatch, startDriftwatch } from './sdk/start-driftwatch';
export type { DriftwatchOptions, OpenAIInstrumentationConfig } from './types';
