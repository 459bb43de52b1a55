import { asArray, asRecord, asString } from '../../internal/readers';
import type { ContentMessage, ModelToolCall, RequestedFormat } from '../types';

/** What a call's response said, normalized across providers. */
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

/** Nested content (Anthropic `tool_result` blocks holding blocks) is read this deep. */
const MAX_CONTENT_DEPTH = 3;

/**
 * The text of a message content in any provider's shape: a string, or parts with `text` (chat, Anthropic),
 * `refusal`, `content` (the conventions' parts) or nested `tool_result` content. Parts are joined by a newline.
 */
export function textOf(content: unknown, depth = 0): string {
  if (typeof content === 'string') return content;
  const parts = asArray(content);
  if (parts === undefined || depth >= MAX_CONTENT_DEPTH) return '';
  let text = '';
  for (const part of parts) {
    let piece: string | undefined;
    if (typeof part === 'string') piece = part;
    else {
      const record = asRecord(part);
      if (record === undefined) continue;
      piece = asString(record.text) ?? asString(record.refusal) ?? asString(record.output);
      if (piece === undefined && record.content !== undefined) piece = textOf(record.content, depth + 1);
    }
    if (piece === undefined || piece === '') continue;
    text = text === '' ? piece : `${text}\n${piece}`;
  }
  return text;
}

/** Maps provider roles onto `system`, `user`, `assistant` and `tool`. */
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

/** The JSON format asked for by a `response_format` (chat) or `text.format` (responses) value. */
export function requestedFormatOf(format: unknown): RequestedFormat | undefined {
  const record = asRecord(format);
  switch (record?.type) {
    case 'json_object':
      return { type: 'json' };
    case 'json_schema': {
      const schema = asRecord(record.json_schema)?.schema ?? record.schema;
      return schema === undefined ? { type: 'json' } : { type: 'json_schema', schema };
    }
    case 'text':
      return TEXT_FORMAT;
    default:
      return undefined;
  }
}

/** An output built message by message. */
export class OutputBuilder {
  private readonly texts: string[] = [];
  private refusal: string | undefined;
  private readonly toolCalls: ModelToolCall[] = [];

  /** The text of one message (or choice); empty texts are left out. */
  addMessageText(text: string | undefined): void {
    if (text !== undefined && text !== '') this.texts.push(text);
  }

  addRefusal(piece: string | undefined): void {
    if (piece === undefined || piece === '') return;
    this.refusal = this.refusal === undefined ? piece : `${this.refusal}\n${piece}`;
  }

  addToolCall(name: unknown, args: unknown): void {
    this.toolCalls.push({ name: asString(name) ?? '', arguments: args });
  }

  build(): CallOutput {
    const { texts } = this;
    const text = texts.length === 1 ? (texts[0] as string) : texts.join('\n');
    return { text, texts, refusal: this.refusal, toolCalls: this.toolCalls };
  }
}

/** A stream's output: the conventions' output messages (`parts` of `text` and `tool_call`). */
export function outputOfMessages(messages: unknown): CallOutput {
  const output = new OutputBuilder();
  for (const item of asArray(messages) ?? []) {
    let text = '';
    for (const part of asArray(asRecord(item)?.parts) ?? []) {
      const record = asRecord(part);
      if (record?.type === 'text') text += asString(record.content) ?? '';
      else if (record?.type === 'tool_call') output.addToolCall(record.name, record.arguments);
    }
    output.addMessageText(text);
  }
  return output.build();
}
