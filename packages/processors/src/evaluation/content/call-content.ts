import type { CallContent, MessagePart, RequestedFormat } from '../../content-contract';
import { asArray, asRecord, asString } from '../../internal/readers';
import type { ContentMessage, ModelToolCall } from '../types';

/** What a call's output messages said, as the evaluators read it. */
export interface CallOutput {
  /** Every message's (or choice's) text, joined by a newline. */
  readonly text: string;
  /** The text of each message or choice. */
  readonly texts: readonly string[];
  readonly refusal: string | undefined;
  readonly toolCalls: readonly ModelToolCall[];
}

export const EMPTY_OUTPUT: CallOutput = { text: '', texts: [], refusal: undefined, toolCalls: [] };
export const TEXT_FORMAT: RequestedFormat = { type: 'text' };

/** Nested content (a tool result holding parts holding parts) is read this deep. */
const MAX_CONTENT_DEPTH = 3;

/**
 * The text of a value handed back as a tool result: a string as it is; parts (`{ type: 'text', content }`, or
 * `{ text }`) joined by a newline; any other value as JSON.
 */
export function textOf(content: unknown, depth = 0): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  const parts = asArray(content);
  if (parts === undefined) {
    try {
      return JSON.stringify(content) ?? '';
    } catch {
      return '';
    }
  }
  if (depth >= MAX_CONTENT_DEPTH) return '';
  let text = '';
  for (const part of parts) {
    let piece: string | undefined;
    if (typeof part === 'string') piece = part;
    else {
      const record = asRecord(part);
      if (record === undefined || record.type === 'reasoning') continue;
      piece = asString(record.text) ?? asString(record.refusal) ?? asString(record.output);
      if (piece === undefined && (record.type === 'text' || record.type === 'refusal' || record.type === undefined)) {
        piece =
          asString(record.content) ?? (record.content === undefined ? undefined : textOf(record.content, depth + 1));
      }
    }
    if (piece === undefined || piece === '') continue;
    text = text === '' ? piece : `${text}\n${piece}`;
  }
  return text;
}

/** Maps roles onto `system`, `user`, `assistant` and `tool`. */
export function normalRole(role: unknown): string {
  switch (role) {
    case 'developer':
    case 'system':
      return 'system';
    case 'assistant':
    case 'model':
      return 'assistant';
    case 'tool':
    case 'function':
    case 'ipython':
      return 'tool';
    default:
      return 'user';
  }
}

/** A tool call's arguments as given, or parsed when they are a JSON string. */
export function parsedArguments(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** The messages after the last assistant turn. */
export function afterLastAssistant(messages: readonly ContentMessage[]): readonly ContentMessage[] {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    if (messages[index]?.role === 'assistant') return messages.slice(index + 1);
  }
  return messages;
}

/** The text and refusal parts of a message, joined by `separator`. */
function partsText(parts: readonly MessagePart[], separator: string): string {
  let text = '';
  for (const part of parts) {
    if (part.type !== 'text' && part.type !== 'refusal') continue;
    const piece = asString(part.content);
    if (piece === undefined || piece === '') continue;
    text = text === '' ? piece : `${text}${separator}${piece}`;
  }
  return text;
}

/**
 * A call's input as text messages: system instructions first, then each message; the tool results a message
 * carries (`tool_call_response` parts) become `tool` messages of their own.
 */
export function inputMessagesOf(call: CallContent): ContentMessage[] {
  const messages: ContentMessage[] = [];
  const instructions = call.systemInstructions;
  if (instructions !== undefined && instructions.length > 0) {
    messages.push({ role: 'system', text: partsText(instructions, '\n') });
  }
  for (const message of asArray(call.inputMessages) ?? []) {
    const parts = (asArray(asRecord(message)?.parts) ?? []) as MessagePart[];
    const own: MessagePart[] = [];
    let responses = 0;
    for (const part of parts) {
      if (part?.type === 'tool_call_response') {
        messages.push({ role: 'tool', text: textOf(part.response) });
        responses += 1;
      } else if (part !== undefined && part !== null) own.push(part);
    }
    if (responses === 0 || own.length > 0) {
      messages.push({ role: normalRole(asRecord(message)?.role), text: partsText(own, '\n') });
    }
  }
  return messages;
}

/** A call's output messages: the text of each, the refusal, the tool calls. */
export function outputOf(call: CallContent): CallOutput {
  const texts: string[] = [];
  let refusal: string | undefined;
  const toolCalls: ModelToolCall[] = [];
  for (const message of asArray(call.outputMessages) ?? []) {
    let text = '';
    for (const part of (asArray(asRecord(message)?.parts) ?? []) as MessagePart[]) {
      if (part?.type === 'text') text += asString(part.content) ?? '';
      else if (part?.type === 'refusal') {
        const piece = asString(part.content);
        if (piece !== undefined && piece !== '') refusal = refusal === undefined ? piece : `${refusal}\n${piece}`;
      } else if (part?.type === 'tool_call')
        toolCalls.push({ name: asString(part.name) ?? '', arguments: part.arguments });
    }
    if (text !== '') texts.push(text);
  }
  return { text: texts.length === 1 ? (texts[0] as string) : texts.join('\n'), texts, refusal, toolCalls };
}
