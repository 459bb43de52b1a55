import { asArray, asRecord, asString } from '../../internal/readers';
import type { ContentMessage, RequestedFormat } from '../types';
import { type CallOutput, normalRole, OutputBuilder, requestedFormatOf, textOf } from './call-content';

/** One Messages API turn: a user turn's `tool_result` blocks become `tool` messages, the rest stays the turn's. */
function addTurn(messages: ContentMessage[], role: string, content: unknown): void {
  const blocks = asArray(content);
  if (blocks === undefined || role !== 'user') {
    messages.push({ role, text: textOf(content) });
    return;
  }
  const own: unknown[] = [];
  for (const block of blocks) {
    const record = asRecord(block);
    if (record?.type === 'tool_result') messages.push({ role: 'tool', text: textOf(record.content) });
    else own.push(block);
  }
  if (own.length > 0) messages.push({ role, text: textOf(own) });
}

/** Messages API `system` and `messages`. */
export function anthropicInputMessages(request: unknown): ContentMessage[] {
  const body = asRecord(request);
  const messages: ContentMessage[] = [];
  if (body?.system !== undefined) messages.push({ role: 'system', text: textOf(body.system) });
  for (const item of asArray(body?.messages) ?? []) {
    const message = asRecord(item);
    if (message !== undefined) addTurn(messages, normalRole(message.role), message.content);
  }
  return messages;
}

/** A Message's `content` blocks: text and tool uses (thinking is not output). */
export function anthropicOutput(response: unknown): CallOutput {
  const output = new OutputBuilder();
  let text = '';
  for (const entry of asArray(asRecord(response)?.content) ?? []) {
    const block = asRecord(entry);
    if (block?.type === 'text') text += asString(block.text) ?? '';
    else if (block?.type === 'tool_use' || block?.type === 'server_tool_use')
      output.addToolCall(block.name, block.input);
  }
  output.addMessageText(text);
  return output.build();
}

/** Structured outputs (`output_format: { type: 'json_schema', schema }`). */
export function anthropicRequestedFormat(request: unknown): RequestedFormat | undefined {
  return requestedFormatOf(asRecord(request)?.output_format);
}
