import type { MessagePart } from '@driftwatch/processors';
import { asArray, asRecord, asString } from '../internal/readers';

export type { MessagePart };

/** A JSON string as the value it stands for (tool-call arguments, JSON attributes); anything else as given. */
export function parseJsonText(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export function textPart(content: string): MessagePart {
  return { type: 'text', content };
}

/** Maps a provider finish reason onto the output-messages schema's values. */
export function schemaFinishReason(raw: string | undefined): string {
  switch (raw) {
    case 'tool_calls':
    case 'function_call':
      return 'tool_call';
    case undefined:
    case null:
      return 'stop';
    default:
      return raw;
  }
}

function uriOrBlobPart(url: string, modality: string): MessagePart {
  const match = /^data:([^;,]+)?;base64,/.exec(url.slice(0, 128));
  if (match === null) return { type: 'uri', modality, uri: url };
  return { type: 'blob', modality, mime_type: match[1], content: url.slice(match[0].length) };
}

/** One content part of a chat or responses input (`text`, `input_text`, `image_url`, `input_image`…). */
export function contentPart(part: unknown): MessagePart | undefined {
  const record = asRecord(part);
  if (record === undefined) return typeof part === 'string' ? textPart(part) : undefined;
  const type = asString(record.type);
  switch (type) {
    case 'text':
    case 'input_text':
    case 'output_text':
      return textPart(asString(record.text) ?? '');
    case 'refusal':
      return { type: 'refusal', content: asString(record.refusal) ?? '' };
    case 'image_url':
      return uriOrBlobPart(asString(asRecord(record.image_url)?.url) ?? '', 'image');
    case 'input_image': {
      const fileId = asString(record.file_id);
      if (fileId !== undefined) return { type: 'file', modality: 'image', file_id: fileId };
      return uriOrBlobPart(asString(record.image_url) ?? '', 'image');
    }
    case 'input_audio':
      return { type: 'blob', modality: 'audio', content: asString(asRecord(record.input_audio)?.data) ?? '' };
    case 'file':
    case 'input_file': {
      const file = asRecord(record.file) ?? record;
      const fileId = asString(file.file_id);
      if (fileId !== undefined) return { type: 'file', modality: 'file', file_id: fileId };
      return { type: 'blob', modality: 'file', content: asString(file.file_data) ?? '' };
    }
    default:
      return type === undefined ? undefined : { type };
  }
}

/** Parts of a message content that is either a string or an array of parts. */
export function contentParts(content: unknown): MessagePart[] {
  if (typeof content === 'string') return [textPart(content)];
  const parts: MessagePart[] = [];
  for (const item of asArray(content) ?? []) {
    const part = contentPart(item);
    if (part !== undefined) parts.push(part);
  }
  return parts;
}
