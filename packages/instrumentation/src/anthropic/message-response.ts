import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
} from '@driftwatch/semconv';
import type { Span } from '@opentelemetry/api';
import { setContentAttribute } from '../content/content-attribute';
import type { ResponseDetails } from '../genai/response-details';
import { asRecord, asString, type UnknownRecord } from '../internal/readers';
import {
  anthropicInputMessages,
  anthropicOutputMessage,
  anthropicSystemInstructions,
  anthropicToolDefinitions,
} from './message-content';
import { AnthropicUsageCounts } from './usage';

/** Records the request content of a Messages API call: system prompt, messages and tool definitions. */
export function captureMessagesInput(body: UnknownRecord, span: Span, maxLength: number): void {
  if (body.system !== undefined) {
    setContentAttribute(span, ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, anthropicSystemInstructions(body.system), maxLength);
  }
  setContentAttribute(span, ATTR_GEN_AI_INPUT_MESSAGES, anthropicInputMessages(body.messages), maxLength);
  if (body.tools !== undefined) {
    setContentAttribute(span, ATTR_GEN_AI_TOOL_DEFINITIONS, anthropicToolDefinitions(body.tools), maxLength);
  }
}

/** Reads a Message (what `messages.create` resolves to without `stream`). */
export function readMessage(result: unknown, captureContent: boolean): ResponseDetails {
  const details: ResponseDetails = {};
  const message = asRecord(result);
  if (message === undefined) return details;
  details.id = asString(message.id);
  details.model = asString(message.model);
  const stopReason = asString(message.stop_reason);
  if (stopReason !== undefined) details.finishReasons = [stopReason];
  const usage = new AnthropicUsageCounts();
  usage.merge(message.usage, { output: true });
  usage.applyTo(details);
  if (captureContent) details.outputMessages = [anthropicOutputMessage(message.content, stopReason)];
  return details;
}
