export { type AgentTracingOptions, configureAgentTracing } from './agent-telemetry';
export { type OutcomeOptions, recordOutcome } from './record-outcome';
export type { TaskKey } from './repeat-tracker';
export type { StandardSchemaLike } from './standard-schema';
export { type AgentDefinition, type EscalationOptions, escalate, traceAgent } from './trace-agent';
export {
  type ToolDefinition,
  ToolResultSchemaError,
  type ToolWrapperDefinition,
  tool,
  traceTool,
} from './trace-tool';
