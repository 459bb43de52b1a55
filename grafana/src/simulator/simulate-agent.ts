// One simulated agent: the series Driftwatch exports for it (cumulative counters and histogram sums and counts, the
// checkpoint gauge), sampled once per step, under the Prometheus names of the semconv table.
import {
  DRIFTWATCH_AGENT_OUTCOME_VALUE_SUCCESS,
  DRIFTWATCH_ESCALATION_CATEGORY_VALUE_UNSPECIFIED,
  GEN_AI_PROVIDER_NAME_VALUE_OPENAI,
  GEN_AI_TOKEN_TYPE_VALUE_INPUT,
  GEN_AI_TOKEN_TYPE_VALUE_OUTPUT,
  METRIC_DRIFTWATCH_AGENT_COST,
  METRIC_DRIFTWATCH_AGENT_DURATION,
  METRIC_DRIFTWATCH_AGENT_ESCALATIONS,
  METRIC_DRIFTWATCH_AGENT_EXECUTIONS,
  METRIC_DRIFTWATCH_AGENT_REPEATS,
  METRIC_DRIFTWATCH_AGENT_STEPS,
  METRIC_DRIFTWATCH_AGENT_TOKENS,
  METRIC_DRIFTWATCH_EVALUATION_SCORE,
  METRIC_DRIFTWATCH_MODEL_CHECKPOINT,
  METRIC_DRIFTWATCH_OUTCOME_VALUE,
  METRIC_DRIFTWATCH_TOOL_CALLS,
} from '@driftwatch/semconv';
import { countOf, LABEL, series, sumOf } from '../names.ts';
import { type Change, HEALTHY, profileAt, volumeFactor } from './agent-model.ts';
import { Random } from './random.ts';

export type Labels = Readonly<Record<string, string>>;

export interface SimulatedSeries {
  readonly name: string;
  readonly labels: Labels;
  /** One value per step, from step 0. */
  readonly values: number[];
}

export interface AgentOptions {
  readonly agent: string;
  readonly runsPerHour: number;
  readonly change?: Change;
  readonly onsetSeconds: number;
  readonly stepSeconds: number;
  readonly steps: number;
  readonly seed: number;
}

export const TOOL_NAME = 'update_crm';
const MODEL = 'gpt-4o-2024-08-06';

