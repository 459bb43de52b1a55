import {
  GEN_AI_EVALUATION_SCORE_LABEL_VALUE_FAIL,
  GEN_AI_EVALUATION_SCORE_LABEL_VALUE_PASS,
} from '@driftwatch/semconv';
import type { ScoredResult } from './evaluation-recorder';

/** Labels longer than this are cut (they are event attributes, and `fail` is counted). */
const MAX_LABEL_LENGTH = 64;

/**
 * An evaluator's (or a person's) answer as a valid result: a finite score in 0..1, and a label (`pass` from 0.5 up,
 * else `fail`, when none was given); undefined when the answer is not a result.
 */
export function scoredResult(answer: unknown): ScoredResult | undefined {
  if (typeof answer !== 'object' || answer === null) return undefined;
  const { score, label, explanation } = answer as { score?: unknown; label?: unknown; explanation?: unknown };
  if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1) return undefined;
  const result: { score: number; label: string; explanation?: string } = {
    score,
    label:
      typeof label === 'string' && label !== ''
        ? label.slice(0, MAX_LABEL_LENGTH)
        : score >= 0.5
          ? GEN_AI_EVALUATION_SCORE_LABEL_VALUE_PASS
          : GEN_AI_EVALUATION_SCORE_LABEL_VALUE_FAIL,
  };
  if (typeof explanation === 'string') result.explanation = explanation;
  return result;
}
