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

function inputItems(input: unknown): JsonRecord[] {
  const text = asString(input);
  if (text !== undefined) return [{ role: 'user', content: text }];
  const items = asArray(input);
  if (!items || items.length === 0) {
    throw new InvalidRequestError({
      message: "Invalid 'input': expected a string or a non-empty array.",
      param: 'input',
    });
  }
  return items.map((item) => asRecord(item) ?? {});
}

function itemText(item: JsonRecord): string {
  if (item['type'] === 'function_call') {
    return (asString(item['name']) ?? '') + (asString(item['arguments']) ?? '');
  }
  if (item['type'] === 'function_call_output') return contentText(item['output']);
  return contentText(item['content']);
}

function responsesTools(body: JsonRecord): ToolDefinition[] {
  return (asArray(body['tools']) ?? []).flatMap((value) => {
    const tool = asRecord(value);
    const name = asString(tool?.['name']);
    return tool?.['type'] === 'function' && name ? [{ name, parameters: tool['parameters'] }] : [];
  });
}

function responsesToolChoice(value: unknown): ToolChoice {
  if (value === 'none' || value === 'required' || value === 'auto') return { mode: value };
  const choice = asRecord(value);
  const name = asString(choice?.['name']);
  return choice?.['type'] === 'function' && name ? { mode: 'named', name } : { mode: 'auto' };
}

function responsesFormat(body: JsonRecord): ResponseFormat {
  const format = asRecord(asRecord(body['text'])?.['format']);
  if (format?.['type'] === 'json_object') return { type: 'json_object' };
  if (format?.['type'] === 'json_schema') return { type: 'json_schema', schema: format['schema'] };
  return { type: 'text' };
}

/** Reads a `POST /responses` body; throws InvalidRequestError where the real API answers 400. */
export function parseResponsesRequest(body: JsonRecord): Conversation {
  const requestModel = requireModel(body);
  const items = inputItems(body['input']);
  const instructions = asString(body['instructions']);
  const lastItem = items[items.length - 1] ?? {};
  const lastTurn = lastItem['type'] === 'function_call_output' ? 'tool' : 'user';
  const lastUser = items.findLast((item) => item['role'] === 'user');
  return {
    requestModel,
    messageTexts: [...(instructions ? [instructions] : []), ...items.map(itemText)],
    lastUserText: lastUser ? contentText(lastUser['content']) : '',
    lastTurn,
    lastToolOutput: lastTurn === 'tool' ? itemText(lastItem) : '',
    tools: responsesTools(body),
    toolChoice: responsesToolChoice(body['tool_choice']),
    responseFormat: responsesFormat(body),
    maxOutputTokens: asNumber(body['max_output_tokens']),
    choiceCount: 1,
    serviceTier: reportedServiceTier(body['service_tier']),
    stream: body['stream'] === true,
  };
}
