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
/** Stable: the provider's error code, the HTTP status or the exception class; `_OTHER` as the fallback. */
export const ATTR_ERROR_TYPE = 'error.type' as const;

/** Driftwatch: the instrumentation component where an internal failure was caught and contained. */
export const ATTR_DRIFTWATCH_COMPONENT = 'driftwatch.component' as const;
/** Driftwatch: a content attribute that was shortened to fit its size budget (the attribute's name). */
export const ATTR_DRIFTWATCH_CONTENT_TRUNCATED = 'driftwatch.content.truncated' as const;
/** Driftwatch: why telemetry was dropped (`attribute_budget`, `internal_error`…). */
export const ATTR_DRIFTWATCH_DROP_REASON = 'driftwatch.drop.reason' as const;
