// Cost and context: cost by model and agent, spend against budget, the cost-per-run distribution, the most
// expensive runs (Tempo), and context-window fill with the 75% and 95% lines.
import {
  GEN_AI_TOKEN_TYPE_VALUE_INPUT,
  METRIC_DRIFTWATCH_AGENT_COST,
  METRIC_DRIFTWATCH_AGENT_STEPS,
  METRIC_DRIFTWATCH_AGENT_TOKENS,
  METRIC_DRIFTWATCH_CONTEXT_FILL_RATIO,
  METRIC_DRIFTWATCH_LLM_COST,
  METRIC_DRIFTWATCH_LLM_UNPRICED_CALLS,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  type MetricDefinition,
} from '@driftwatch/semconv';
import { RECORD } from '../alerts/recording-rules.ts';
import { bucket, LABEL, series } from '../names.ts';
import { rate, selector, sumBy } from '../promql.ts';
import { THRESHOLDS } from '../settings.ts';
import { composeDashboard, heatmapPanel, timeseriesPanel, traceTablePanel } from './panels.ts';
import { histogramMean, quantile, RATE, spendAgainstBudgetPanel } from './query-shapes.ts';
import { TRACEQL } from './traceql.ts';
import {
  AGENT_FILTER,
  AGENT_VARIABLES,
  costThresholdVariable,
  MODEL_FILTER,
  modelVariable,
  SERVICE_FILTER,
} from './variables.ts';

const cost = selector(series(METRIC_DRIFTWATCH_LLM_COST), AGENT_FILTER);
const AGENT_MODEL_FILTER = `${AGENT_FILTER}, ${LABEL.requestModel}=~"$model"`;

const mean = (metric: MetricDefinition) => histogramMean(metric, [], AGENT_FILTER);

