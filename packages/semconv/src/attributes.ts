/**
 * Span and metric attribute names, pinned to the OpenTelemetry GenAI semantic conventions v1.41.1
 * (the last release of open-telemetry/semantic-conventions that defines them). Every GenAI convention
 * is in Development status upstream; each constant below is one greppable literal.
 */

/** @experimental GenAI conventions v1.41.1, required on every GenAI span and metric. */
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name' as const;
/** @experimental Replaced `gen_ai.system` in v1.37.0. */
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name' as const;
/** @experimental */
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model' as const;
/** @experimental */
export const ATTR_GEN_AI_REQUEST_MAX_TOKENS = 'gen_ai.request.max_tokens' as const;
/** @experimental */
export const ATTR_GEN_AI_REQUEST_TEMPERATURE = 'gen_ai.request.temperature' as const;
/** @experimental */
export const ATTR_GEN_AI_REQUEST_TOP_P = 'gen_ai.request.top_p' as const;
/** @experimental */
export const ATTR_GEN_AI_REQUEST_TOP_K = 'gen_ai.request.top_k' as const;
/** @experimental */
export const ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY = 'gen_ai.request.frequency_penalty' as const;
/** @experimental */
export const ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY = 'gen_ai.request.presence_penalty' as const;
/** @experimental A lone stop string is wrapped in an array. */
export const ATTR_GEN_AI_REQUEST_STOP_SEQUENCES = 'gen_ai.request.stop_sequences' as const;
/** @experimental Conditionally required when the request sets a seed. */
export const ATTR_GEN_AI_REQUEST_SEED = 'gen_ai.request.seed' as const;
/** @experimental Conditionally required when sent and not 1. */
export const ATTR_GEN_AI_REQUEST_CHOICE_COUNT = 'gen_ai.request.choice.count' as const;
/** @experimental v1.41: set (to true) only when the request streams. */
export const ATTR_GEN_AI_REQUEST_STREAM = 'gen_ai.request.stream' as const;
/** @experimental Embeddings. */
export const ATTR_GEN_AI_REQUEST_ENCODING_FORMATS = 'gen_ai.request.encoding_formats' as const;
/** @experimental `text`, `json`, `image`, `speech`: set when the request asks for a format. */
export const ATTR_GEN_AI_OUTPUT_TYPE = 'gen_ai.output.type' as const;
/** @experimental */
export const ATTR_GEN_AI_RESPONSE_ID = 'gen_ai.response.id' as const;
/** @experimental */
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model' as const;
/** @experimental One raw provider value per choice. */
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons' as const;
/** @experimental v1.41, seconds from request start to the first streamed chunk. */
export const ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK = 'gen_ai.response.time_to_first_chunk' as const;
/** @experimental Includes cached tokens. */
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens' as const;
/** @experimental */
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens' as const;
/** @experimental v1.40, part of input_tokens. */
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read.input_tokens' as const;
/** @experimental v1.40, part of input_tokens. */
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS = 'gen_ai.usage.cache_creation.input_tokens' as const;
/** @experimental v1.41, part of output_tokens. */
export const ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = 'gen_ai.usage.reasoning.output_tokens' as const;
/** @experimental */
export const ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT = 'gen_ai.embeddings.dimension.count' as const;
/** @experimental Conditionally required when available. */
export const ATTR_GEN_AI_CONVERSATION_ID = 'gen_ai.conversation.id' as const;
/** @experimental Opt-in content (JSON string, conventions' system-instructions schema). */
export const ATTR_GEN_AI_SYSTEM_INSTRUCTIONS = 'gen_ai.system_instructions' as const;
/** @experimental Opt-in content (JSON string, conventions' input-messages schema). */
export const ATTR_GEN_AI_INPUT_MESSAGES = 'gen_ai.input.messages' as const;
/** @experimental Opt-in content (JSON string, conventions' output-messages schema). */
export const ATTR_GEN_AI_OUTPUT_MESSAGES = 'gen_ai.output.messages' as const;
/** @experimental Opt-in content (JSON string, conventions' tool-definitions schema). */
export const ATTR_GEN_AI_TOOL_DEFINITIONS = 'gen_ai.tool.definitions' as const;
/** @experimental `input` or `output` on `gen_ai.client.token.usage`. */
export const ATTR_GEN_AI_TOKEN_TYPE = 'gen_ai.token.type' as const;

