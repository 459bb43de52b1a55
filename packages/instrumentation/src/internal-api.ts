/**
 * `@driftwatch/instrumentation/internal`: what Driftwatch's own packages (the pre-deployment test kit) share with
 * this one: the process-wide instrumentations `register` uses and its import hook. Not part of the public API:
 * undocumented, and it may change in any release.
 */

export { withRun } from './agent/run-context';
export { defaultAnthropicInstrumentation } from './anthropic/default-instrumentation';
export { defaultAISDKInstrumentation } from './frameworks/ai-sdk/default-instrumentation';
export { defaultMCPInstrumentation } from './frameworks/mcp/default-instrumentation';
export { defaultOpenAIAgentsInstrumentation } from './frameworks/openai-agents/default-instrumentation';
export { defaultOpenAIInstrumentation } from './openai/default-instrumentation';
export { registerImportHook } from './sdk/import-hook';
