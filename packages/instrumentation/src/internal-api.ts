/**
 * `@driftwatch/instrumentation/internal`: what Driftwatch's own packages (the pre-deployment test kit) share with
 * this one: the process-wide instrumentations `register` uses, its import hook, and how it bounds the final flush
 * (export sockets that never hold the process, the end of the wait when no collector listens). Not part of the
 * public API: undocumented, and it may change in any release.
 */

export { withRun } from './agent/run-context';
export { defaultAnthropicInstrumentation } from './anthropic/default-instrumentation';
export { defaultAISDKInstrumentation } from './frameworks/ai-sdk/default-instrumentation';
export { defaultMCPInstrumentation } from './frameworks/mcp/default-instrumentation';
export { defaultOpenAIAgentsInstrumentation } from './frameworks/openai-agents/default-instrumentation';
export { defaultOpenAIInstrumentation } from './openai/default-instrumentation';
export { settleWithin } from './sdk/exit-hooks';
export { nothingListeningFromNow } from './sdk/export-outcomes';
export { unrefExportSockets } from './sdk/export-sockets';
export { registerImportHook } from './sdk/import-hook';
export { SHUTDOWN_TIMEOUT_ENVIRONMENT } from './sdk/start-driftwatch';