/** @experimental OpenAI: `auto`/`default`…, conditionally required when the request sets a tier other than `auto`. */
export const ATTR_OPENAI_REQUEST_SERVICE_TIER = 'openai.request.service_tier' as const;
/** @experimental OpenAI: conditionally required when returned. */
export const ATTR_OPENAI_RESPONSE_SERVICE_TIER = 'openai.response.service_tier' as const;
/** @experimental OpenAI: the backend configuration that served the request. */
export const ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT = 'openai.response.system_fingerprint' as const;
/** @experimental OpenAI v1.40: `chat_completions` or `responses`. */
export const ATTR_OPENAI_API_TYPE = 'openai.api.type' as const;

/** Stable. */
export const ATTR_SERVER_ADDRESS = 'server.address' as const;
/** Stable. */
export const ATTR_SERVER_PORT = 'server.port' as const;
/**
 * Development (process resource): the command line as arguments. Never exported by `register`: an app's arguments
 * may carry secrets.
 */
export const ATTR_PROCESS_COMMAND_ARGS = 'process.command_args' as const;
/** Stable: the provider's error code, the HTTP status or the exception class; `_OTHER` as the fallback. */
export const ATTR_ERROR_TYPE = 'error.type' as const;

/** Driftwatch: the instrumentation component where an internal failure was caught and contained. */
export const ATTR_DRIFTWATCH_COMPONENT = 'driftwatch.component' as const;
/** Driftwatch: a content attribute that was shortened to fit its size budget (the attribute's name). */
export const ATTR_DRIFTWATCH_CONTENT_TRUNCATED = 'driftwatch.content.truncated' as const;
/** Driftwatch: why telemetry was dropped (`attribute_budget`, `internal_error`…). */
export const ATTR_DRIFTWATCH_DROP_REASON = 'driftwatch.drop.reason' as const;
/**
 * Driftwatch gateway: the replica that derived a metric point, so several replicas' series of one source stay apart
 * (a `sum` over it is the source's total). A metric label with one value per replica.
 */
export const ATTR_DRIFTWATCH_GATEWAY_REPLICA = 'driftwatch.gateway.replica' as const;

/** @experimental GenAI conventions v1.41.1: the app's name for the agent (bounded; a metric label). */
export const ATTR_GEN_AI_AGENT_NAME = 'gen_ai.agent.name' as const;
/** @experimental The agent's id (an instance or deployment id; never a metric label). */
export const ATTR_GEN_AI_AGENT_ID = 'gen_ai.agent.id' as const;
/** @experimental */
export const ATTR_GEN_AI_AGENT_DESCRIPTION = 'gen_ai.agent.description' as const;
/** @experimental */
export const ATTR_GEN_AI_AGENT_VERSION = 'gen_ai.agent.version' as const;
/** @experimental v1.41: required on `execute_tool` spans. */
export const ATTR_GEN_AI_TOOL_NAME = 'gen_ai.tool.name' as const;
/** @experimental The model's id for this tool call (`call_…`). */
export const ATTR_GEN_AI_TOOL_CALL_ID = 'gen_ai.tool.call.id' as const;
/** @experimental `function`, `extension`, `datastore` or the app's own word. */
export const ATTR_GEN_AI_TOOL_TYPE = 'gen_ai.tool.type' as const;
/** @experimental */
export const ATTR_GEN_AI_TOOL_DESCRIPTION = 'gen_ai.tool.description' as const;
/** @experimental Opt-in content: the tool's arguments (JSON). */
export const ATTR_GEN_AI_TOOL_CALL_ARGUMENTS = 'gen_ai.tool.call.arguments' as const;
/** @experimental Opt-in content: the tool's result (JSON). */
export const ATTR_GEN_AI_TOOL_CALL_RESULT = 'gen_ai.tool.call.result' as const;
/** Stable: the HTTP status a tool's request got back. */
export const ATTR_HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code' as const;

