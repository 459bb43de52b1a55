import type { z as Zod } from 'zod';
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

type VerdictSchema = ReturnType<typeof buildVerdictSchema>;

function buildVerdictSchema(z: typeof Zod) {
  return z.object({
    explanation: z.string().max(4000),
    score: z.number().min(0).max(1),
    label: z.enum(['pass', 'fail']),
  });
}

let verdictSchema: VerdictSchema | undefined;

/**
 * The zod schema of a verdict. zod is loaded on first use, so the processors do not need it unless a judge is
 * configured (the `openai` SDK that the judge uses lists it as a peer).
 */
function loadVerdictSchema(): VerdictSchema {
  if (verdictSchema === undefined) {
    const { z } = require('zod') as { z: typeof Zod };
    verdictSchema = buildVerdictSchema(z);
  }
  return verdictSchema;
}

function malformed(message: string, cause?: unknown): EvaluationError {
  return new EvaluationError({
    reason: DROP_REASON_MALFORMED_JUDGE_OUTPUT,
    errorType: DROP_REASON_MALFORMED_JUDGE_OUTPUT,
    message,
    cause,
  });
}

/** The verdict in a chat completion from the judge, validated with zod; throws a `malformed_judge_output` error. */
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
  const checked = loadVerdictSchema().safeParse(parsed);
  if (!checked.success) throw malformed(`the judge answer does not match the verdict schema: ${checked.error.message}`);
  return checked.data;
}
