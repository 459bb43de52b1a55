import type { OutputMessage } from '@driftwatch/processors';
import {
  ATTR_GEN_AI_REQUEST_CHOICE_COUNT,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  OPENAI_API_TYPE_VALUE_CHAT_COMPLETIONS,
} from '@driftwatch/semconv';
import type { Attributes } from '@opentelemetry/api';
import type { CallInput } from '../content/call-input';
import { chatInputMessages, chatOutputMessage, toolDefinitions } from '../content/chat-messages';
import { requestedFormatOf } from '../content/requested-format';
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

  callInput(body: UnknownRecord): CallInput {
    return {
      inputMessages: chatInputMessages(body.messages),
      toolDefinitions: body.tools === undefined ? undefined : toolDefinitions(body.tools),
      requestedFormat: requestedFormatOf(body.response_format),
    };
  },

  readResponse(result: unknown, captureContent: boolean): ResponseDetails {
    const details: ResponseDetails = {};
    const record = asRecord(result);
    if (record === undefined) return details;
    readChatEnvelope(record, details);
    readUsage(record.usage, details);
    const choices = asArray(record.choices) ?? [];
    const finishReasons: string[] = [];
    const outputMessages: OutputMessage[] = [];
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