/** Driftwatch: how an agent run ended: `success`, `error` or `escalated`. */
export const ATTR_DRIFTWATCH_AGENT_OUTCOME = 'driftwatch.agent.outcome' as const;
/** Driftwatch: true when the run was handed to a human. */
export const ATTR_DRIFTWATCH_AGENT_ESCALATED = 'driftwatch.agent.escalated' as const;
/** Driftwatch: true when the run's task had already been completed within the repeat window. */
export const ATTR_DRIFTWATCH_AGENT_REPEAT = 'driftwatch.agent.repeat' as const;
/** Driftwatch: a short hash of the normalized task key (correlates repeats without exporting the task). */
export const ATTR_DRIFTWATCH_AGENT_TASK_HASH = 'driftwatch.agent.task.hash' as const;
/** Driftwatch: the run's step budget (`maxSteps`). */
export const ATTR_DRIFTWATCH_AGENT_MAX_STEPS = 'driftwatch.agent.max_steps' as const;
/** Driftwatch: roll-up, LLM calls in the run (nested agents included). */
export const ATTR_DRIFTWATCH_AGENT_LLM_CALLS = 'driftwatch.agent.llm_calls' as const;
/** Driftwatch: roll-up, tool calls in the run (nested agents included). */
export const ATTR_DRIFTWATCH_AGENT_TOOL_CALLS = 'driftwatch.agent.tool_calls' as const;
/** Driftwatch: roll-up, tool calls that ended with an `error.type`. */
export const ATTR_DRIFTWATCH_AGENT_TOOL_ERRORS = 'driftwatch.agent.tool_errors' as const;
/** Driftwatch: roll-up, LLM calls plus tool calls. */
export const ATTR_DRIFTWATCH_AGENT_STEPS = 'driftwatch.agent.steps' as const;
/** Driftwatch: roll-up, input tokens of every LLM call in the run. */
export const ATTR_DRIFTWATCH_AGENT_INPUT_TOKENS = 'driftwatch.agent.input_tokens' as const;
/** Driftwatch: roll-up, output tokens of every LLM call in the run. */
export const ATTR_DRIFTWATCH_AGENT_OUTPUT_TOKENS = 'driftwatch.agent.output_tokens' as const;
/** Driftwatch: roll-up, cost of the priced LLM calls in the run (USD). */
export const ATTR_DRIFTWATCH_AGENT_COST_USD = 'driftwatch.agent.cost_usd' as const;
/** Driftwatch: roll-up, true when at least one LLM call of the run could not be priced. */
export const ATTR_DRIFTWATCH_AGENT_COST_UNKNOWN = 'driftwatch.agent.cost_unknown' as const;
/** Driftwatch: roll-up, the response models the run used (string[]). */
export const ATTR_DRIFTWATCH_AGENT_MODELS = 'driftwatch.agent.models' as const;
/** Driftwatch: why a run was escalated (free text from the app, bounded; never a metric label). */
export const ATTR_DRIFTWATCH_ESCALATION_REASON = 'driftwatch.escalation.reason' as const;
/** Driftwatch: the escalation's category (the app's bounded vocabulary, e.g. `low_confidence`, `max_steps`). */
export const ATTR_DRIFTWATCH_ESCALATION_CATEGORY = 'driftwatch.escalation.category' as const;
/** Driftwatch: the name of a business outcome recorded with `recordOutcome`. */
export const ATTR_DRIFTWATCH_OUTCOME_NAME = 'driftwatch.outcome.name' as const;
/** Driftwatch: the value of a business outcome on its span event (true/false or a number). */
export const ATTR_DRIFTWATCH_OUTCOME_VALUE = 'driftwatch.outcome.value' as const;
/** Driftwatch: schema paths a tool result failed (`$.owner.id: expected string`), no values. */
export const ATTR_DRIFTWATCH_TOOL_SCHEMA_ISSUES = 'driftwatch.tool.schema.issues' as const;

