import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW,
  GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION,
} from '@driftwatch/semconv';
import {
  type ConventionsMessage,
  type ConventionsPart,
  conventionsFinishReason,
  indicesUnder,
  parsedArguments,
} from './conventions-messages';
import type { Normalization } from './normalization';

/** OpenLLMetry's (traceloop) attributes, as its instrumentations write them. */
const TRACELOOP_SPAN_KIND = 'traceloop.span.kind';
const TRACELOOP_ENTITY_NAME = 'traceloop.entity.name';
const LLM_REQUEST_TYPE = 'llm.request.type';
const LLM_IS_STREAMING = 'llm.is_streaming';
export const GEN_AI_PROMPT_PREFIX = 'gen_ai.prompt.';
export const GEN_AI_COMPLETION_PREFIX = 'gen_ai.completion.';
const USAGE_CACHE_READ = 'gen_ai.usage.cache_read_input_tokens';
const USAGE_CACHE_CREATION = 'gen_ai.usage.cache_creation_input_tokens';
const USAGE_REASONING = 'gen_ai.usage.reasoning_tokens';
const OPENAI_SYSTEM_FINGERPRINT = 'gen_ai.openai.system_fingerprint';

const OPERATION_BY_REQUEST_TYPE: Readonly<Record<string, string>> = {
  chat: GEN_AI_OPERATION_NAME_VALUE_CHAT,
  completion: GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION,
  embedding: GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
};

const OPERATION_BY_SPAN_KIND: Readonly<Record<string, string>> = {
  workflow: GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW,
  agent: GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
  tool: GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
};

function messagesUnder(normalization: Normalization, prefix: string, output: boolean): ConventionsMessage[] {
  const keys = normalization.keysWithPrefix(prefix);
  const messages: ConventionsMessage[] = [];
  for (const index of indicesUnder(keys, prefix)) {
    const base = `${prefix}${index}.`;
    const parts: ConventionsPart[] = [];
    const role = normalization.readString(`${base}role`) ?? (output ? 'assistant' : 'user');
    const content = normalization.readString(`${base}content`);
    const toolCallId = normalization.readString(`${base}tool_call_id`);
    if (content !== undefined) {
      parts.push(
        role === 'tool' ? { type: 'tool_call_response', id: toolCallId, response: content } : { type: 'text', content },
      );
    }
    const toolCalls = indicesUnder(keys, `${base}tool_calls.`);
    for (const call of toolCalls) {
      const name = normalization.readString(`${base}tool_calls.${call}.name`);
      if (name === undefined) continue;
      parts.push({
        type: 'tool_call',
        id: normalization.readString(`${base}tool_calls.${call}.id`),
        name,
        arguments: parsedArguments(normalization.read(`${base}tool_calls.${call}.arguments`)),
      });
    }
    const message: ConventionsMessage = { role, parts };
    if (output) {
      const reason = normalization.readString(`${base}finish_reason`);
      message.finish_reason = conventionsFinishReason(reason, toolCalls.length > 0);
    }
    messages.push(message);
  }
  return messages;
}

/**
 * OpenLLMetry: `llm.request.type` and `traceloop.span.kind` to operations, the entity name to the agent or tool
 * name, its cache and reasoning token names, `gen_ai.prompt.N.*`/`gen_ai.completion.N.*` to the conventions'
 * message JSON. (Its `gen_ai.system` and prompt/completion token names are the older conventions': see legacy.)
 */
export function normalizeOpenLlmetry(normalization: Normalization): void {
  const requestType = normalization.readString(LLM_REQUEST_TYPE);
  const spanKind = normalization.readString(TRACELOOP_SPAN_KIND);
  const operation =
    (requestType === undefined ? undefined : OPERATION_BY_REQUEST_TYPE[requestType]) ??
    (spanKind === undefined ? undefined : OPERATION_BY_SPAN_KIND[spanKind]);
  normalization.set(ATTR_GEN_AI_OPERATION_NAME, operation);
  const entityName = normalization.readString(TRACELOOP_ENTITY_NAME);
  if (operation === GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT) normalization.set(ATTR_GEN_AI_AGENT_NAME, entityName);
  if (operation === GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL) normalization.set(ATTR_GEN_AI_TOOL_NAME, entityName);

  normalization.set(ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, normalization.readCount(USAGE_CACHE_READ));
  normalization.set(ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, normalization.readCount(USAGE_CACHE_CREATION));
  normalization.set(ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, normalization.readCount(USAGE_REASONING));
  normalization.set(ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT, normalization.readString(OPENAI_SYSTEM_FINGERPRINT));
  const streaming = normalization.read(LLM_IS_STREAMING);
  if (streaming === true) normalization.set(ATTR_GEN_AI_REQUEST_STREAM, true);

  normalization.setMessages('input', messagesUnder(normalization, GEN_AI_PROMPT_PREFIX, false));
  normalization.setMessages('output', messagesUnder(normalization, GEN_AI_COMPLETION_PREFIX, true));
}
