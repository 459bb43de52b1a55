import type { InputMessage, OutputMessage, ToolDefinition } from '@driftwatch/processors';
import { type MessagePart, parseJsonText, textPart } from '../../content/message-parts';
import { asArray, asRecord, asString } from '../../internal/readers';

/** The output-messages schema's finish reason for an AI SDK (unified) finish reason. */
export function schemaFinishReasonOf(unified: string | undefined): string {
  switch (unified) {
    case 'tool-calls':
      return 'tool_call';
    case 'content-filter':
      return 'content_filter';
    case undefined:
    case 'other':
    case 'unknown':
      return 'stop';
    default:
      return unified;
  }
}

/** The value of a tool result part (`{ type: 'json' | 'text', value }` in AI SDK 5+, the bare value before). */
function toolResultValue(output: unknown): unknown {
  const record = asRecord(output);
  return record !== undefined && 'value' in record && typeof record.type === 'string' ? record.value : output;
}

/** One AI SDK message part (prompt or response content) in the conventions' schema. */
function partOf(part: unknown): MessagePart | undefined {
  if (typeof part === 'string') return textPart(part);
  const record = asRecord(part);
  if (record === undefined) return undefined;
  switch (record.type) {
    case 'text':
      return textPart(asString(record.text) ?? '');
    case 'reasoning':
      return { type: 'reasoning', content: asString(record.text) ?? '' };
    case 'tool-call':
      return {
        type: 'tool_call',
        id: asString(record.toolCallId),
        name: asString(record.toolName) ?? '',
        arguments: parseJsonText(record.input ?? record.args),
      };
    case 'tool-result':
      return {
        type: 'tool_call_response',
        id: asString(record.toolCallId),
        response: toolResultValue(record.output ?? record.result),
      };
    case 'image':
    case 'file': {
      const mediaType = asString(record.mediaType) ?? asString(record.mimeType);
      const modality = record.type === 'image' || mediaType?.startsWith('image/') ? 'image' : 'file';
      return mediaType === undefined ? { type: 'file', modality } : { type: 'file', modality, mime_type: mediaType };
    }
    default:
      return typeof record.type === 'string' ? { type: record.type } : undefined;
  }
}

function partsOf(content: unknown): MessagePart[] {
  if (typeof content === 'string') return [textPart(content)];
  const parts: MessagePart[] = [];
  for (const item of asArray(content) ?? []) {
    const part = partOf(item);
    if (part !== undefined) parts.push(part);
  }
  return parts;
}

/** AI SDK messages (model messages, or the provider-level prompt) as the conventions' input messages. */
export function inputMessagesOf(messages: unknown): InputMessage[] {
  const result: InputMessage[] = [];
  for (const item of asArray(messages) ?? []) {
    const message = asRecord(item);
    if (message === undefined) continue;
    result.push({ role: asString(message.role) ?? 'user', parts: partsOf(message.content) });
  }
  return result;
}

/** The AI SDK's `instructions`/`system` (text or system messages) as system-instruction parts. */
export function systemInstructionsOf(instructions: unknown): MessagePart[] {
  if (typeof instructions === 'string') return instructions === '' ? [] : [textPart(instructions)];
  const messages = asArray(instructions) ?? (asRecord(instructions) === undefined ? [] : [instructions]);
  return messages.flatMap((message) => partsOf(asRecord(message)?.content));
}

/** A model call's content parts as one output message. */
export function outputMessageOf(content: unknown, finishReason: string | undefined): OutputMessage {
  return { role: 'assistant', parts: partsOf(content), finish_reason: schemaFinishReasonOf(finishReason) };
}

/** Tools as the model saw them (`{ type: 'function', name, description, inputSchema }`) as tool definitions. */
export function toolDefinitionsOf(tools: unknown): ToolDefinition[] {
  const result: ToolDefinition[] = [];
  for (const item of asArray(tools) ?? []) {
    const tool = asRecord(item);
    const name = asString(tool?.name);
    if (tool === undefined || name === undefined) continue;
    const definition: { type: string; name: string; description?: unknown; parameters?: unknown } = {
      type: asString(tool.type) ?? 'function',
      name,
    };
    if (typeof tool.description === 'string') definition.description = tool.description;
    const parameters = tool.inputSchema ?? tool.parameters;
    if (parameters !== undefined) definition.parameters = parameters;
    result.push(definition);
  }
  return result;
}