/** Driftwatch: the call's cost in USD from the price table. */
export const ATTR_DRIFTWATCH_COST_USD = 'driftwatch.cost.usd' as const;
/** Driftwatch: true when the call could not be priced (never priced as 0); why in `driftwatch.cost.unpriced_reason`. */
export const ATTR_DRIFTWATCH_COST_UNKNOWN = 'driftwatch.cost.unknown' as const;
/** Driftwatch: why a call could not be priced: `unknown_model` or `usage_missing` (span and unpriced-calls label). */
export const ATTR_DRIFTWATCH_COST_UNPRICED_REASON = 'driftwatch.cost.unpriced_reason' as const;
/** Driftwatch: the price-table entry the call was priced with (a dated checkpoint). */
export const ATTR_DRIFTWATCH_COST_PRICED_MODEL = 'driftwatch.cost.priced_model' as const;
/** Driftwatch: false when the request named a floating alias instead of a dated checkpoint. */
export const ATTR_DRIFTWATCH_MODEL_PINNED = 'driftwatch.model.pinned' as const;
/** Driftwatch: on `driftwatch.model.changed`: `response_model` or `system_fingerprint`. */
export const ATTR_DRIFTWATCH_MODEL_CHANGE_KIND = 'driftwatch.model.change.kind' as const;
/** Driftwatch: on `driftwatch.model.changed`: the value seen before for this label. */
export const ATTR_DRIFTWATCH_MODEL_CHANGE_PREVIOUS = 'driftwatch.model.change.previous' as const;
/** Driftwatch: on `driftwatch.model.changed`: the new value. */
export const ATTR_DRIFTWATCH_MODEL_CHANGE_CURRENT = 'driftwatch.model.change.current' as const;
/** Driftwatch: input tokens / the model's context window. */
export const ATTR_DRIFTWATCH_CONTEXT_FILL_RATIO = 'driftwatch.context.fill_ratio' as const;
/** Driftwatch: the model's context window in tokens. */
export const ATTR_DRIFTWATCH_CONTEXT_WINDOW = 'driftwatch.context.window' as const;

/**
 * @deprecated Legacy (GenAI conventions <= v1.36), replaced by `gen_ai.provider.name`. Driftwatch never emits it;
 * the processors read it from other instrumentations' spans (e.g. `@opentelemetry/instrumentation-openai` chat spans).
 */
export const ATTR_GEN_AI_SYSTEM = 'gen_ai.system' as const;
/** @deprecated Legacy name of `gen_ai.usage.input_tokens`; read from other instrumentations' spans only. */
export const ATTR_GEN_AI_USAGE_PROMPT_TOKENS = 'gen_ai.usage.prompt_tokens' as const;
/** @deprecated Legacy name of `gen_ai.usage.output_tokens`; read from other instrumentations' spans only. */
export const ATTR_GEN_AI_USAGE_COMPLETION_TOKENS = 'gen_ai.usage.completion_tokens' as const;
/** @deprecated Legacy (<= v1.36) name of `openai.response.system_fingerprint`; read from other spans only. */
export const ATTR_GEN_AI_OPENAI_RESPONSE_SYSTEM_FINGERPRINT = 'gen_ai.openai.response.system_fingerprint' as const;

/** Driftwatch: the 1-based attempt of this LLM call in a fallback chain (`withFallback`, or a detected fallback). */
export const ATTR_DRIFTWATCH_FALLBACK_ATTEMPT = 'driftwatch.fallback.attempt' as const;
/** Driftwatch: on a `fallback` span: how many providers the chain tried. */
export const ATTR_DRIFTWATCH_FALLBACK_ATTEMPTS = 'driftwatch.fallback.attempts' as const;
/** Driftwatch: on a `fallback` span: the provider tried first. */
export const ATTR_DRIFTWATCH_FALLBACK_PRIMARY_PROVIDER = 'driftwatch.fallback.primary_provider' as const;
/** Driftwatch: on a `fallback` span: the provider that served the answer (absent when every attempt failed). */
export const ATTR_DRIFTWATCH_FALLBACK_SERVED_PROVIDER = 'driftwatch.fallback.served_provider' as const;
/** Driftwatch: on a fallback attempt and on `driftwatch.llm.fallbacks`: the provider whose failure led to it. */
export const ATTR_DRIFTWATCH_FALLBACK_FROM_PROVIDER = 'driftwatch.fallback.from_provider' as const;
/** Driftwatch: on `driftwatch.llm.fallbacks`: the provider the request moved to. */
export const ATTR_DRIFTWATCH_FALLBACK_TO_PROVIDER = 'driftwatch.fallback.to_provider' as const;
/** Driftwatch: why a request fell back: the `error.type` of the failed attempt (`429`, `529`, `APIConnectionError`). */
export const ATTR_DRIFTWATCH_FALLBACK_REASON = 'driftwatch.fallback.reason' as const;

/** @experimental GenAI conventions: the evaluator's name on `gen_ai.evaluation.result` (and a metric label). */
export const ATTR_GEN_AI_EVALUATION_NAME = 'gen_ai.evaluation.name' as const;
/** @experimental The score, 0..1 for Driftwatch's evaluators. */
export const ATTR_GEN_AI_EVALUATION_SCORE_VALUE = 'gen_ai.evaluation.score.value' as const;
/** @experimental `pass`, `fail` or the evaluator's own label. */
export const ATTR_GEN_AI_EVALUATION_SCORE_LABEL = 'gen_ai.evaluation.score.label' as const;
/** @experimental Why, in words; recorded only with content capture on. */
export const ATTR_GEN_AI_EVALUATION_EXPLANATION = 'gen_ai.evaluation.explanation' as const;

