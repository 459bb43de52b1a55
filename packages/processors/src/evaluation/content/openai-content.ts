import { asArray, asRecord, asString } from '../../internal/readers';
import type { ContentMessage, RequestedFormat } from '../types';
import { type CallOutput, normalRole, OutputBuilder, requestedFormatOf, textOf } from './call-content';

/** Chat Completions `messages`. */
export function chatInputMessages(request: unknown): ContentMessage[] {
  const messages: ContentMessage[] = [];
  for (const item of asArray(asRecord(request)?.messages) ?? []) {
    const message = asRecord(item);
    if (message !== undefined) messages.push({ role: normalRole(message.role), text: textOf(message.content) });
  }
  return messages;
}

/** Every choice of a chat completion: content, refusal and tool calls. */
export function chatOutput(response: unknown): CallOutput {
  const output = new OutputBuilder();
  for (const item of asArray(asRecord(response)?.choices) ?? []) {
    const message = asRecord(asRecord(item)?.message);
    if (message === undefined) continue;
    output.addMessageText(textOf(message.content));
    output.addRefusal(asString(message.refusal));
    for (const call of asArray(message.tool_calls) ?? []) {
      const fn = asRecord(asRecord(call)?.function);
      if (fn !== undefined) output.addToolCall(fn.name, fn.arguments);
    }
  }
  return output.build();
}

export function chatRequestedFormat(request: unknown): RequestedFormat | undefined {
  return requestedFormatOf(asRecord(request)?.response_format);
}

/** Responses `instructions` and `input` (a string, or items: messages, function calls and their outputs). */
export function responsesInputMessages(request: unknown): ContentMessage[] {
  const body = asRecord(request);
  const messages: ContentMessage[] = [];
  const instructions = asString(body?.instructions);
  if (instructions !== undefined) messages.push({ role: 'system', text: instructions });
  const input = body?.input;
  if (typeof input === 'string') {
    messages.push({ role: 'user', text: input });
    return messages;
  }
  for (const entry of asArray(input) ?? []) {
    const item = asRecord(entry);
    if (item === undefined) continue;
    if (item.type === 'function_call_output' || item.type === 'custom_tool_call_output') {
      messages.push({ role: 'tool', text: textOf(item.output) });
    } else if (item.type === 'function_call' || item.type === 'custom_tool_call') {
      messages.push({ role: 'assistant', text: '' });
    } else if (item.role !== undefined) {
      messages.push({ role: normalRole(item.role), text: textOf(item.content) });
    }
  }
  return messages;
}

/** A Response's `output` items: message text and refusals, function calls. */
export function responsesOutput(response: unknown): CallOutput {
  const output = new OutputBuilder();
  for (const entry of asArray(asRecord(response)?.output) ?? []) {
    const item = asRecord(entry);
    if (item?.type === 'function_call' || item?.type === 'custom_tool_call') {
      output.addToolCall(item.name, item.arguments ?? item.input);
      continue;
    }
    if (item?.type !== 'message') continue;
    let text = '';
    for (const part of asArray(item.content) ?? []) {
      const record = asRecord(part);
      if (record?.type === 'refusal') output.addRefusal(asString(record.refusal));
      else text += asString(record?.text) ?? '';
    }
    output.addMessageText(text);
  }
  return output.build();
}

export function responsesRequestedFormat(request: unknown): RequestedFormat | undefined {
  return requestedFormatOf(asRecord(asRecord(request)?.text)?.format);
}
