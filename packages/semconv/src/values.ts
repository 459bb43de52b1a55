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
