// Overview: runs, outcome mix, escalation and repeat rates, quality, cost per run and per day, latency, TTFT and
// tokens, by agent and model, with the seed's baselines and thresholds drawn in.
import {
  METRIC_DRIFTWATCH_AGENT_COST,
  METRIC_DRIFTWATCH_AGENT_DURATION,
  METRIC_DRIFTWATCH_AGENT_ESCALATIONS,
  METRIC_DRIFTWATCH_AGENT_EXECUTIONS,
  METRIC_DRIFTWATCH_AGENT_REPEATS,
  METRIC_DRIFTWATCH_AGENT_TOKENS,
  METRIC_DRIFTWATCH_EVALUATION_SCORE,
  METRIC_DRIFTWATCH_LLM_COST,
  METRIC_DRIFTWATCH_OUTCOME_VALUE,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
} from '@driftwatch/semconv';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { RECORD } from '../alerts/recording-rules.ts';
import { bucket, countOf, LABEL, series, sumOf } from '../names.ts';
import { rate, ratioOrZero, selector, sumBy } from '../promql.ts';
import { SEED_REFERENCE, THRESHOLDS } from '../settings.ts';
import { PROMETHEUS_DATASOURCE } from './datasources.ts';
import { composeDashboard, statPanel, tablePanel, timeseriesPanel } from './panels.ts';
import { histogramMean, meanDropPanel, quantile, RATE, spendAgainstBudgetPanel } from './query-shapes.ts';
import { AGENT_FILTER, AGENT_VARIABLES, MODEL_FILTER, modelVariable } from './variables.ts';

const runs = selector(series(METRIC_DRIFTWATCH_AGENT_EXECUTIONS), AGENT_FILTER);
const escalations = selector(series(METRIC_DRIFTWATCH_AGENT_ESCALATIONS), AGENT_FILTER);
const repeats = selector(series(METRIC_DRIFTWATCH_AGENT_REPEATS), AGENT_FILTER);
const byAgent = [LABEL.agent];

/** Share of runs over the range, 0 when none of them escalated or repeated. */
const rangeShare = (counter: string) =>
  `(sum(increase(${counter}[$__range])) or vector(0))\n/\nsum(increase(${runs}[$__range]))`;

/** `max(factor * baseline, baseline + increase)`, the rise that pages, per agent. */
function alertLine(baseline: string, factor: number, increase: number): string {
  return `(${factor} * ${baseline}) > (${baseline} + ${increase})\nor\n(${baseline} + ${increase})`;
}

/** A rate by agent with its 7-day baseline and the line the alert fires at. */
function ratioWithBaseline(options: {
  title: string;
  description: string;
  counter: string;
  record: string;
  factor: number;
  increase: number;
  seed: readonly [number, number];
}) {
  const baseline = `avg by (${LABEL.agent}) (avg_over_time(${options.record}{${AGENT_FILTER}}[7d]))`;
  return timeseriesPanel({
    title: options.title,
    description: options.description,
    unit: 'percentunit',
    min: 0,
    queries: [
      {
        expr: ratioOrZero({
          numerator: sumBy(byAgent, rate(options.counter, RATE)),
          denominator: sumBy(byAgent, rate(runs, RATE)),
        }),
        legend: `{{${LABEL.agent}}}`,
      },
      { expr: baseline, legend: `{{${LABEL.agent}}} 7-day baseline` },
      { expr: alertLine(baseline, options.factor, options.increase), legend: `{{${LABEL.agent}}} alert threshold` },
    ],
    thresholdLines: [
      { value: options.seed[0], color: 'yellow' },
      { value: options.seed[1], color: 'red' },
    ],
  });
}

const p95 = (labels: readonly string[], bucketSeries: string) => quantile(0.95, labels, bucketSeries);

