/** Well-known values of the GenAI conventions v1.41.1. */

/** @experimental */
export const GEN_AI_OPERATION_NAME_VALUE_CHAT = 'chat' as const;
/** @experimental */
export const GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION = 'text_completion' as const;
/** @experimental */
export const GEN_AI_OPERATION_NAME_VALUE_GENERATE_CONTENT = 'generate_content' as const;
/** @experimental */
export const GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS = 'embeddings' as const;
/** @experimental */
export const GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT = 'invoke_agent' as const;
/** @experimental */
export const GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL = 'execute_tool' as const;
/** @experimental */
export const GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW = 'invoke_workflow' as const;

/** @experimental */
export const GEN_AI_PROVIDER_NAME_VALUE_OPENAI = 'openai' as const;
/** @experimental */
export const GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI = 'azure.ai.openai' as const;
/** @experimental */
export const GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC = 'anthropic' as const;

/** @experimental */
export const GEN_AI_TOKEN_TYPE_VALUE_INPUT = 'input' as const;
/** @experimental */
export const GEN_AI_TOKEN_TYPE_VALUE_OUTPUT = 'output' as const;

/** @experimental */
export const GEN_AI_OUTPUT_TYPE_VALUE_TEXT = 'text' as const;
/** @experimental */
export const GEN_AI_OUTPUT_TYPE_VALUE_JSON = 'json' as const;

/** @experimental */
export const OPENAI_API_TYPE_VALUE_CHAT_COMPLETIONS = 'chat_completions' as const;
/** @experimental */
export const OPENAI_API_TYPE_VALUE_RESPONSES = 'responses' as const;

/** The conventions' fallback `error.type` when nothing more specific is known. */
export const ERROR_TYPE_VALUE_OTHER = '_OTHER' as const;

/** @experimental */
export const GEN_AI_TOOL_TYPE_VALUE_FUNCTION = 'function' as const;
/** @experimental */
export const GEN_AI_TOOL_TYPE_VALUE_EXTENSION = 'extension' as const;
/** @experimental */
export const GEN_AI_TOOL_TYPE_VALUE_DATASTORE = 'datastore' as const;

/** Driftwatch `error.type` of a tool that did not answer in time. */
export const ERROR_TYPE_VALUE_TIMEOUT = 'timeout' as const;
/** Driftwatch `error.type` of a tool that got HTTP 429 or a `retry-after`. */
export const ERROR_TYPE_VALUE_RATE_LIMITED = 'rate_limited' as const;
/** Driftwatch `error.type` of a tool whose result its `resultSchema` rejected. */
export const ERROR_TYPE_VALUE_MALFORMED_RESULT = 'malformed_result' as const;

/** Driftwatch agent-run outcomes. */
export const DRIFTWATCH_AGENT_OUTCOME_VALUE_SUCCESS = 'success' as const;
export const DRIFTWATCH_AGENT_OUTCOME_VALUE_ERROR = 'error' as const;
export const DRIFTWATCH_AGENT_OUTCOME_VALUE_ESCALATED = 'escalated' as const;

/** Escalation category used when no category is given. */
export const DRIFTWATCH_ESCALATION_CATEGORY_VALUE_UNSPECIFIED = 'unspecified' as const;
/** Escalation category of a run that went past its `maxSteps`. */
export const DRIFTWATCH_ESCALATION_CATEGORY_VALUE_MAX_STEPS = 'max_steps' as const;

/** `driftwatch.cost.unpriced_reason`: the model (request or response) is not in the price table. */
export const DRIFTWATCH_COST_UNPRICED_REASON_VALUE_UNKNOWN_MODEL = 'unknown_model' as const;
/**
 * `driftwatch.cost.unpriced_reason`: the model is priced but the call reported no token usage (a stream to an
 * endpoint Driftwatch does not ask for stream usage, see `DRIFTWATCH_STREAM_USAGE`).
 */
export const DRIFTWATCH_COST_UNPRICED_REASON_VALUE_USAGE_MISSING = 'usage_missing' as const;

/** `driftwatch.model.change.kind` values. */
export const DRIFTWATCH_MODEL_CHANGE_KIND_VALUE_RESPONSE_MODEL = 'response_model' as const;
export const DRIFTWATCH_MODEL_CHANGE_KIND_VALUE_SYSTEM_FINGERPRINT = 'system_fingerprint' as const;

/** `driftwatch.component` of the gateway's matching of log-event content (sent after or before its span) to calls. */
export const DRIFTWATCH_COMPONENT_VALUE_GATEWAY_CONTENT = 'gateway.content' as const;
/** `driftwatch.drop.reason`: content of a call that came after the call left the gateway's window, or was evaluated. */
export const DRIFTWATCH_DROP_REASON_VALUE_LATE_CONTENT = 'late_content' as const;
/** `driftwatch.drop.reason`: content of a call pushed out, before it came, by newer calls waiting for theirs. */
export const DRIFTWATCH_DROP_REASON_VALUE_AWAITING_CAPACITY = 'awaiting_capacity' as const;
/** `driftwatch.drop.reason`: a call's per-message content that never became whole (an input without its answer). */
export const DRIFTWATCH_DROP_REASON_VALUE_INCOMPLETE_CONTENT = 'incomplete_content' as const;

/** `gen_ai.evaluation.score.label` of an evaluation that passed. */
export const GEN_AI_EVALUATION_SCORE_LABEL_VALUE_PASS = 'pass' as const;
/** `gen_ai.evaluation.score.label` of an evaluation that failed: counted in `driftwatch.evaluation.failures`. */
export const GEN_AI_EVALUATION_SCORE_LABEL_VALUE_FAIL = 'fail' as const;

/** MCP (conventions v1.41.1). */
/** MCP conventions' `error.type` of a tool call answered with `isError: true`. */
export const ERROR_TYPE_VALUE_TOOL_ERROR = 'tool_error' as const;
/** @experimental MCP conventions. */
export const MCP_METHOD_NAME_VALUE_TOOLS_CALL = 'tools/call' as const;
/** Stable: an MCP stdio transport. */
export const NETWORK_TRANSPORT_VALUE_PIPE = 'pipe' as const;
/** Stable: an MCP HTTP transport. */
export const NETWORK_TRANSPORT_VALUE_TCP = 'tcp' as const;