/**
 * Driftwatch: the span attribute of a synchronous evaluation's score (0..1) on the evaluated span, with `{name}`
 * standing for `gen_ai.evaluation.name`: `driftwatch.evaluation.pii_leakage.score`. A template, not a name.
 */
export const DRIFTWATCH_EVALUATION_SCORE_ATTRIBUTE_TEMPLATE = 'driftwatch.evaluation.{name}.score' as const;

/** MCP (conventions v1.41.1) and the agent-framework bridges. */
/** @experimental MCP conventions: the JSON-RPC method (`tools/call`). */
export const ATTR_MCP_METHOD_NAME = 'mcp.method.name' as const;
/** @experimental MCP conventions: the session of a Streamable HTTP transport. */
export const ATTR_MCP_SESSION_ID = 'mcp.session.id' as const;
/** @experimental MCP conventions: the negotiated protocol version (`2025-06-18`). */
export const ATTR_MCP_PROTOCOL_VERSION = 'mcp.protocol.version' as const;
/** Stable: `pipe` for an MCP stdio transport, `tcp` for HTTP. */
export const ATTR_NETWORK_TRANSPORT = 'network.transport' as const;
/** Release candidate: the JSON-RPC error code of a failed MCP request (`-32602`). */
export const ATTR_RPC_RESPONSE_STATUS_CODE = 'rpc.response.status_code' as const;
/** @experimental The JSON-RPC id of an MCP request, as a string. */
export const ATTR_JSONRPC_REQUEST_ID = 'jsonrpc.request.id' as const;
/** Driftwatch: the name an MCP server gave itself at initialization (the conventions have none). */
export const ATTR_DRIFTWATCH_MCP_SERVER_NAME = 'driftwatch.mcp.server.name' as const;
/** Driftwatch: on an agent's `invoke_agent` span, the agent that handed the run to it (a framework handoff). */
export const ATTR_DRIFTWATCH_AGENT_HANDOFF_FROM = 'driftwatch.agent.handoff.from' as const;
/** Driftwatch: on a `driftwatch.agent.handoff` event, the agent the run was handed to. */
export const ATTR_DRIFTWATCH_AGENT_HANDOFF_TO = 'driftwatch.agent.handoff.to' as const;
/** Driftwatch: on a `driftwatch.guardrail` event, the framework guardrail that ran. */
export const ATTR_DRIFTWATCH_GUARDRAIL_NAME = 'driftwatch.guardrail.name' as const;
/** Driftwatch: on a `driftwatch.guardrail` event, whether its tripwire was triggered. */
export const ATTR_DRIFTWATCH_GUARDRAIL_TRIGGERED = 'driftwatch.guardrail.triggered' as const;
/** Driftwatch: resource attribute of everything a `driftwatch-test` run exports: the id of that test run. */
export const ATTR_DRIFTWATCH_TEST_RUN_ID = 'driftwatch.test.run.id' as const;
/** Driftwatch: on a test case's span, the test layer (`regression`, `adversarial`, `tool_faults`, `context`, `concurrency`). */
export const ATTR_DRIFTWATCH_TEST_LAYER = 'driftwatch.test.layer' as const;
/** Driftwatch: on a test case's span, the case id (a test-run span only, never a metric label). */
export const ATTR_DRIFTWATCH_TEST_CASE = 'driftwatch.test.case' as const;
/** Driftwatch: on a test case's span, whether the case passed. */
export const ATTR_DRIFTWATCH_TEST_PASSED = 'driftwatch.test.passed' as const;
/** Driftwatch: on a test case's span, how the run ended (`correct`, `escalated`, `confidently_wrong`, ...). */
export const ATTR_DRIFTWATCH_TEST_VERDICT = 'driftwatch.test.verdict' as const;
/** Driftwatch: on a test case's span and the tool span it hit, the injected fault (`tool:http_500`, `context:0.95`). */
export const ATTR_DRIFTWATCH_TEST_FAULT = 'driftwatch.test.fault' as const;
