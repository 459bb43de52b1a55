export {
  attachContent,
  type CallContent,
  CONTENT_CONTRACT_VERSION,
  type GenericPart,
  type InputMessage,
  type MessagePart,
  type OutputMessage,
  type ReasoningPart,
  type RefusalPart,
  type RequestedFormat,
  type RunContent,
  type SpanContent,
  type TextPart,
  type ToolCallContent,
  type ToolCallPart,
  type ToolCallResponsePart,
  type ToolDefinition,
} from './content-contract';
export { ContextWindowProcessor } from './context/context-window-processor';
export { CostProcessor, type PricedCallProcessorOptions } from './cost/cost-processor';
export { ModelDriftProcessor, type ModelDriftProcessorOptions } from './drift/model-drift-processor';
export { driftwatchProcessors } from './driftwatch-processors';
export { registerEvaluator } from './evaluation/evaluator-registry';
export { BUILTIN_EVALUATORS as builtinEvaluators } from './evaluation/evaluators/builtin-evaluators';
export { schemaCompliance } from './evaluation/evaluators/schema-compliance';
export { recordFeedback } from './evaluation/feedback';
export { llmJudge } from './evaluation/judge/llm-judge';
export { QualityProcessor, type QualityProcessorOptions } from './evaluation/quality-processor';
export type {
  BuiltinEvaluatorName,
  ContentMessage,
  EvaluateOptions,
  EvaluationEvents,
  EvaluationInput,
  EvaluationOptions,
  EvaluationOutcome,
  EvaluationResult,
  EvaluationTarget,
  Evaluator,
  Feedback,
  JudgeClient,
  LlmJudgeOptions,
  ModelToolCall,
  SchemaComplianceOptions,
  StandardSchema,
  StandardSchemaResult,
} from './evaluation/types';
export { type LoadModelTableOptions, loadModelTable } from './model-table/load-model-table';
export { ModelTable, type ResolvedModel } from './model-table/model-table';
export { isPinnedModel, UnpinnedModelError } from './model-table/pinning';
export { type AgentNameLookup, AgentRunProcessor, type AgentRunProcessorOptions } from './runs/agent-run-processor';
export type { DriftwatchProcessorsOptions, ModelEntry, ModelTableFile, RequirePinnedModels } from './types';