/** The series of one agent over the whole period. */
export function simulateAgent(options: AgentOptions): SimulatedSeries[] {
  const random = new Random(options.seed);
  // Each simulated agent is its own service, so their checkpoint gauges (per service and model) stay apart.
  const service = { [LABEL.service]: options.agent, [LABEL.environment]: 'production' };
  const agent = { ...service, [LABEL.agent]: options.agent };
  const model = { [LABEL.provider]: GEN_AI_PROVIDER_NAME_VALUE_OPENAI, [LABEL.requestModel]: MODEL };
  const make = (name: string, labels: Labels): SimulatedSeries => ({ name, labels, values: [] });
  const all = {
    runs: make(series(METRIC_DRIFTWATCH_AGENT_EXECUTIONS), {
      ...agent,
      [LABEL.outcome]: DRIFTWATCH_AGENT_OUTCOME_VALUE_SUCCESS,
    }),
    escalations: make(series(METRIC_DRIFTWATCH_AGENT_ESCALATIONS), {
      ...agent,
      [LABEL.escalationCategory]: DRIFTWATCH_ESCALATION_CATEGORY_VALUE_UNSPECIFIED,
    }),
    repeats: make(series(METRIC_DRIFTWATCH_AGENT_REPEATS), agent),
    toolSucceeded: make(series(METRIC_DRIFTWATCH_TOOL_CALLS), { ...agent, [LABEL.tool]: TOOL_NAME }),
    toolFailed: make(series(METRIC_DRIFTWATCH_TOOL_CALLS), {
      ...agent,
      [LABEL.tool]: TOOL_NAME,
      [LABEL.errorType]: '500',
    }),
    scoreSum: make(sumOf(METRIC_DRIFTWATCH_EVALUATION_SCORE), {
      ...agent,
      ...model,
      [LABEL.evaluation]: 'verdict_schema',
    }),
    scoreCount: make(countOf(METRIC_DRIFTWATCH_EVALUATION_SCORE), {
      ...agent,
      ...model,
      [LABEL.evaluation]: 'verdict_schema',
    }),
    outcomeSum: make(sumOf(METRIC_DRIFTWATCH_OUTCOME_VALUE), { ...agent, [LABEL.outcomeName]: 'crm_field_correct' }),
    outcomeCount: make(countOf(METRIC_DRIFTWATCH_OUTCOME_VALUE), {
      ...agent,
      [LABEL.outcomeName]: 'crm_field_correct',
    }),
    costSum: make(sumOf(METRIC_DRIFTWATCH_AGENT_COST), agent),
    costCount: make(countOf(METRIC_DRIFTWATCH_AGENT_COST), agent),
    inputSum: make(sumOf(METRIC_DRIFTWATCH_AGENT_TOKENS), {
      ...agent,
      [LABEL.tokenType]: GEN_AI_TOKEN_TYPE_VALUE_INPUT,
    }),
    inputCount: make(countOf(METRIC_DRIFTWATCH_AGENT_TOKENS), {
      ...agent,
      [LABEL.tokenType]: GEN_AI_TOKEN_TYPE_VALUE_INPUT,
    }),
    outputSum: make(sumOf(METRIC_DRIFTWATCH_AGENT_TOKENS), {
      ...agent,
      [LABEL.tokenType]: GEN_AI_TOKEN_TYPE_VALUE_OUTPUT,
    }),
    outputCount: make(countOf(METRIC_DRIFTWATCH_AGENT_TOKENS), {
      ...agent,
      [LABEL.tokenType]: GEN_AI_TOKEN_TYPE_VALUE_OUTPUT,
    }),
    stepsSum: make(sumOf(METRIC_DRIFTWATCH_AGENT_STEPS), agent),
    stepsCount: make(countOf(METRIC_DRIFTWATCH_AGENT_STEPS), agent),
    durationSum: make(sumOf(METRIC_DRIFTWATCH_AGENT_DURATION), agent),
    durationCount: make(countOf(METRIC_DRIFTWATCH_AGENT_DURATION), agent),
    oldCheckpoint: make(series(METRIC_DRIFTWATCH_MODEL_CHECKPOINT), {
      ...service,
      ...model,
      [LABEL.responseModel]: MODEL,
      [LABEL.fingerprint]: 'fp_healthy',
    }),
    newCheckpoint: make(series(METRIC_DRIFTWATCH_MODEL_CHECKPOINT), {
      ...service,
      ...model,
      [LABEL.responseModel]: MODEL,
      [LABEL.fingerprint]: `fp_${options.agent}`,
    }),
  };
  const totals = new Map<SimulatedSeries, number>();
  const add = (target: SimulatedSeries, amount: number) => totals.set(target, (totals.get(target) ?? 0) + amount);
  for (let step = 0; step < options.steps; step++) {
    const seconds = step * options.stepSeconds;
    if (step > 0) {
      const profile = profileAt(seconds, options.change, options.onsetSeconds);
      const runs = random.poisson((options.runsPerHour * volumeFactor(seconds) * options.stepSeconds) / 3600);
      const failed = random.binomial(runs, profile.toolError);
      const inputTokens = random.lognormalSum(runs, profile.inputTokens, HEALTHY.inputTokensSigma);
      const outputTokens = random.lognormalSum(runs, HEALTHY.outputTokens, HEALTHY.outputTokensSigma);
      const cost = (inputTokens * HEALTHY.inputPrice + outputTokens * HEALTHY.outputPrice) * profile.priceFactor;
      const steps = (HEALTHY.fixedSteps * runs + random.poisson(HEALTHY.extraSteps * runs)) * profile.stepsFactor;
      add(all.runs, runs);
      add(all.escalations, random.binomial(runs, profile.escalation));
      add(all.repeats, random.binomial(runs, profile.repeat));
      add(all.toolFailed, failed);
      add(all.toolSucceeded, runs - failed);
      add(all.scoreSum, random.binomial(runs, profile.evaluationPass));
      add(all.outcomeSum, random.binomial(runs, profile.outcomeSuccess));
      add(all.inputSum, inputTokens);
      add(all.outputSum, outputTokens);
      add(all.costSum, cost);
      add(all.stepsSum, steps);
      add(all.durationSum, random.lognormalSum(runs, HEALTHY.durationSeconds, HEALTHY.durationSigma));
      for (const count of [
        all.scoreCount,
        all.outcomeCount,
        all.costCount,
        all.inputCount,
        all.outputCount,
        all.stepsCount,
        all.durationCount,
      ])
        add(count, runs);
    }
    for (const target of Object.values(all)) {
      if (target === all.oldCheckpoint || target === all.newCheckpoint) continue;
      target.values.push(totals.get(target) ?? 0);
    }
    const swapped = options.change === 'checkpoint-change' && seconds >= options.onsetSeconds;
    all.oldCheckpoint.values.push(swapped ? 0 : 1);
    all.newCheckpoint.values.push(swapped ? 1 : Number.NaN);
  }
  const result = Object.values(all);
  return options.change === 'checkpoint-change' ? result : result.filter((target) => target !== all.newCheckpoint);
}
