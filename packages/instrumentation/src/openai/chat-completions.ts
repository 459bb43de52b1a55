import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_REQUEST_CHOICE_COUNT,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  OPENAI_API_TYPE_VALUE_CHAT_COMPLETIONS,
} from '@driftwatch/semconv';
import type { Attributes, Span } from '@opentelemetry/api';
import { chatInputMessages, chatOutputMessage, toolDefinitions } from '../content/chat-messages';
import { setContentAttribute } from '../content/content-attribute';
import type { ResponseDetails } from '../genai/response-details';
import { asArray, asCount, asRecord, asString, type UnknownRecord } from '../internal/readers';
import { readChatEnvelope } from './chat-envelope';
import { ChatStreamRecorder } from './chat-stream-recorder';
import type { OperationAdapter } from './operation-adapter';
import { setOutputTypeAttribute, setSamplingAttributes } from './request-attributes';
import { readUsage } from './usage';

/** `chat.completions.create` (and the helpers built on it: `parse`, `stream`, `runTools`). */
export const chatCompletionsAdapter: OperationAdapter = {
  operationName: GEN_AI_OPERATION_NAME_VALUE_CHAT,
  apiType: OPENAI_API_TYPE_VALUE_CHAT_COMPLETIONS,
  canRequestStreamUsage: true,

  requestAttributes(body: UnknownRecord, attributes: Attributes): void {
    const maxTokens = asCount(body.max_completion_tokens) ?? asCount(body.max_tokens);
    if (maxTokens !== undefined) attributes[ATTR_GEN_AI_REQUEST_MAX_TOKENS] = maxTokens;
    const choices = asCount(body.n);
    if (choices !== undefined && choices !== 1) attributes[ATTR_GEN_AI_REQUEST_CHOICE_COUNT] = choices;
    setSamplingAttributes(body, attributes);
    setOutputTypeAttribute(body.response_format, attributes);
  },

  captureInput(body: UnknownRecord, span: Span, maxLength: number): void {
    setContentAttribute(span, ATTR_GEN_AI_INPUT_MESSAGES, chatInputMessages(body.messages), maxLength);
    if (body.tools !== undefined) {
      setContentAttribute(span, ATTR_GEN_AI_TOOL_DEFINITIONS, toolDefinitions(body.tools), maxLength);
    }
  },

  readResponse(result: unknown, captureContent: boolean): ResponseDetails {
    const details: ResponseDetails = {};
    const record = asRecord(result);
    if (record === undefined) return details;
    readChatEnvelope(record, details);
    readUsage(record.usage, details);
    const choices = asArray(record.choices) ?? [];
    const finishReasons: string[] = [];
    const outputMessages: unknown[] = [];
    for (const item of choices) {
      const choice = asRecord(item);
      const finishReason = asString(choice?.finish_reason);
      if (finishReason !== undefined) finishReasons.push(finishReason);
      if (captureContent && choice !== undefined) {
        const message = asRecord(choice.message);
        outputMessages.push(
          chatOutputMessage({
            role: asString(message?.role),
            content: message?.content,
            refusal: message?.refusal,
            toolCalls: message?.tool_calls,
            finishReason,
          }),
        );
      }
    }
    details.finishReasons = finishReasons;
    if (captureContent) details.outputMessages = outputMessages;
    return details;
  },

  createStreamRecorder(options) {
    return new ChatStreamRecorder(options);
  },
};
