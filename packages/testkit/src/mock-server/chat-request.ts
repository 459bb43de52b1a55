import { contentText } from './content-text';
import {
  type Conversation,
  InvalidRequestError,
  type ResponseFormat,
  reportedServiceTier,
  requireModel,
  type ToolChoice,
  type ToolDefinition,
} from './conversation';
import { asArray, asNumber, asRecord, asString, type JsonRecord } from './json-values';

function messageText(message: JsonRecord): string {
  const toolCalls = asArray(message['tool_calls']) ?? [];
  const toolCallTexts = toolCalls.map((call) => {
    const callFunction = asRecord(asRecord(call)?.['function']);
    return (asString(callFunction?.['name']) ?? '') + (asString(callFunction?.['arguments']) ?? '');
  });
  return [contentText(message['content']), ...toolCallTexts].join('');
}

function chatTools(body: JsonRecord): ToolDefinition[] {
  return (asArray(body['tools']) ?? []).flatMap((tool) => {
    const toolFunction = asRecord(asRecord(tool)?.['function']);
    const name = asString(toolFunction?.['name']);
    return name ? [{ name, parameters: toolFunction?.['parameters'] }] : [];
  });
}

function chatToolChoice(value: unknown): ToolChoice {
  if (value === 'none' || value === 'required' || value === 'auto') return { mode: value };
  const name = asString(asRecord(asRecord(value)?.['function'])?.['name']);
  return name ? { mode: 'named', name } : { mode: 'auto' };
}

function chatResponseFormat(value: unknown): ResponseFormat {
  const format = asRecord(value);
  if (format?.['type'] === 'json_object') return { type: 'json_object' };
  if (format?.['type'] === 'json_schema') {
    return { type: 'json_schema', schema: asRecord(format['json_schema'])?.['schema'] };
  }
  return { type: 'text' };
}

/** Reads a `POST /chat/completions` body; throws InvalidRequestError where the real API answers 400. */
export function parseChatRequest(body: JsonRecord): Conversation {
  const requestModel = requireModel(body);
  const messages = (asArray(body['messages']) ?? []).map((message) => asRecord(message) ?? {});
  if (messages.length === 0) {
    throw new InvalidRequestError({ message: "Invalid 'messages': empty array.", param: 'messages' });
  }
  const lastMessage = messages[messages.length - 1] ?? {};
  const lastTurn = lastMessage['role'] === 'tool' || lastMessage['role'] === 'function' ? 'tool' : 'user';
  const lastUser = messages.findLast((message) => message['role'] === 'user');
  return {
    requestModel,
    messageTexts: messages.map(messageText),
    lastUserText: lastUser ? contentText(lastUser['content']) : '',
    lastTurn,
    lastToolOutput: lastTurn === 'tool' ? contentText(lastMessage['content']) : '',
    tools: chatTools(body),
    toolChoice: chatToolChoice(body['tool_choice']),
    responseFormat: chatResponseFormat(body['response_format']),
    maxOutputTokens: asNumber(body['max_completion_tokens']) ?? asNumber(body['max_tokens']),
    choiceCount: Math.max(1, Math.floor(asNumber(body['n']) ?? 1)),
    serviceTier: reportedServiceTier(body['service_tier']),
    stream: body['stream'] === true,
  };
}
