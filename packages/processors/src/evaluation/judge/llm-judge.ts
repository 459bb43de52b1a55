import { context, diag } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { isPinnedModel } from '../../model-table/pinning';
import { rememberSecretValues } from '../../redaction/known-secrets';
import { DROP_REASON_JUDGE_ERROR, EvaluationError } from '../evaluation-error';
import { isEvaluationName } from '../evaluator-registry';
import type {
  EvaluateOptions,
  EvaluationInput,
  EvaluationOutcome,
  Evaluator,
  JudgeClient,
  LlmJudgeOptions,
} from '../types';
import { createJudgeClient } from './judge-client';
import { judgeMessages } from './judge-prompt';
import { readVerdict, VERDICT_JSON_SCHEMA } from './judge-verdict';

export const DEFAULT_JUDGE_NAME = 'llm_judge';
export const DEFAULT_JUDGE_SAMPLE_RATE = 0.05;
export const DEFAULT_JUDGE_BUDGET_PER_MINUTE = 10;
export const DEFAULT_JUDGE_TIMEOUT_MILLIS = 20_000;
const DEFAULT_JUDGE_CONCURRENCY = 2;
const DEFAULT_JUDGE_QUEUE_SIZE = 32;
const DEFAULT_MAX_CONTENT_LENGTH = 8000;
/** Room for a short explanation and the JSON around it. */
const MAX_VERDICT_TOKENS = 400;

/** `error.type` of a failed judge call: the HTTP status, `timeout`, or the error's class. */
function judgeErrorType(error: unknown): string {
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number') return String(status);
  const name = error instanceof Error ? error.name : '';
  if (/timeout/i.test(name)) return 'timeout';
  return name || 'Error';
}

/** Why these options cannot make a judge, or undefined. */
function judgeProblem(options: LlmJudgeOptions): string | undefined {
  const name = options.name ?? DEFAULT_JUDGE_NAME;
  if (!isEvaluationName(name)) return `the judge name ${JSON.stringify(name)} is not a valid evaluation name`;
  if (typeof options.model !== 'string' || options.model === '') return 'the judge needs a model';
  if (isPinnedModel(options.model) === false) {
    return (
      `the judge model "${options.model}" is a floating alias: scores would move when the provider moves it. ` +
      'Name a dated checkpoint (for example gpt-4o-mini-2024-07-18)'
    );
  }
  if (typeof options.rubric !== 'string' || options.rubric.trim() === '') return 'the judge needs a rubric';
  return undefined;
}

/** A judge that never runs: what invalid options make, after saying why through `diag`. */
function refusedJudge(name: string, problem: string): Evaluator {
  try {
    diag.error(`@driftwatch/processors: LLM judge not started: ${problem}`);
  } catch {
    // diag loggers are user code.
  }
  return { name: isEvaluationName(name) ? name : DEFAULT_JUDGE_NAME, targets: [], evaluate: () => undefined };
}

/**
 * An LLM-as-judge evaluator: asks a pinned model to grade answers (or agent runs) against your rubric, with a JSON
 * verdict (`explanation`, `score` 0..1, `label` pass/fail) requested as structured output and validated.
 * Asynchronous and sampled: it runs after the span ended, in a bounded queue (32 waiting, 2 at once, 20 s timeout)
 * on a sample of the calls (5%) within a per-minute budget (10). Its own calls run with tracing suppressed, so
 * they are not app traffic. A floating model alias or an empty rubric is refused through `diag`;
 * the judge then never runs. Queue full, budget spent, an API error (429…), a timeout or a malformed verdict are
 * counted in `driftwatch.evaluation.dropped`; the app never waits for the judge and never sees its errors.
 */
export function llmJudge(options: LlmJudgeOptions): Evaluator {
  const name = options.name ?? DEFAULT_JUDGE_NAME;
  const problem = judgeProblem(options);
  if (problem !== undefined) return refusedJudge(name, problem);
  const timeoutMillis = options.timeoutMillis ?? DEFAULT_JUDGE_TIMEOUT_MILLIS;
  const maxContentLength = options.maxContentLength ?? DEFAULT_MAX_CONTENT_LENGTH;
  let client: JudgeClient | undefined = options.client;
  // A client the app built (an `openai` client) holds the judge's key: its errors must not repeat it.
  rememberSecretValues([(client as { apiKey?: unknown } | undefined)?.apiKey]);

  const call = async (input: EvaluationInput, signal: AbortSignal): Promise<unknown> => {
    client ??= createJudgeClient(timeoutMillis);
    const judge = client;
    const body = {
      model: options.model,
      temperature: 0,
      max_completion_tokens: MAX_VERDICT_TOKENS,
      messages: judgeMessages(input, options.rubric, maxContentLength),
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'evaluation_verdict', strict: true, schema: VERDICT_JSON_SCHEMA },
      },
    };
    return context.with(suppressTracing(context.active()), () =>
      judge.chat.completions.create(body as never, { signal, timeout: timeoutMillis, maxRetries: 0 } as never),
    );
  };

  return {
    name,
    targets: options.targets ?? ['llm'],
    agents: options.agents,
    models: options.models,
    mode: 'async',
    sampleRate: options.sampleRate ?? DEFAULT_JUDGE_SAMPLE_RATE,
    budgetPerMinute: options.budgetPerMinute ?? DEFAULT_JUDGE_BUDGET_PER_MINUTE,
    timeoutMillis,
    concurrency: options.concurrency ?? DEFAULT_JUDGE_CONCURRENCY,
    maxQueueSize: options.maxQueueSize ?? DEFAULT_JUDGE_QUEUE_SIZE,
    applies: (input: EvaluationInput) =>
      input.hasContent && !input.failed && (input.outputText() !== '' || input.toolCalls().length > 0),
    async evaluate(input: EvaluationInput, { signal }: EvaluateOptions): Promise<EvaluationOutcome> {
      let completion: unknown;
      try {
        completion = await call(input, signal);
      } catch (error) {
        throw new EvaluationError({
          reason: DROP_REASON_JUDGE_ERROR,
          errorType: judgeErrorType(error),
          message: `the judge call failed: ${error instanceof Error ? error.message : String(error)}`,
          cause: error,
        });
      }
      return readVerdict(completion);
    },
  };
}
