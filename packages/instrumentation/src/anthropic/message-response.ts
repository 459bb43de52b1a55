import type { CallInput } from '../content/call-input';
import { requestedFormatOf } from '../content/requested-format';
import type { ResponseDetails } from '../genai/response-details';
import { asRecord, asString, type UnknownRecord } from '../internal/readers';
import {
  anthropicInputMessages,
  anthropicOutputMessage,
  anthropicSystemInstructions,
  anthropicToolDefinitions,
} from './message-content';
import { AnthropicUsageCounts } from './usage';

/** The request content of a Messages API call: system prompt, messages, tool definitions, structured output. */
export function messagesCallInput(body: UnknownRecord): CallInput {
  return {
    systemInstructions: body.system === undefined ? undefined : anthropicSystemInstructions(body.system),
    inputMessages: anthropicInputMessages(body.messages),
    toolDefinitions: body.tools === undefined ? undefined : anthropicToolDefinitions(body.tools),
    requestedFormat: requestedFormatOf(asRecord(asRecord(body.output_config)?.format) ?? body.output_format),
  };
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
