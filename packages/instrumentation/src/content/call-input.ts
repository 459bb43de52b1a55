import type { CallContent } from '@driftwatch/processors';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
} from '@driftwatch/semconv';
import type { Span } from '@opentelemetry/api';
import { setContentAttribute } from './content-attribute';

/**
 * What a call's request gave the model, in the content contract's form: built by one converter per provider API,
 * which serves both content capture (span attributes) and the evaluators. Fields left out are not recorded.
 */
export type CallInput = Omit<CallContent, 'inputMessages' | 'outputMessages'> & {
  readonly inputMessages?: CallContent['inputMessages'];
};

/** Records a call's input as the conventions' attributes (content capture on): each field given, within budget. */
export function captureCallInput(span: Span, input: CallInput, maxLength: number): void {
  if (input.systemInstructions !== undefined) {
    setContentAttribute(span, ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, input.systemInstructions, maxLength);
  }
  if (input.inputMessages !== undefined) {
    setContentAttribute(span, ATTR_GEN_AI_INPUT_MESSAGES, input.inputMessages, maxLength);
  }
  if (input.toolDefinitions !== undefined) {
    setContentAttribute(span, ATTR_GEN_AI_TOOL_DEFINITIONS, input.toolDefinitions, maxLength);
  }
}