export function costContextDashboard() {
  const costBaseline = `avg(avg_over_time(${RECORD.costPerRun}{${AGENT_FILTER}}[7d]))`;
  const stepsBaseline = `avg(avg_over_time(${RECORD.stepsPerRun}{${AGENT_FILTER}}[7d]))`;
  const fill = selector(bucket(METRIC_DRIFTWATCH_CONTEXT_FILL_RATIO), AGENT_MODEL_FILTER);
  return composeDashboard({
    uid: 'driftwatch-cost-context',
    title: 'Driftwatch / Cost and context',
    description: 'Where the money goes, against budget and baseline, and how full the context windows are.',
    variables: [...AGENT_VARIABLES, modelVariable, costThresholdVariable],
    rows: [
      {
        title: 'Cost',
        panels: [
          timeseriesPanel({
            title: 'Cost per hour by model',
            description: 'USD per hour of priced LLM calls, by requested model.',
            unit: 'currencyUSD',
            stacking: 'normal',
            queries: [
              { expr: `${sumBy([LABEL.requestModel], rate(cost, RATE))} * 3600`, legend: `{{${LABEL.requestModel}}}` },
            ],
          }),
          timeseriesPanel({
            title: 'Cost per hour by agent',
            description: 'Calls made outside any agent run have no agent.',
            unit: 'currencyUSD',
            stacking: 'normal',
            queries: [{ expr: `${sumBy([LABEL.agent], rate(cost, RATE))} * 3600`, legend: `{{${LABEL.agent}}}` }],
          }),
          spendAgainstBudgetPanel(SERVICE_FILTER),
          timeseriesPanel({
            title: 'Cost per run: mean, p95, 7-day baseline and +50%',
            description: `DriftwatchCostPerRunHigh fires when the mean passes ${THRESHOLDS.costPerRunIncrease} times its 7-day baseline when the change is also beyond chance for the number of runs (docs/alerts.md).`,
            unit: 'currencyUSD',
            min: 0,
            queries: [
              { expr: mean(METRIC_DRIFTWATCH_AGENT_COST), legend: 'mean' },
              {
                expr: quantile(0.95, [], selector(bucket(METRIC_DRIFTWATCH_AGENT_COST), AGENT_FILTER)),
                legend: 'p95',
              },
              { expr: costBaseline, legend: '7-day baseline' },
              { expr: `${THRESHOLDS.costPerRunIncrease} * ${costBaseline}`, legend: 'alert threshold' },
            ],
          }),
          heatmapPanel({
            title: 'Cost per run distribution',
            description: 'Runs per cost band over time: a second band appearing is a new kind of expensive run.',
            unit: 'currencyUSD',
            query: {
              expr: sumBy(['le'], `increase(${selector(bucket(METRIC_DRIFTWATCH_AGENT_COST), AGENT_FILTER)}[${RATE}])`),
              legend: '{{le}}',
            },
          }),
          timeseriesPanel({
            title: 'LLM calls that could not be priced',
            description:
              'Calls per minute whose cost is unknown, not zero, by model and reason: unknown_model (add it to the ' +
              'price table), usage_missing (a priced model answered without token usage: streams to an endpoint ' +
              'Driftwatch does not ask for stream usage; DRIFTWATCH_STREAM_USAGE=always if it accepts the field).',
            unit: 'short',
            queries: [
              {
                expr: `${sumBy([LABEL.requestModel, LABEL.unpricedReason], rate(selector(series(METRIC_DRIFTWATCH_LLM_UNPRICED_CALLS), MODEL_FILTER), RATE))} * 60`,
                legend: `{{${LABEL.requestModel}}} {{${LABEL.unpricedReason}}}`,
              },
            ],
          }),
          traceTablePanel({
            title: 'Most expensive runs (over $cost_threshold USD)',
            description: 'Agent runs whose LLM calls cost more than the threshold; sort by cost.',
            traceql: TRACEQL.expensiveRuns,
          }),
          traceTablePanel({
            title: 'Most expensive LLM calls (over $cost_threshold USD)',
            description: 'Single calls over the threshold: long prompts, big outputs or a pricey model.',
            traceql: TRACEQL.expensiveCalls,
          }),
        ],
      },
      {
        title: 'Context',
        panels: [
          timeseriesPanel({
            title: 'Context-window fill p50, p95, p99 by model',
            description: `Share of the model's context window the input takes. Lines at ${THRESHOLDS.contextFillWarning * 100}% and ${THRESHOLDS.contextFillCritical * 100}%: DriftwatchContextWindowNearlyFull fires when the p95 passes the second.`,
            unit: 'percentunit',
            min: 0,
            max: 1,
            thresholdLines: [
              { value: THRESHOLDS.contextFillWarning, color: 'orange' },
              { value: THRESHOLDS.contextFillCritical, color: 'red' },
            ],
            queries: [0.5, 0.95, 0.99].map((q) => ({
              expr: quantile(q, [LABEL.requestModel], fill),
              legend: `{{${LABEL.requestModel}}} p${q * 100}`,
            })),
          }),
          heatmapPanel({
            title: 'Context-window fill distribution',
            description: 'Calls per fill band: a band near 1 is context about to overflow.',
            unit: 'percentunit',
            query: { expr: sumBy(['le'], `increase(${fill}[${RATE}])`), legend: '{{le}}' },
          }),
          timeseriesPanel({
            title: 'p95 input tokens per call by model',
            description: 'Prompts growing over days (history, retrieved documents) show here before the fill alarms.',
            unit: 'short',
            queries: [
              {
                expr: quantile(
                  0.95,
                  [LABEL.requestModel],
                  selector(
                    bucket(METRIC_GEN_AI_CLIENT_TOKEN_USAGE),
                    `${MODEL_FILTER}, ${LABEL.tokenType}="${GEN_AI_TOKEN_TYPE_VALUE_INPUT}"`,
                  ),
                ),
                legend: `{{${LABEL.requestModel}}}`,
              },
            ],
          }),
          timeseriesPanel({
            title: 'p95 tokens per run by type',
            description: 'Whole runs, nested agents included.',
            unit: 'short',
            queries: [
              {
                expr: quantile(0.95, [LABEL.tokenType], selector(bucket(METRIC_DRIFTWATCH_AGENT_TOKENS), AGENT_FILTER)),
                legend: `{{${LABEL.tokenType}}}`,
              },
            ],
          }),
          timeseriesPanel({
            title: 'Steps per run, 7-day baseline and +50%',
            description: `LLM plus tool calls per run. DriftwatchStepsPerRunUp fires above ${THRESHOLDS.stepsPerRunIncrease} times the baseline while run volume is steady, the change is also beyond chance for the number of runs (docs/alerts.md).`,
            unit: 'short',
            min: 0,
            queries: [
              { expr: mean(METRIC_DRIFTWATCH_AGENT_STEPS), legend: 'mean' },
              { expr: stepsBaseline, legend: '7-day baseline' },
              { expr: `${THRESHOLDS.stepsPerRunIncrease} * ${stepsBaseline}`, legend: 'alert threshold' },
            ],
          }),
          traceTablePanel({
            title: `LLM calls over ${THRESHOLDS.contextFillCritical * 100}% of the context window`,
            description: 'Open one to see which input grew (the history, a tool result, retrieved documents).',
            traceql: TRACEQL.contextNearlyFull,
          }),
        ],
      },
    ],
  });
}
