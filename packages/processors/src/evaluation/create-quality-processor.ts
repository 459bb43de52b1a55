import type { ProcessorInstruments } from '../internal/processor-instruments';
import { readCaptureContent } from '../internal/settings';
import type { AgentNameLookup } from '../runs/agent-run-processor';
import { readBuiltinSelection, readEvaluationEvents, readJudgeEnvironment } from './evaluation-environment';
import { BUILTIN_EVALUATOR_NAMES, BUILTIN_EVALUATORS } from './evaluators/builtin-evaluators';
import { llmJudge } from './judge/llm-judge';
import { QualityProcessor } from './quality-processor';
import type { EvaluationOptions, Evaluator, LlmJudgeOptions } from './types';

const DEFAULT_SYNC_BUDGET_MILLIS = 10;
const DEFAULT_TIMEOUT_MILLIS = 5000;
const DEFAULT_CONCURRENCY = 4;
const DEFAULT_MAX_QUEUE_SIZE = 100;
const DEFAULT_MAX_REMEMBERED_SPANS = 10_000;

function judgeOptions(option: EvaluationOptions['judge']): LlmJudgeOptions | undefined {
  if (option === false) return undefined;
  return option ?? readJudgeEnvironment();
}

/**
 * The quality processor of {@link driftwatchProcessors}: the built-ins selected by the option (else
 * `DRIFTWATCH_EVALUATORS` and `DRIFTWATCH_EVALUATOR_<NAME>`), the judge (the option, else `DRIFTWATCH_JUDGE_*`),
 * the option's own evaluators, then those of `registerEvaluator`.
 */
export function createQualityProcessor(
  options: EvaluationOptions,
  shared: { instruments: ProcessorInstruments; agentNames: AgentNameLookup; slowThresholdMillis: number },
): QualityProcessor {
  const builtins = options.builtins ?? readBuiltinSelection(BUILTIN_EVALUATOR_NAMES);
  const evaluators: Evaluator[] = builtins
    .map((name) => BUILTIN_EVALUATORS[name])
    .filter((evaluator) => evaluator !== undefined);
  const judge = judgeOptions(options.judge);
  if (judge !== undefined) evaluators.push(llmJudge(judge));
  evaluators.push(...(options.evaluators ?? []));
  return new QualityProcessor({
    ...shared,
    evaluators,
    captureContent: options.captureContent ?? readCaptureContent(),
    events: options.events ?? readEvaluationEvents(),
    syncBudgetMillis: options.syncBudgetMillis ?? DEFAULT_SYNC_BUDGET_MILLIS,
    timeoutMillis: options.timeoutMillis ?? DEFAULT_TIMEOUT_MILLIS,
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    maxQueueSize: options.maxQueueSize ?? DEFAULT_MAX_QUEUE_SIZE,
    maxRememberedSpans: options.maxRememberedSpans ?? DEFAULT_MAX_REMEMBERED_SPANS,
    loggerProvider: options.loggerProvider,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
  });
}
