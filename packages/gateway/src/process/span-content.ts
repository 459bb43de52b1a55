import type {
  CallContent,
  InputMessage,
  MessagePart,
  OutputMessage,
  SpanContent,
  ToolDefinition,
} from '@driftwatch/processors';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
  ATTR_GEN_AI_TOOL_NAME,
} from '@driftwatch/semconv';
import type { Attributes } from '@opentelemetry/api';
import { parsedArguments } from '../normalize/conventions-messages';

function parsedList<Item>(value: unknown): Item[] | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? (parsed as Item[]) : undefined;
  } catch {
    return undefined;
  }
}

function isMessage(value: unknown): boolean {
  const message = value as { role?: unknown; parts?: unknown } | null;
  return typeof message?.role === 'string' && Array.isArray(message.parts);
}

/** Messages normalization rebuilt from a source's own message attributes (see `Normalization`). */
export interface RebuiltMessages {
  readonly input: readonly InputMessage[] | undefined;
  readonly output: readonly OutputMessage[] | undefined;
}

/**
 * The content contract of a received span: an LLM call's messages (the conventions' content attributes, or the
 * messages normalization rebuilt from OpenInference's, OpenLLMetry's or OpenLIT's), or a tool call's arguments
 * and result. Undefined when the span carries no content (capture off at the source).
 */
export function spanContentOf(
  attributes: Attributes,
  isCall: boolean,
  rebuilt: RebuiltMessages,
): SpanContent | undefined {
  if (isCall) {
    const inputMessages =
      rebuilt.input ?? parsedList<InputMessage>(attributes[ATTR_GEN_AI_INPUT_MESSAGES])?.filter(isMessage);
    const outputMessages =
      rebuilt.output ?? parsedList<OutputMessage>(attributes[ATTR_GEN_AI_OUTPUT_MESSAGES])?.filter(isMessage);
    if (inputMessages === undefined && outputMessages === undefined) return undefined;
    const call: CallContent = {
      inputMessages: inputMessages ?? [],
      outputMessages: outputMessages ?? [],
      systemInstructions: parsedList<MessagePart>(attributes[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]),
      toolDefinitions: parsedList<ToolDefinition>(attributes[ATTR_GEN_AI_TOOL_DEFINITIONS]),
    };
    return { call };
  }
  const result = attributes[ATTR_GEN_AI_TOOL_CALL_RESULT];
  const toolArguments = attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS];
  if (result === undefined && toolArguments === undefined) return undefined;
  const name = attributes[ATTR_GEN_AI_TOOL_NAME];
  return {
    tool: {
      name: typeof name === 'string' ? name : undefined,
      arguments: parsedArguments(toolArguments),
      result: parsedArguments(result),
      hasResultSchema: false,
    },
  };
}
