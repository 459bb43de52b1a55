// Recording rules: the hourly rates the dashboards draw against their own 1-day and 7-day history. The statistics
// the baseline alerts test are recorded in each alert file's own group (statistics.ts, signals.ts).
import {
  METRIC_DRIFTWATCH_AGENT_COST,
  METRIC_DRIFTWATCH_AGENT_ESCALATIONS,
  METRIC_DRIFTWATCH_AGENT_EXECUTIONS,
  METRIC_DRIFTWATCH_AGENT_REPEATS,
  METRIC_DRIFTWATCH_AGENT_STEPS,
  METRIC_DRIFTWATCH_EVALUATION_SCORE,
  METRIC_DRIFTWATCH_OUTCOME_VALUE,
} from '@driftwatch/semconv';
import { AGENT_KEYS, countOf, LABEL, series, sumOf } from '../names.ts';
import { rate, ratioOrZero, sumBy } from '../promql.ts';
import { SERVICE_DAILY_BUDGETS_USD, THRESHOLDS } from '../settings.ts';
import type { RuleFile } from './rule-types.ts';

export const RECORD = {
  runsRate: 'driftwatch:agent_runs:rate1h',
  escalationRatio: 'driftwatch:agent_escalation_ratio:rate1h',
  repeatRatio: 'driftwatch:agent_repeat_ratio:rate1h',
  costPerRun: 'driftwatch:agent_cost_per_run:rate1h',
  stepsPerRun: 'driftwatch:agent_steps_per_run:rate1h',
  evaluationScore: 'driftwatch:evaluation_score:mean1h',
  outcomeValue: 'driftwatch:outcome_value:mean1h',
  dailyBudget: 'driftwatch:llm_budget_usd:daily',
} as const;

const executions = series(METRIC_DRIFTWATCH_AGENT_EXECUTIONS);
const runsPerAgent = sumBy(AGENT_KEYS, rate(executions, '1h'));

/** `sum(rate(x_sum)) / sum(rate(x_count))` by `labels`: the mean of a histogram over the last hour. */
function histogramMean(metric: Parameters<typeof sumOf>[0], labels: readonly string[]): string {
  return `${sumBy(labels, rate(sumOf(metric), '1h'))}\n/\n(${sumBy(labels, rate(countOf(metric), '1h'))} > 0)`;
}

export const RECORDING_RULES: RuleFile = {
  name: 'driftwatch-recording',
  about: 'Hourly rates per agent that the dashboards draw against their 1-day and 7-day history.',
  groups: [
    {
      name: 'driftwatch-recording',
      interval: '1m',
      rules: [
        { record: RECORD.runsRate, expr: runsPerAgent },
        {
          record: RECORD.escalationRatio,
          expr: ratioOrZero({
            numerator: sumBy(AGENT_KEYS, rate(series(METRIC_DRIFTWATCH_AGENT_ESCALATIONS), '1h')),
            denominator: runsPerAgent,
          }),
        },
        {
          record: RECORD.repeatRatio,
          expr: ratioOrZero({
            numerator: sumBy(AGENT_KEYS, rate(series(METRIC_DRIFTWATCH_AGENT_REPEATS), '1h')),
            denominator: runsPerAgent,
          }),
        },
        { record: RECORD.costPerRun, expr: histogramMean(METRIC_DRIFTWATCH_AGENT_COST, AGENT_KEYS) },
        { record: RECORD.stepsPerRun, expr: histogramMean(METRIC_DRIFTWATCH_AGENT_STEPS, AGENT_KEYS) },
        {
          record: RECORD.evaluationScore,
          expr: histogramMean(METRIC_DRIFTWATCH_EVALUATION_SCORE, [...AGENT_KEYS, LABEL.evaluation]),
        },
        {
          record: RECORD.outcomeValue,
          expr: histogramMean(METRIC_DRIFTWATCH_OUTCOME_VALUE, [...AGENT_KEYS, LABEL.outcomeName]),
        },
      ],
    },
  ],
};

/** One series per service with its own budget, then the default (the series without a service label). */
export function budgetExpression(
  budgets: Readonly<Record<string, number>> = SERVICE_DAILY_BUDGETS_USD,
  defaultBudget: number = THRESHOLDS.dailyBudgetUsd,
): string {
  const perService = Object.entries(budgets).map(
    ([service, usd]) => `label_replace(vector(${usd}), "${LABEL.service}", "${service}", "", "")`,
  );
  return [...perService, `vector(${defaultBudget})`].join('\nor\n');
}

export const BUDGET_RULES: RuleFile = {
  name: 'driftwatch-budget',
  about: [
    'Daily LLM budgets in USD: the series without service_name is the default for every service, one series per',
    'service overrides it. Set them in grafana/src/settings.ts (THRESHOLDS.dailyBudgetUsd, SERVICE_DAILY_BUDGETS_USD).',
  ].join('\n'),
  groups: [{ name: 'driftwatch-budget', rules: [{ record: RECORD.dailyBudget, expr: budgetExpression() }] }],
};
