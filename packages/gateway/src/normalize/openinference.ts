import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOOL_DESCRIPTION,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
} from '@driftwatch/semconv';
import {
  type ConventionsMessage,
  type ConventionsPart,
  conventionsFinishReason,
  indicesUnder,
  parsedArguments,
} from './conventions-messages';
import type { Normalization } from './normalization';
import { conventionsProviderName } from './provider-names';

/** OpenInference's attributes (Arize `openinference-semantic-conventions`), as its instrumentations write them. */
export const OPENINFERENCE_SPAN_KIND = 'openinference.span.kind';
const LLM_MODEL_NAME = 'llm.model_name';
const LLM_PROVIDER = 'llm.provider';
const LLM_SYSTEM = 'llm.system';
const LLM_INVOCATION_PARAMETERS = 'llm.invocation_parameters';
const LLM_TOKEN_COUNT_PROMPT = 'llm.token_count.prompt';
const LLM_TOKEN_COUNT_COMPLETION = 'llm.token_count.completion';
const LLM_TOKEN_COUNT_CACHE_READ = 'llm.token_count.prompt_details.cache_read';
const LLM_TOKEN_COUNT_CACHE_WRITE = 'llm.token_count.prompt_details.cache_write';
const LLM_TOKEN_COUNT_REASONING = 'llm.token_count.completion_details.reasoning';
export const LLM_INPUT_MESSAGES_PREFIX = 'llm.input_messages.';
export const LLM_OUTPUT_MESSAGES_PREFIX = 'llm.output_messages.';
const EMBEDDING_MODEL_NAME = 'embedding.model_name';
const TOOL_NAME = 'tool.name';
const TOOL_DESCRIPTION = 'tool.description';
const AGENT_NAME = 'agent.name';
const SESSION_ID = 'session.id';

/** OpenInference span kinds and the conventions' operation each means. */
const OPERATION_BY_KIND: Readonly<Record<string, string>> = {
  LLM: GEN_AI_OPERATION_NAME_VALUE_CHAT,
  EMBEDDING: GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
  TOOL: GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  AGENT: GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
};

function invocationParameters(normalization: Normalization): Record<string, unknown> {
  const raw = normalization.readString(LLM_INVOCATION_PARAMETERS);
  if (raw === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function messagesUnder(normalization: Normalization, prefix: string, output: boolean): ConventionsMessage[] {
  const keys = normalization.keysWithPrefix(prefix);
  const messages: ConventionsMessage[] = [];
  for (const index of indicesUnder(keys, prefix)) {
    const base = `${prefix}${index}.message.`;
    const parts: ConventionsPart[] = [];
    const content = normalization.readString(`${base}content`);
    if (content !== undefined) parts.push({ type: 'text', content });
    for (const part of indicesUnder(keys, `${base}contents.`)) {
      const text = normalization.readString(`${base}contents.${part}.message_content.text`);
      if (text !== undefined) parts.push({ type: 'text', content: text });
    }
    const toolCallId = normalization.readString(`${base}tool_call_id`);
    const role = normalization.readString(`${base}role`) ?? (output ? 'assistant' : 'user');
    if (role === 'tool' && parts.length > 0) {
      const response = parts.map((part) => part.content).join('');
      parts.splice(0, parts.length, { type: 'tool_call_response', id: toolCallId, response });
    }
    const toolCalls = indicesUnder(keys, `${base}tool_calls.`);
    for (const call of toolCalls) {
      const callBase = `${base}tool_calls.${call}.tool_call.`;
      const name = normalization.readString(`${callBase}function.name`);
      if (name === undefined) continue;
      parts.push({
        type: 'tool_call',
        id: normalization.readString(`${callBase}id`),
        name,
        arguments: parsedArguments(normalization.read(`${callBase}function.arguments`)),
      });
    }
    const message: ConventionsMessage = { role, parts };
    const name = normalization.readString(`${base}name`);
    if (name !== undefined) message.name = name;
    if (output) message.finish_reason = conventionsFinishReason(undefined, toolCalls.length > 0);
    messages.push(message);
  }
  return messages;
}

/**
 * OpenInference: span kind to operation; the request model from `llm.invocation_parameters` (its `llm.model_name`
 * is the dated model the response names, so it becomes `gen_ai.response.model`); token counts including cache
 * reads and writes and reasoning; flattened messages to the conventions' message JSON.
 */
export function normalizeOpenInference(normalization: Normalization, spanName: string): void {
  const kind = normalization.readString(OPENINFERENCE_SPAN_KIND);
  if (kind === undefined) return;
  const operation = OPERATION_BY_KIND[kind.toUpperCase()];
  normalization.set(ATTR_GEN_AI_OPERATION_NAME, operation);
  if (operation === GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL) {
    normalization.set(ATTR_GEN_AI_TOOL_NAME, normalization.readString(TOOL_NAME) ?? spanName);
    normalization.set(ATTR_GEN_AI_TOOL_DESCRIPTION, normalization.readString(TOOL_DESCRIPTION));
  }
  if (operation === GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT) {
    normalization.set(ATTR_GEN_AI_AGENT_NAME, normalization.readString(AGENT_NAME) ?? spanName);
  }
  normalization.set(ATTR_GEN_AI_CONVERSATION_ID, normalization.readString(SESSION_ID));
  if (operation !== GEN_AI_OPERATION_NAME_VALUE_CHAT && operation !== GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS) return;

  const provider = normalization.readString(LLM_PROVIDER) ?? normalization.readString(LLM_SYSTEM);
  normalization.set(ATTR_GEN_AI_PROVIDER_NAME, conventionsProviderName(provider));
  const parameters = invocationParameters(normalization);
  const responseModel = normalization.readString(LLM_MODEL_NAME) ?? normalization.readString(EMBEDDING_MODEL_NAME);
  const requestModel = typeof parameters.model === 'string' && parameters.model !== '' ? parameters.model : undefined;
  normalization.set(ATTR_GEN_AI_REQUEST_MODEL, requestModel ?? responseModel);
  normalization.set(ATTR_GEN_AI_RESPONSE_MODEL, responseModel);
  normalization.set(
    ATTR_GEN_AI_REQUEST_MAX_TOKENS,
    numberOf(parameters.max_completion_tokens) ?? numberOf(parameters.max_tokens),
  );
  normalization.set(ATTR_GEN_AI_REQUEST_TEMPERATURE, numberOf(parameters.temperature));
  normalization.set(ATTR_GEN_AI_REQUEST_TOP_P, numberOf(parameters.top_p));
  normalization.set(ATTR_GEN_AI_REQUEST_SEED, numberOf(parameters.seed));

  normalization.set(ATTR_GEN_AI_USAGE_INPUT_TOKENS, normalization.readCount(LLM_TOKEN_COUNT_PROMPT));
  normalization.set(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, normalization.readCount(LLM_TOKEN_COUNT_COMPLETION));
  normalization.set(ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, normalization.readCount(LLM_TOKEN_COUNT_CACHE_READ));
  normalization.set(
    ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
    normalization.readCount(LLM_TOKEN_COUNT_CACHE_WRITE),
  );
  normalization.set(ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, normalization.readCount(LLM_TOKEN_COUNT_REASONING));

  normalization.setMessages('input', messagesUnder(normalization, LLM_INPUT_MESSAGES_PREFIX, false));
  normalization.setMessages('output', messagesUnder(normalization, LLM_OUTPUT_MESSAGES_PREFIX, true));
}
