import type { InputMessage, OutputMessage, ToolDefinition } from '@driftwatch/processors';
import { type MessagePart, textPart } from '../content/message-parts';
import { asArray, asRecord, asString, type UnknownRecord } from '../internal/readers';

/** Stop reasons in the output-messages schema's vocabulary; others pass through as they are. */
const SCHEMA_FINISH_REASONS: Readonly<Record<string, string>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_call',
  refusal: 'content_filter',
};

/** The objects of an array (content blocks, messages, tools); anything else in it is skipped. */
function recordsOf(value: unknown): UnknownRecord[] {
  return (asArray(value) ?? []).map(asRecord).filter((record) => record !== undefined);
}

function sourcePart(source: UnknownRecord | undefined, modality: string): MessagePart {
  const type = asString(source?.type);
  if (type === 'base64') {
    return { type: 'blob', modality, mime_type: asString(source?.media_type), content: asString(source?.data) ?? '' };
  }
  if (type === 'url') return { type: 'uri', modality, uri: asString(source?.url) ?? '' };
  if (type === 'file') return { type: 'file', modality, file_id: asString(source?.file_id) ?? '' };
  if (type === 'text') return textPart(asString(source?.data) ?? '');
  return { type: type ?? modality };
}

/** A tool result's content: its text when that is all it holds, else its blocks as parts. */
function toolResponse(content: unknown): unknown {
  if (typeof content === 'string' || content === undefined) return content ?? '';
  const parts = contentBlockParts(content);
  return parts.every((part) => part.type === 'text')
    ? parts.map((part) => (part as { content: string }).content).join('\n')
    : parts;
}

/** One Messages API content block as a part of the conventions' message schema. */
function blockPart(block: UnknownRecord): MessagePart {
  const type = asString(block.type) ?? 'unknown';
  switch (type) {
    case 'text':
      return textPart(asString(block.text) ?? '');
    case 'thinking':
      return { type: 'reasoning', content: asString(block.thinking) ?? '' };
    case 'tool_use':
      return { type: 'tool_call', id: asString(block.id), name: asString(block.name) ?? '', arguments: block.input };
    case 'tool_result':
      return { type: 'tool_call_response', id: asString(block.tool_use_id), response: toolResponse(block.content) };
    case 'server_tool_use':
      return {
        type: 'server_tool_call',
        id: asString(block.id),
        name: asString(block.name) ?? '',
        server_tool_call: { type, input: block.input },
      };
    case 'image':
      return sourcePart(asRecord(block.source), 'image');
    case 'document':
      return sourcePart(asRecord(block.source), 'document');
    default:
      // The results of server tools (`web_search_tool_result`, `code_execution_tool_result`…) answer a call.
      if (type.endsWith('_tool_result')) {
        return {
          type: 'server_tool_call_response',
          id: asString(block.tool_use_id),
          server_tool_call_response: { type, content: block.content },
        };
      }
      return { type };
  }
}

/** The parts of a message content: a string, or an array of content blocks. */
function contentBlockParts(content: unknown): MessagePart[] {
  return typeof content === 'string' ? [textPart(content)] : recordsOf(content).map(blockPart);
}

/** The `system` parameter (a string or text blocks) as the conventions' system instructions. */
export function anthropicSystemInstructions(system: unknown): MessagePart[] {
  return contentBlockParts(system);
}

/**
 * `messages` as the conventions' input messages. A user message that only carries tool results is the `tool`
 * turn of the conversation, as in OpenAI's chat API, so both providers' tool loops read the same.
 */
export function anthropicInputMessages(messages: unknown): InputMessage[] {
  return recordsOf(messages).map((message) => {
    const parts = contentBlockParts(message.content);
    const toolTurn = parts.length > 0 && parts.every((part) => part.type === 'tool_call_response');
    return { role: toolTurn ? 'tool' : (asString(message.role) ?? 'user'), parts };
  });
}

/** The content of a Message (or the blocks a stream built) as one assistant output message. */
export function anthropicOutputMessage(content: unknown, stopReason: string | undefined): OutputMessage {
  const finishReason = stopReason === undefined ? 'stop' : (SCHEMA_FINISH_REASONS[stopReason] ?? stopReason);
  return { role: 'assistant', parts: contentBlockParts(content), finish_reason: finishReason };
}

/** `tools` as the conventions' tool definitions: custom tools as functions, server tools by their type. */
export function anthropicToolDefinitions(tools: unknown): ToolDefinition[] {
  return recordsOf(tools).map((tool): ToolDefinition => {
    const type = asString(tool.type);
    const name = asString(tool.name) ?? type ?? 'unknown';
    if (type !== undefined && type !== 'custom') return { type, name };
    const definition: { type: string; name: string; description?: unknown; parameters?: unknown } = {
      type: 'function',
      name,
    };
    if (tool.description !== undefined) definition.description = tool.description;
    if (tool.input_schema !== undefined) definition.parameters = tool.input_schema;
    return definition;
  });
}
