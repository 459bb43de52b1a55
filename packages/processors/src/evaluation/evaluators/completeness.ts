import type { EvaluationInput, EvaluationOutcome, Evaluator } from '../types';
import { failed, passed } from './results';

/** Finish reasons of an answer cut by its token limit: chat `length`, Anthropic `max_tokens`, Responses' own. */
const TRUNCATION_REASONS = new Set(['length', 'max_tokens', 'max_output_tokens', 'model_context_window_exceeded']);

const NOT_BLANK = /\S/;

/**
 * `completeness`: fails an answer cut by its token limit (`finish_reason=length`, `max_tokens`) or with nothing in
 * it (no text, no tool call, no refusal). Works on any instrumentation's spans from the finish reasons; emptiness
 * needs the content. Failed calls are not scored.
 */
export const completenessEvaluator: Evaluator = {
  name: 'completeness',
  targets: ['llm'],
  mode: 'sync',
  evaluate(input: EvaluationInput): EvaluationOutcome {
    if (input.failed) return undefined;
    const truncation = input.finishReasons.find((reason) => TRUNCATION_REASONS.has(reason));
    if (truncation !== undefined) return failed(`truncated: finish reason ${truncation}`);
    if (!input.hasContent) return input.finishReasons.length > 0 ? passed() : undefined;
    const empty =
      !NOT_BLANK.test(input.outputText()) && input.toolCalls().length === 0 && input.refusal() === undefined;
    return empty ? failed('empty output') : passed();
  },
};
