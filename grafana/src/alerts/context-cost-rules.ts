// Context corruption and cost: context-window pressure, cost and steps per run against their baselines, and the
// daily budget.
import { METRIC_DRIFTWATCH_CONTEXT_FILL_RATIO, METRIC_DRIFTWATCH_LLM_COST } from '@driftwatch/semconv';
import { AGENT_KEYS, bucket, countOf, LABEL, series } from '../names.ts';
import { increase, on, rate, sumBy } from '../promql.ts';
import { MINIMUM_VOLUME, STATISTICS, THRESHOLDS } from '../settings.ts';
import { alertRule } from './alert.ts';
import { perRunRise } from './baseline-conditions.ts';
import { RECORD } from './recording-rules.ts';
import type { RuleFile } from './rule-types.ts';
import { COST_PER_RUN, INPUT_TOKENS_PER_RUN, STEPS_PER_RUN } from './signals.ts';
import { statisticsGroup } from './statistics.ts';

const modelKeys = [...AGENT_KEYS, LABEL.requestModel];
const spendPerService = sumBy([LABEL.service], increase(series(METRIC_DRIFTWATCH_LLM_COST), '1d'));
const costIncreasePercent = Math.round((THRESHOLDS.costPerRunIncrease - 1) * 100);
const tokensIncreasePercent = Math.round((THRESHOLDS.tokensPerRunIncrease - 1) * 100);
const testedWindows = STATISTICS.windows.join(' or ');
const tolerance = THRESHOLDS.runVolumeTolerance;

export const CONTEXT_COST_RULES: RuleFile = {
  name: 'context-cost',
  about: 'Context corruption and cost: context-window fill, cost and steps per run, daily spend against budget.',
  groups: [
    statisticsGroup('driftwatch-context-cost-statistics', {
      means: [COST_PER_RUN, INPUT_TOKENS_PER_RUN, STEPS_PER_RUN],
    }),
    {
      name: 'driftwatch-context-cost',
      rules: [
        alertRule({
          name: 'DriftwatchContextWindowNearlyFull',
          severity: 'P2',
          category: 'context_cost',
          for: '15m',
          expr: [
            `histogram_quantile(0.95, ${sumBy([...modelKeys, 'le'], rate(bucket(METRIC_DRIFTWATCH_CONTEXT_FILL_RATIO), '30m'))})`,
            `  >= ${THRESHOLDS.contextFillCritical}`,
            `and ${on(modelKeys)}`,
            `${sumBy(modelKeys, increase(countOf(METRIC_DRIFTWATCH_CONTEXT_FILL_RATIO), '30m'))} >= ${MINIMUM_VOLUME.llmCallsPer30m}`,
          ].join('\n'),
          summary: `{{ $labels.${LABEL.agent} }}: p95 context fill of {{ $labels.${LABEL.requestModel} }} is {{ $value | humanizePercentage }}`,
          description:
            `The 95th percentile of the share of the context window that {{ $labels.${LABEL.agent} }} ` +
            `({{ $labels.${LABEL.service} }}) fills in {{ $labels.${LABEL.requestModel} }} calls is ` +
            `{{ $value | humanizePercentage }} over the last 30 minutes. Near the limit, providers truncate or ` +
            'refuse, and models lose track of instructions.',
        }),
        alertRule({
          name: 'DriftwatchCostPerRunHigh',
          severity: 'P2',
          category: 'context_cost',
          for: '10m',
          expr: perRunRise(COST_PER_RUN, THRESHOLDS.costPerRunIncrease),
          summary: `{{ $labels.${LABEL.agent} }} costs {{ $value | printf "%.4f" }} USD per run, ${costIncreasePercent}%+ over its 7-day baseline`,
          description:
            `Over the last ${testedWindows} a run of {{ $labels.${LABEL.agent} }} ({{ $labels.${LABEL.service} }}) ` +
            `cost {{ $value | printf "%.4f" }} USD on average, at least ${THRESHOLDS.costPerRunIncrease} times its ` +
            '7-day mean and more than its run-to-run spread explains: longer prompts, more steps or a pricier model.',
        }),
        alertRule({
          name: 'DriftwatchTokensPerRunHigh',
          severity: 'P2',
          category: 'context_cost',
          for: '10m',
          expr: perRunRise(INPUT_TOKENS_PER_RUN, THRESHOLDS.tokensPerRunIncrease, tolerance),
          summary: `{{ $labels.${LABEL.agent} }} sends {{ $value | printf "%.0f" }} input tokens per run, ${tokensIncreasePercent}%+ over its 7-day baseline`,
          description:
            `Over the last ${testedWindows} a run of {{ $labels.${LABEL.agent} }} ({{ $labels.${LABEL.service} }}) ` +
            `sent {{ $value | printf "%.0f" }} input tokens on average, at least ${THRESHOLDS.tokensPerRunIncrease} ` +
            `times its 7-day mean and more than its run-to-run spread explains, while the number of runs stayed ` +
            `within a factor ${tolerance} of its own: context accumulates (history, retrieved documents, tool ` +
            'results) or something injects text. Cost may not show it yet when output dominates the price.',
        }),
        alertRule({
          name: 'DriftwatchStepsPerRunUp',
          severity: 'P2',
          category: 'context_cost',
          for: '10m',
          expr: perRunRise(STEPS_PER_RUN, THRESHOLDS.stepsPerRunIncrease, tolerance),
          summary: `{{ $labels.${LABEL.agent} }} takes {{ $value | printf "%.1f" }} steps per run, with no change in volume`,
          description:
            `Runs of {{ $labels.${LABEL.agent} }} ({{ $labels.${LABEL.service} }}) took {{ $value | printf "%.1f" }} ` +
            `LLM and tool calls on average over the last ${testedWindows}, at least ${THRESHOLDS.stepsPerRunIncrease} ` +
            `times the 7-day baseline and more than chance explains, while the number of runs stayed within a factor ` +
            `${tolerance} of its own: the agent loops or retries more.`,
        }),
        alertRule({
          name: 'DriftwatchDailySpendOverBudget',
          severity: 'P2',
          category: 'context_cost',
          for: '5m',
          expr: [
            '(',
            `  ${spendPerService}`,
            `  > ${on([LABEL.service])} ${RECORD.dailyBudget}`,
            ')',
            'or',
            '(',
            `  (${spendPerService} unless ${on([LABEL.service])} ${RECORD.dailyBudget})`,
            `  > on () group_left () ${RECORD.dailyBudget}{${LABEL.service}=""}`,
            ')',
          ].join('\n'),
          summary: `{{ $labels.${LABEL.service} }} spent {{ $value | printf "%.2f" }} USD on LLM calls in 24 h, over its budget`,
          description:
            `LLM calls of {{ $labels.${LABEL.service} }} cost {{ $value | printf "%.2f" }} USD over the last 24 hours, ` +
            `more than its daily budget (recording rule ${RECORD.dailyBudget}, default ${THRESHOLDS.dailyBudgetUsd} USD).`,
        }),
      ],
    },
  ],
};
