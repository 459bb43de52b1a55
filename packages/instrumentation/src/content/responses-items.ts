import type { InputMessage, OutputMessage } from '@driftwatch/processors';
import { asArray, asRecord, asString } from '../internal/readers';
import { contentParts, type MessagePart, parseJsonText, textPart } from './message-parts';

/** Responses API `input` (a string or input items) as the conventions' input messages. */
export function responsesInputMessages(input: unknown): InputMessage[] {
  if (typeof input === 'string') return [{ role: 'user', parts: [textPart(input)] }];
  const result: InputMessage[] = [];
  for (const value of asArray(input) ?? []) {
    const item = asRecord(value);
    if (item === undefined) continue;
    const type = asString(item.type);
    if (type === 'function_call' || type === 'custom_tool_call') {
      result.push({ role: 'assistant', parts: [toolCallPart(item)] });
    } else if (type === 'function_call_output' || type === 'custom_tool_call_output') {
      result.push({
        role: 'tool',
        parts: [{ type: 'tool_call_response', id: asString(item.call_id), response: item.output }],
      });
    } else if (item.role !== undefined) {
      result.push({ role: asString(item.role) ?? 'user', parts: contentParts(item.content) });
    } else if (type !== undefined) {
      result.push({ role: 'user', parts: [{ type }] });
    }
  }
  return result;
}

/** A `function_call` (JSON arguments) or `custom_tool_call` (free-form input) item as a tool call part. */
function toolCallPart(item: Record<string, unknown>): MessagePart {
  return {
    type: 'tool_call',
    id: asString(item.call_id),
    name: asString(item.name) ?? '',
    arguments: item.type === 'custom_tool_call' ? item.input : parseJsonText(item.arguments),
  };
}

/** Responses API `output` items as one assistant output message. */
export function responsesOutputMessage(output: unknown, finishReason: string): OutputMessage {
  const parts: MessagePart[] = [];
  for (const value of asArray(output) ?? []) {
    const item = asRecord(value);
    const type = asString(item?.type);
    if (item === undefined) continue;
    if (type === 'message') {
      parts.push(...contentParts(item.content));
    } else if (type === 'function_call' || type === 'custom_tool_call') {
      parts.push(toolCallPart(item));
    } else if (type === 'reasoning') {
      for (const summary of asArray(item.summary) ?? []) {
        const text = asString(asRecord(summary)?.text);
        if (text !== undefined) parts.push({ type: 'reasoning', content: text });
      }
    } else if (type !== undefined) {
      parts.push({ type: 'server_tool_call', name: type, id: asString(item.id), server_tool_call: { type } });
    }
  }
  return { role: 'assistant', parts, finish_reason: finishReason === 'tool_calls' ? 'tool_call' : finishReason };
}
