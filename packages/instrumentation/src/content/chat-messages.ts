import type { InputMessage, OutputMessage, ToolDefinition } from '@driftwatch/processors';
import { asArray, asRecord, asString } from '../internal/readers';
import { contentParts, type MessagePart, parseJsonText, schemaFinishReason } from './message-parts';

function toolCallParts(toolCalls: unknown): MessagePart[] {
  const parts: MessagePart[] = [];
  for (const item of asArray(toolCalls) ?? []) {
    const call = asRecord(item);
    const fn = asRecord(call?.function);
    if (call === undefined || fn === undefined) continue;
    parts.push({
      type: 'tool_call',
      id: asString(call.id),
      name: asString(fn.name) ?? '',
      arguments: parseJsonText(fn.arguments),
    });
  }
  return parts;
}

/** Chat Completions `messages` as the conventions' input messages. */
export function chatInputMessages(messages: unknown): InputMessage[] {
  const result: InputMessage[] = [];
  for (const item of asArray(messages) ?? []) {
    const message = asRecord(item);
    if (message === undefined) continue;
    const role = asString(message.role) ?? 'user';
    if (role === 'tool') {
      result.push({
        role,
        parts: [{ type: 'tool_call_response', id: asString(message.tool_call_id), response: message.content }],
      });
      continue;
    }
    const parts = contentParts(message.content);
    parts.push(...toolCallParts(message.tool_calls));
    const name = asString(message.name);
    result.push(name === undefined ? { role, parts } : { role, parts, name });
  }
  return result;
}

/** One Chat Completions choice (`message` or accumulated stream deltas) as an output message. */
export function chatOutputMessage(options: {
  role: string | undefined;
  content: unknown;
  refusal: unknown;
  toolCalls: unknown;
  finishReason: string | undefined;
}): OutputMessage {
  const parts = contentParts(options.content);
  const refusal = asString(options.refusal);
  if (refusal !== undefined) parts.push({ type: 'refusal', content: refusal });
  parts.push(...toolCallParts(options.toolCalls));
  return { role: options.role ?? 'assistant', parts, finish_reason: schemaFinishReason(options.finishReason) };
}

/** Tool definitions of either API (`{ type, function: { … } }` or flat `{ type, name, … }`). */
export function toolDefinitions(tools: unknown): ToolDefinition[] {
  const result: ToolDefinition[] = [];
  for (const item of asArray(tools) ?? []) {
    const tool = asRecord(item);
    if (tool === undefined) continue;
    const definition = asRecord(tool.function) ?? tool;
    const type = asString(tool.type) ?? 'function';
    const name = asString(definition.name);
    const entry: { type: string; name: string; description?: unknown; parameters?: unknown } = {
      type,
      name: name ?? type,
    };
    if (definition.description !== undefined) entry.description = definition.description;
    if (definition.parameters !== undefined) entry.parameters = definition.parameters;
    result.push(entry);
  }
  return result;
}
