/** `driftwatch.drop.reason` of evaluations that could not produce a score. */
export const DROP_REASON_QUEUE_FULL = 'queue_full';
export const DROP_REASON_BUDGET = 'budget';
export const DROP_REASON_TIMEOUT = 'timeout';
export const DROP_REASON_JUDGE_ERROR = 'judge_error';
export const DROP_REASON_EVALUATOR_ERROR = 'evaluator_error';
export const DROP_REASON_MALFORMED_JUDGE_OUTPUT = 'malformed_judge_output';

/**
 * Thrown by Driftwatch's own evaluators to say why no score came out: the drop reason counted in
 * `driftwatch.evaluation.dropped`, and the `error.type` of the event.
 */
export class EvaluationError extends Error {
  readonly reason: string;
  readonly errorType: string;

  constructor(options: { reason: string; errorType: string; message: string; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.name = 'EvaluationError';
    this.reason = options.reason;
    this.errorType = options.errorType;
  }
}
