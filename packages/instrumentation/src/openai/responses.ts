import {
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  OPENAI_API_TYPE_VALUE_RESPONSES,
} from '@driftwatch/semconv';
import type { Attributes } from '@opentelemetry/api';
import type { CallInput } from '../content/call-input';
import { toolDefinitions } from '../content/chat-messages';
import { textPart } from '../content/message-parts';
import { requestedFormatOf } from '../content/requested-format';
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

  callInput(body: UnknownRecord): CallInput {
    const instructions = asString(body.instructions);
    return {
      systemInstructions: instructions === undefined ? undefined : [textPart(instructions)],
      inputMessages: responsesInputMessages(body.input),
      toolDefinitions: body.tools === undefined ? undefined : toolDefinitions(body.tools),
      requestedFormat: requestedFormatOf(asRecord(body.text)?.format),
    };
  },

  readResponse: readResponseObject,

  createStreamRecorder(options) {
    return new ResponsesStreamRecorder(options);
  },
};
