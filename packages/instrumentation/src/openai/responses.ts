import {
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  OPENAI_API_TYPE_VALUE_RESPONSES,
} from '@driftwatch/semconv';
import type { Attributes, Span } from '@opentelemetry/api';
import { toolDefinitions } from '../content/chat-messages';
import { setContentAttribute } from '../content/content-attribute';
import { textPart } from '../content/message-parts';
import { responsesInputMessages } from '../content/responses-items';
import { asCount, asRecord, asString, type UnknownRecord } from '../internal/readers';
import type { OperationAdapter } from './operation-adapter';
import { setOutputTypeAttribute, setSamplingAttributes } from './request-attributes';
import { readResponseObject } from './response-object';
import { ResponsesStreamRecorder } from './responses-stream-recorder';

/** `responses.create` (and the helpers built on it: `parse`, `stream`). */
export const responsesAdapter: OperationAdapter = {
  operationName: GEN_AI_OPERATION_NAME_VALUE_CHAT,
  apiType: OPENAI_API_TYPE_VALUE_RESPONSES,
  canRequestStreamUsage: false,

  requestAttributes(body: UnknownRecord, attributes: Attributes): void {
    const maxTokens = asCount(body.max_output_tokens);
    if (maxTokens !== undefined) attributes[ATTR_GEN_AI_REQUEST_MAX_TOKENS] = maxTokens;
    setSamplingAttributes(body, attributes);
    setOutputTypeAttribute(asRecord(body.text)?.format, attributes);
    const conversation = body.conversation;
    const conversationId = typeof conversation === 'string' ? conversation : asString(asRecord(conversation)?.id);
    if (conversationId !== undefined) attributes[ATTR_GEN_AI_CONVERSATION_ID] = conversationId;
  },

  captureInput(body: UnknownRecord, span: Span, maxLength: number): void {
    const instructions = asString(body.instructions);
    if (instructions !== undefined) {
      setContentAttribute(span, ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, [textPart(instructions)], maxLength);
    }
    setContentAttribute(span, ATTR_GEN_AI_INPUT_MESSAGES, responsesInputMessages(body.input), maxLength);
    if (body.tools !== undefined) {
      setContentAttribute(span, ATTR_GEN_AI_TOOL_DEFINITIONS, toolDefinitions(body.tools), maxLength);
    }
  },

  readResponse: readResponseObject,

  createStreamRecorder(options) {
    return new ResponsesStreamRecorder(options);
  },
};