export function overviewDashboard() {
  const costPerRunBaseline = `avg by (${LABEL.agent}) (avg_over_time(${RECORD.costPerRun}{${AGENT_FILTER}}[7d]))`;
  return composeDashboard({
    uid: 'driftwatch-overview',
    title: 'Driftwatch / Overview',
    description:
      'AI agents at a glance: runs and outcomes, escalation and repeat rates, quality, cost, latency and tokens.',
    variables: [...AGENT_VARIABLES, modelVariable],
    annotations: [
      new dashboard.AnnotationQueryBuilder()
        .name('Driftwatch alerts')
        .datasource(PROMETHEUS_DATASOURCE)
        .enable(true)
        .iconColor('red')
        .expr(`ALERTS{alertname=~"Driftwatch.*", alertstate="firing", ${LABEL.service}=~"$service"}`)
        .titleFormat('{{alertname}}')
        .textFormat('{{severity}} {{gen_ai_agent_name}}')
        .step('60s'),
    ],
    rows: [
      {
        title: 'Runs',
        panels: [
          statPanel({
            title: 'Runs',
            description: 'Agent runs in the selected range.',
            unit: 'short',
            query: { expr: `sum(increase(${runs}[$__range]))`, instant: true },
          }),
          statPanel({
            title: 'Escalation rate',
            description: `Share of runs handed to a human. The seed's baseline is ${SEED_REFERENCE.escalationBaseline * 100}%, ${SEED_REFERENCE.escalationAlarming * 100}% is alarming.`,
            unit: 'percentunit',
            query: { expr: rangeShare(escalations), instant: true },
            thresholdLines: [
              { value: SEED_REFERENCE.escalationBaseline, color: 'yellow' },
              { value: SEED_REFERENCE.escalationAlarming, color: 'red' },
            ],
          }),
          statPanel({
            title: 'Repeat rate',
            description: `Share of runs that repeat a task already completed. Seed: ${SEED_REFERENCE.repeatBaseline * 100}% normal, ${SEED_REFERENCE.repeatAlarming * 100}% alarming.`,
            unit: 'percentunit',
            query: { expr: rangeShare(repeats), instant: true },
            thresholdLines: [
              { value: SEED_REFERENCE.repeatBaseline, color: 'yellow' },
              { value: SEED_REFERENCE.repeatAlarming, color: 'red' },
            ],
          }),
          statPanel({
            title: 'LLM spend',
            description: 'Cost of the priced LLM calls in the selected range (unpriced calls are not counted as 0).',
            unit: 'currencyUSD',
            query: {
              expr: `sum(increase(${selector(series(METRIC_DRIFTWATCH_LLM_COST), AGENT_FILTER)}[$__range]))`,
              instant: true,
            },
          }),
          timeseriesPanel({
            title: 'Runs per minute by outcome',
            description: 'success, error (the run threw) and escalated (handed to a human).',
            unit: 'short',
            stacking: 'normal',
            queries: [
              {
                expr: `${sumBy([LABEL.outcome], rate(runs, RATE))} * 60`,
                legend: `{{${LABEL.outcome}}}`,
              },
            ],
          }),
          timeseriesPanel({
            title: 'Outcome mix',
            description: 'The same runs as shares of the total.',
            unit: 'short',
            stacking: 'percent',
            queries: [{ expr: sumBy([LABEL.outcome], rate(runs, RATE)), legend: `{{${LABEL.outcome}}}` }],
          }),
        ],
      },
      {
        title: 'Silent failure',
        panels: [
          ratioWithBaseline({
            title: 'Escalation rate, 7-day baseline and alert threshold',
            description: `Dashed: the seed's ${SEED_REFERENCE.escalationBaseline * 100}% baseline and ${SEED_REFERENCE.escalationAlarming * 100}% alarming rate. DriftwatchEscalationRateHigh fires above the alert threshold line when the change is also beyond chance for the number of runs (docs/alerts.md).`,
            counter: escalations,
            record: RECORD.escalationRatio,
            factor: THRESHOLDS.escalationRateFactor,
            increase: THRESHOLDS.escalationRateIncrease,
            seed: [SEED_REFERENCE.escalationBaseline, SEED_REFERENCE.escalationAlarming],
          }),
          ratioWithBaseline({
            title: 'Repeat rate, 7-day baseline and alert threshold',
            description: `Dashed: the seed's ${SEED_REFERENCE.repeatBaseline * 100}% and ${SEED_REFERENCE.repeatAlarming * 100}%. DriftwatchRepeatRateHigh fires above the alert threshold line when the change is also beyond chance for the number of runs (docs/alerts.md).`,
            counter: repeats,
            record: RECORD.repeatRatio,
            factor: THRESHOLDS.repeatRateFactor,
            increase: THRESHOLDS.repeatRateIncrease,
            seed: [SEED_REFERENCE.repeatBaseline, SEED_REFERENCE.repeatAlarming],
          }),
          meanDropPanel({
            title: 'Quality score by evaluator, 1-day mean and alert threshold',
            description: `Mean evaluation score (0..1). DriftwatchQualityScoreDrop fires under ${THRESHOLDS.qualityDropRatio} times its 7-day mean when the change is also beyond chance for the number of runs (docs/alerts.md).`,
            metric: METRIC_DRIFTWATCH_EVALUATION_SCORE,
            record: RECORD.evaluationScore,
            label: LABEL.evaluation,
            filter: AGENT_FILTER,
          }),
          meanDropPanel({
            title: 'Business outcomes, 1-day mean and alert threshold',
            description: 'Mean of each recordOutcome value (true = 1): the success ratio of each business outcome.',
            metric: METRIC_DRIFTWATCH_OUTCOME_VALUE,
            record: RECORD.outcomeValue,
            label: LABEL.outcomeName,
            filter: AGENT_FILTER,
          }),
        ],
      },
      {
        title: 'Cost, latency and tokens',
        panels: [
          timeseriesPanel({
            title: 'Cost per run, 7-day baseline and +50%',
            description: `Mean cost of a priced run. DriftwatchCostPerRunHigh fires above ${THRESHOLDS.costPerRunIncrease} times the 7-day baseline when the change is also beyond chance for the number of runs (docs/alerts.md).`,
            unit: 'currencyUSD',
            min: 0,
            queries: [
              {
                expr: histogramMean(METRIC_DRIFTWATCH_AGENT_COST, byAgent, AGENT_FILTER),
                legend: `{{${LABEL.agent}}}`,
              },
              { expr: costPerRunBaseline, legend: `{{${LABEL.agent}}} 7-day baseline` },
              {
                expr: `${THRESHOLDS.costPerRunIncrease} * ${costPerRunBaseline}`,
                legend: `{{${LABEL.agent}}} alert threshold`,
              },
            ],
          }),
          spendAgainstBudgetPanel(AGENT_FILTER),
          timeseriesPanel({
            title: 'p95 duration of runs and LLM calls',
            description: 'Wall time of agent runs (by agent) and of LLM calls (by requested model).',
            unit: 's',
            queries: [
              {
                expr: p95(byAgent, selector(bucket(METRIC_DRIFTWATCH_AGENT_DURATION), AGENT_FILTER)),
                legend: `run {{${LABEL.agent}}}`,
              },
              {
                expr: p95(
                  [LABEL.requestModel],
                  selector(bucket(METRIC_GEN_AI_CLIENT_OPERATION_DURATION), MODEL_FILTER),
                ),
                legend: `call {{${LABEL.requestModel}}}`,
              },
            ],
          }),
          timeseriesPanel({
            title: 'p95 time to first chunk',
            description: 'Streaming calls only: time from the request to the first streamed chunk.',
            unit: 's',
            queries: [
              {
                expr: p95(
                  [LABEL.requestModel],
                  selector(bucket(METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK), MODEL_FILTER),
                ),
                legend: `{{${LABEL.requestModel}}}`,
              },
            ],
          }),
          timeseriesPanel({
            title: 'Tokens per second by model and type',
            description: 'Input and output tokens of LLM calls.',
            unit: 'short',
            queries: [
              {
                expr: sumBy(
                  [LABEL.requestModel, LABEL.tokenType],
                  rate(selector(sumOf(METRIC_GEN_AI_CLIENT_TOKEN_USAGE), MODEL_FILTER), RATE),
                ),
                legend: `{{${LABEL.requestModel}}} {{${LABEL.tokenType}}}`,
              },
            ],
          }),
          timeseriesPanel({
            title: 'p95 tokens per run',
            description: 'Input and output tokens of a whole run, nested agents included.',
            unit: 'short',
            queries: [
              {
                expr: p95(
                  [LABEL.agent, LABEL.tokenType],
                  selector(bucket(METRIC_DRIFTWATCH_AGENT_TOKENS), AGENT_FILTER),
                ),
                legend: `{{${LABEL.agent}}} {{${LABEL.tokenType}}}`,
              },
            ],
          }),
        ],
      },
      {
        title: 'By agent and model',
        panels: [
          tablePanel({
            title: 'Agents',
            description: 'Runs, spend and p95 duration of each agent over the selected range.',
            queries: [
              { expr: sumBy(byAgent, `increase(${runs}[$__range])`), instant: true, format: 'table' },
              {
                expr: sumBy(
                  byAgent,
                  `increase(${selector(sumOf(METRIC_DRIFTWATCH_AGENT_COST), AGENT_FILTER)}[$__range])`,
                ),
                instant: true,
                format: 'table',
              },
              {
                expr: `histogram_quantile(0.95, ${sumBy([LABEL.agent, 'le'], `increase(${selector(bucket(METRIC_DRIFTWATCH_AGENT_DURATION), AGENT_FILTER)}[$__range])`)})`,
                instant: true,
                format: 'table',
              },
            ],
            transformations: [
              { id: 'merge', options: {} },
              {
                id: 'organize',
                options: {
                  excludeByName: { Time: true },
                  renameByName: { 'Value #A': 'Runs', 'Value #B': 'Spend (USD)', 'Value #C': 'p95 duration (s)' },
                },
              },
            ],
          }),
          timeseriesPanel({
            title: 'LLM calls per minute by requested and response model',
            description: 'Which checkpoint answers each requested label.',
            unit: 'short',
            queries: [
              {
                expr: `${sumBy(
                  [LABEL.requestModel, LABEL.responseModel],
                  rate(selector(countOf(METRIC_GEN_AI_CLIENT_OPERATION_DURATION), MODEL_FILTER), RATE),
                )} * 60`,
                legend: `{{${LABEL.requestModel}}} -> {{${LABEL.responseModel}}}`,
              },
            ],
          }),
        ],
      },
    ],
  });
}
