import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
} from '@driftwatch/semconv';
import { OPENLIT_COMPLETION, OPENLIT_PROMPT } from './legacy-genai';
import { LLM_INPUT_MESSAGES_PREFIX, LLM_OUTPUT_MESSAGES_PREFIX } from './openinference';
import { GEN_AI_COMPLETION_PREFIX, GEN_AI_PROMPT_PREFIX } from './openllmetry';

/** OpenInference's input and output of any span (a chain's, an agent's, a tool's), as text or JSON. */
const INPUT_VALUE = 'input.value';
const OUTPUT_VALUE = 'output.value';
/** OpenLLMetry's input and output of a workflow, agent or tool (`@workflow`, `@agent`, `@tool`), as JSON. */
const TRACELOOP_ENTITY_INPUT = 'traceloop.entity.input';
const TRACELOOP_ENTITY_OUTPUT = 'traceloop.entity.output';

/** Attributes that hold captured content as a whole: the conventions', OpenLIT's, OpenInference's, OpenLLMetry's. */
const CONTENT_KEYS: ReadonlySet<string> = new Set([
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
  OPENLIT_PROMPT,
  OPENLIT_COMPLETION,
  INPUT_VALUE,
  OUTPUT_VALUE,
  TRACELOOP_ENTITY_INPUT,
  TRACELOOP_ENTITY_OUTPUT,
]);

/**
 * Prefixes of flattened messages (`gen_ai.prompt.0.content`, `llm.output_messages.0.message.tool_calls.0.…`):
 * every attribute under them is part of a message (roles and ids hold no credential, so they come out unchanged).
 */
const CONTENT_PREFIXES: readonly string[] = [
  GEN_AI_PROMPT_PREFIX,
  GEN_AI_COMPLETION_PREFIX,
  LLM_INPUT_MESSAGES_PREFIX,
  LLM_OUTPUT_MESSAGES_PREFIX,
];

/** Whether a span attribute holds captured content (prompts, completions, tool arguments and results). */
export function isContentAttribute(key: string): boolean {
  if (CONTENT_KEYS.has(key)) return true;
  for (const prefix of CONTENT_PREFIXES) if (key.startsWith(prefix)) return true;
  return false;
}
