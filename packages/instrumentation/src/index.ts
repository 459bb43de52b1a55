export type {
  BuiltinEvaluatorName,
  EvaluationInput,
  EvaluationOptions,
  EvaluationResult,
  EvaluationTarget,
  Evaluator,
  Feedback,
  LlmJudgeOptions,
  SchemaComplianceOptions,
} from '@driftwatch/processors';
export {
  type DriftwatchProcessorsOptions,
  driftwatchProcessors,
  isPinnedModel,
  llmJudge,
  type ModelTableFile,
  type RequirePinnedModels,
  recordFeedback,
  registerEvaluator,
  schemaCompliance,
  UnpinnedModelError,
} from '@driftwatch/processors';
export {
  type AgentDefinition,
  type AgentTracingOptions,
  configureAgentTracing,
  type EscalationOptions,
  escalate,
  type OutcomeOptions,
  recordOutcome,
  type StandardSchemaLike,
  type TaskKey,
  type ToolDefinition,
  ToolResultSchemaError,
  type ToolWrapperDefinition,
  tool,
  traceAgent,
  traceTool,
} from './agent';
export {
  AnthropicInstrumentation,
  type AnthropicInstrumentationConfig,
  instrumentAnthropic,
} from './anthropic';
export { type RedactionHook, redactSecrets, setRedactionHook } from './content/redact-secrets';
export { type FallbackAttemptInfo, type FallbackOptions, isRetryableError, withFallback } from './fallback';
export {
  AISDKInstrumentation,
  type AISDKInstrumentationConfig,
  instrumentAISDK,
  instrumentMCP,
  instrumentOpenAIAgents,
  MCPInstrumentation,
  OpenAIAgentsInstrumentation,
} from './frameworks';
export { instrumentOpenAI } from './openai/default-instrumentation';
export { OpenAIInstrumentation } from './openai/instrumentation';
export { registerImportHook } from './sdk/import-hook';
export { shutdownDriftwatch, startDriftwatch } from './sdk/lazy-start';
export { type ResourceDetectorLike, withoutCommandArguments } from './sdk/process-detector';
export type {
  Driftwatch,
  DriftwatchOptions,
  DriftwatchSdk,
  OpenAIInstrumentationConfig,
  StreamUsageMode,
} from './types';
