import {
  GEN_AI_EVALUATION_SCORE_LABEL_VALUE_FAIL,
  GEN_AI_EVALUATION_SCORE_LABEL_VALUE_PASS,
} from '@driftwatch/semconv';
import type { EvaluationInput, EvaluationOutcome, EvaluationResult, Evaluator } from '../types';

export function passed(explanation?: string): EvaluationResult {
  const result: EvaluationResult = { score: 1, label: GEN_AI_EVALUATION_SCORE_LABEL_VALUE_PASS };
  if (explanation !== undefined) result.explanation = explanation;
  return result;
}

export function failed(explanation: string, score = 0): EvaluationResult {
  return { score, label: GEN_AI_EVALUATION_SCORE_LABEL_VALUE_FAIL, explanation };
}

/** `2 email addresses, 1 card number`: kinds and counts, never the values found. */
export function describeCounts(counts: ReadonlyMap<string, number>): string {
  const parts: string[] = [];
  for (const [kind, count] of counts) {
    parts.push(`${count} ${kind}${count === 1 ? '' : kind.endsWith('s') ? 'es' : 's'}`);
  }
  return parts.join(', ');
}

/** Adds one to a kind's count. */
export function countKind(counts: Map<string, number>, kind: string): void {
  counts.set(kind, (counts.get(kind) ?? 0) + 1);
}

/**
 * A sync evaluator of LLM outputs that fails when `find` counts anything in the output text: `<finding> in the
 * output: 2 email addresses`. Failed calls and calls without text are not scored.
 */
export function outputScanner(options: {
  name: string;
  finding: string;
  find: (text: string) => Map<string, number>;
}): Evaluator {
  return {
    name: options.name,
    targets: ['llm'],
    mode: 'sync',
    evaluate(input: EvaluationInput): EvaluationOutcome {
      if (input.failed || !input.hasContent) return undefined;
      const text = input.outputText();
      if (text === '') return undefined;
      const counts = options.find(text);
      return counts.size === 0 ? passed() : failed(`${options.finding} in the output: ${describeCounts(counts)}`);
    },
  };
}
