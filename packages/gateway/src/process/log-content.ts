import type { InputMessage, MessagePart, OutputMessage } from '@driftwatch/processors';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS,
} from '@driftwatch/semconv';
import { conventionsFinishReason, parsedArguments } from '../normalize/conventions-messages';
import type { ExportRequest } from '../otlp/otlp-codec';
import { readAttributes, readStructured, type WireAnyValue, type WireKeyValue } from '../otlp/wire-attributes';
import { mergeMessages, type SpanMessages } from './pending-content';

/** The per-message events of the older conventions (contrib instrumentations, JS and Python), and the event name attribute they use. */
const ATTR_EVENT_NAME = 'event.name';
const MESSAGE_EVENT_ROLES: Readonly<Record<string, string>> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
};
const EVENT_CHOICE = 'gen_ai.choice';

interface WireLogRecord {
  eventName?: string;
  attributes?: WireKeyValue[];
  body?: WireAnyValue | null;
  traceId?: Uint8Array;
  spanId?: Uint8Array;
}

type Record_ = Record<string, unknown>;

function asObject(value: unknown): Record_ | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record_) : undefined;
}

function isMessage(value: unknown): boolean {
  const message = asObject(value);
  return typeof message?.role === 'string' && Array.isArray(message.parts);
}

/** The messages of a details event's attribute (a list, or its JSON), those in the conventions' form only. */
function parsedMessages(value: unknown): unknown[] | undefined {
  let list = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return Array.isArray(list) ? list.filter(isMessage) : undefined;
}

function toolCallParts(toolCalls: unknown): MessagePart[] {
  if (!Array.isArray(toolCalls)) return [];
  return toolCalls.flatMap((call) => {
    const record = asObject(call);
    const fn = asObject(record?.function);
    if (typeof fn?.name !== 'string') return [];
    return [
      {
        type: 'tool_call',
        id: record?.id as string | undefined,
        name: fn.name,
        arguments: parsedArguments(fn.arguments),
      },
    ];
  });
}

/** One message of the older per-message events, in the conventions' form. */
function messageOfEvent(role: string, body: Record_): InputMessage {
  const parts: MessagePart[] = [];
  if (typeof body.content === 'string' && body.content !== '') {
    parts.push(
      role === 'tool'
        ? { type: 'tool_call_response', id: body.id as string | undefined, response: body.content }
        : { type: 'text', content: body.content },
    );
  }
  parts.push(...toolCallParts(body.tool_calls));
  return { role, parts };
}

function choiceOfEvent(body: Record_): OutputMessage {
  const message = asObject(body.message) ?? {};
  const parts: MessagePart[] = [];
  if (typeof message.content === 'string' && message.content !== '')
    parts.push({ type: 'text', content: message.content });
  const calls = toolCallParts(message.tool_calls ?? body.tool_calls);
  parts.push(...calls);
  const reason = typeof body.finish_reason === 'string' ? body.finish_reason : undefined;
  return { role: 'assistant', parts, finish_reason: conventionsFinishReason(reason, calls.length > 0) };
}

function hex(bytes: Uint8Array | undefined): string {
  return bytes === undefined || bytes.length === 0 ? '' : Buffer.from(bytes).toString('hex');
}

/**
 * Reads the content a source sends as log events rather than span attributes: the conventions' details event
 * (`gen_ai.client.inference.operation.details`, with `gen_ai.input.messages`/`gen_ai.output.messages`) and the
 * older per-message events of the contrib instrumentations (`gen_ai.{system,user,assistant,tool}.message`,
 * `gen_ai.choice`), by the span they belong to (`traceId/spanId`), each call's records of the request together.
 * Records that are not content, or not readable, are skipped.
 */
export function readLogContent(request: ExportRequest): Map<string, SpanMessages> {
  const contents = new Map<string, SpanMessages>();
  const add = (key: string, messages: SpanMessages) => contents.set(key, mergeMessages(contents.get(key), messages));
  const resourceLogs = (request.resourceLogs ?? []) as Array<{ scopeLogs?: Array<{ logRecords?: WireLogRecord[] }> }>;
  for (const resource of resourceLogs) {
    for (const scope of resource.scopeLogs ?? []) {
      for (const record of scope.logRecords ?? []) {
        const spanId = hex(record.spanId);
        if (spanId === '') continue;
        const attributes = readAttributes(record.attributes);
        const name = record.eventName || (attributes[ATTR_EVENT_NAME] as string | undefined) || '';
        const key = `${hex(record.traceId)}/${spanId}`;
        if (name === EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS) {
          const structured = Object.fromEntries(
            (record.attributes ?? []).flatMap((entry) =>
              typeof entry?.key === 'string' ? [[entry.key, readStructured(entry.value)]] : [],
            ),
          );
          const input = parsedMessages(structured[ATTR_GEN_AI_INPUT_MESSAGES]) as InputMessage[] | undefined;
          const output = parsedMessages(structured[ATTR_GEN_AI_OUTPUT_MESSAGES]) as OutputMessage[] | undefined;
          if (input !== undefined || output !== undefined) add(key, { input, output, whole: true });
          continue;
        }
        const body = asObject(readStructured(record.body));
        if (body === undefined) continue;
        const role = MESSAGE_EVENT_ROLES[name];
        if (role !== undefined) add(key, { input: [messageOfEvent(role, body)], output: undefined });
        else if (name === EVENT_CHOICE) add(key, { input: undefined, output: [choiceOfEvent(body)] });
      }
    }
  }
  return contents;
}
