import { DROP_REASON_MALFORMED_JUDGE_OUTPUT, EvaluationError } from '../evaluation-error';
import type { EvaluationResult } from '../types';

/** The judge's answer format (OpenAI structured outputs): the reasoning first, then the score and the label. */
export const VERDICT_JSON_SCHEMA = {
  type: 'object',
  properties: {
    explanation: { type: 'string', description: 'One or two sentences: why the answer meets the rubric or not.' },
    score: { type: 'number', minimum: 0, maximum: 1, description: '1 fully meets the rubric, 0 does not at all.' },
    label: { type: 'string', enum: ['pass', 'fail'] },
  },
  required: ['explanation', 'score', 'label'],
  additionalProperties: false,
} as const;

const MAX_EXPLANATION_LENGTH = 4000;

/** What is wrong with a parsed verdict, or undefined when it is `{ explanation, score 0..1, label pass|fail }`. */
function verdictProblem(verdict: unknown): string | undefined {
  if (typeof verdict !== 'object' || verdict === null || Array.isArray(verdict)) return 'not an object';
  const { explanation, score, label } = verdict as Record<string, unknown>;
  if (typeof explanation !== 'string') return 'explanation is not a string';
  if (explanation.length > MAX_EXPLANATION_LENGTH)
    return `explanation is longer than ${MAX_EXPLANATION_LENGTH} characters`;
  if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1)
    return 'score is not a number in 0..1';
  if (label !== 'pass' && label !== 'fail') return 'label is not pass or fail';
  return undefined;
}

function malformed(message: string, cause?: unknown): EvaluationError {
  return new EvaluationError({
    reason: DROP_REASON_MALFORMED_JUDGE_OUTPUT,
    errorType: DROP_REASON_MALFORMED_JUDGE_OUTPUT,
    message,
    cause,
  });
}

/** The verdict in a chat completion from the judge, validated; throws a `malformed_judge_output` error. */
export function readVerdict(completion: unknown): EvaluationResult {
  const choice = (completion as { choices?: Array<{ message?: { content?: unknown }; finish_reason?: unknown }> })
    ?.choices?.[0];
  const content = choice?.message?.content;
  if (typeof content !== 'string') throw malformed('the judge answered without text');
  if (choice?.finish_reason === 'length') throw malformed('the judge answer was cut by its token limit');
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    throw malformed('the judge answer is not JSON', error);
  }
  const problem = verdictProblem(parsed);
  if (problem !== undefined) throw malformed(`the judge answer does not match the verdict schema: ${problem}`);
  const { explanation, score, label } = parsed as { explanation: string; score: number; label: string };
  return { explanation, score, label };
}
