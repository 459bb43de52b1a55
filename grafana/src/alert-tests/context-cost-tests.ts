import {
  DRIFTWATCH_CONTEXT_FILL_BUCKETS,
  GEN_AI_TOKEN_TYPE_VALUE_INPUT,
  METRIC_DRIFTWATCH_AGENT_COST,
  METRIC_DRIFTWATCH_AGENT_EXECUTIONS,
  METRIC_DRIFTWATCH_AGENT_STEPS,
  METRIC_DRIFTWATCH_AGENT_TOKENS,
  METRIC_DRIFTWATCH_CONTEXT_FILL_RATIO,
  METRIC_DRIFTWATCH_LLM_COST,
  type MetricDefinition,
} from '@driftwatch/semconv';
import { RECORD } from '../alerts/recording-rules.ts';
import { bucket, countOf, LABEL, series, sumOf } from '../names.ts';
import { AGENT, DAY, MODEL, minute, RUN, SERVICE } from './fixtures.ts';
import { counter, gauge } from './series-notation.ts';
import type { AlertTestFile, AlertUnitTest, InputSeries, Labels } from './unit-test-types.ts';

const FULL = 'DriftwatchContextWindowNearlyFull';
const COST = 'DriftwatchCostPerRunHigh';
const STEPS = 'DriftwatchStepsPerRunUp';
const TOKENS = 'DriftwatchTokensPerRunHigh';
const BUDGET = 'DriftwatchDailySpendOverBudget';
const FILL: Labels = { ...AGENT, ...MODEL };
const FILL_ALERT_LABELS: Labels = { ...AGENT, [LABEL.requestModel]: MODEL[LABEL.requestModel] as string };

/**
 * Context-fill histogram series: per minute, `calls` calls of which `fullShare` fill 97% of the window (bucket
 * 0.95..0.98) and the rest 30% (bucket 0.25..0.5), for each phase.
 */
function fillHistogram(
  phases: ReadonlyArray<readonly [calls: number, fullShare: number, steps: number]>,
): InputSeries[] {
  const bounds = [...DRIFTWATCH_CONTEXT_FILL_BUCKETS.map(String), '+Inf'];
  const perBucket = (le: number) => (calls: number, fullShare: number) => {
    if (le < 0.3) return 0;
    if (le < 0.97) return calls * (1 - fullShare);
    return calls;
  };
  const histogram = bounds.map((le) => {
    const countAt = perBucket(le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le));
    return {
      name: bucket(METRIC_DRIFTWATCH_CONTEXT_FILL_RATIO),
      labels: { ...FILL, le },
      values: counter(phases.map(([calls, fullShare, steps]) => [countAt(calls, fullShare), steps] as const)),
    };
  });
  return [
    ...histogram,
    {
      name: countOf(METRIC_DRIFTWATCH_CONTEXT_FILL_RATIO),
      labels: FILL,
      values: counter(phases.map(([calls, , steps]) => [calls, steps] as const)),
    },
  ];
}

/** A day of history: enough for the 7-day baseline's average, and promtool stays fast. */
const HISTORY = DAY;

/**
 * A day at the baseline value per run, two hours at the bad one, three hours back; 600 runs an hour, sampled
 * every 10 minutes. `others` are series that stay at their baseline meanwhile (cost while tokens rise).
 */
function perRunRise(options: {
  alert: string;
  metric: MetricDefinition;
  labels?: Labels;
  baseline: number;
  bad: number;
  others?: readonly InputSeries[];
  quiet?: readonly string[];
}): AlertUnitTest {
  const { alert, metric, baseline, bad } = options;
  const labels = options.labels ?? AGENT;
  const end = HISTORY + 300;
  const perStep = (value: number) => Number((100 * value).toFixed(6));
  return {
    name: `${alert}: ${bad} per run against a 7-day baseline of ${baseline} fires, and resolves${options.quiet ? `; ${options.quiet.join(', ')} stays quiet` : ''}`,
    interval: '10m',
    series: [
      { name: series(METRIC_DRIFTWATCH_AGENT_EXECUTIONS), labels: RUN, values: counter([[100, end / 10]]) },
      { name: countOf(metric), labels, values: counter([[100, end / 10]]) },
      {
        name: sumOf(metric),
        labels,
        values: counter([
          [perStep(baseline), HISTORY / 10],
          [perStep(bad), 12],
          [perStep(baseline), 18],
        ]),
      },
      ...(options.others ?? []),
    ],
    checks: [
      { at: minute(HISTORY), alert, firing: [] },
      { at: minute(HISTORY + 120), alert, firing: [{ labels: AGENT, value: bad }] },
      ...(options.quiet ?? []).map((other) => ({ at: minute(HISTORY + 120), alert: other, firing: [] })),
      { at: minute(end), alert, firing: [] },
    ],
  };
}

const INPUT_TOKENS: Labels = { ...AGENT, [LABEL.tokenType]: GEN_AI_TOKEN_TYPE_VALUE_INPUT };

/** A flat cost per run of 0.005 USD over the whole perRunRise test. */
const flatCost: InputSeries[] = [
  { name: countOf(METRIC_DRIFTWATCH_AGENT_COST), labels: AGENT, values: counter([[100, (HISTORY + 300) / 10]]) },
  { name: sumOf(METRIC_DRIFTWATCH_AGENT_COST), labels: AGENT, values: counter([[0.5, (HISTORY + 300) / 10]]) },
];

const cost = series(METRIC_DRIFTWATCH_LLM_COST);
const OTHER_SERVICE: Labels = { ...SERVICE, [LABEL.service]: 'support-bot' };

export const CONTEXT_COST_TESTS: AlertTestFile = {
  ruleFile: 'context-cost',
  alsoLoads: ['driftwatch-budget'],
  evaluationInterval: '5m',
  tests: [
    {
      name: `${FULL}: half the calls at 97% fill puts the p95 at 97.7%: fires, and resolves when fills return to 30%`,
      series: fillHistogram([
        [10, 0, 60],
        [10, 0.5, 60],
        [10, 0, 60],
      ]),
      checks: [
        { at: '60m', alert: FULL, firing: [] },
        { at: '120m', alert: FULL, firing: [{ labels: FILL_ALERT_LABELS, value: 0.977 }] },
        { at: '180m', alert: FULL, firing: [] },
      ],
    },
    {
      name: `${FULL}: every call at 97% fill, but 15 calls in 30 minutes: quiet`,
      series: fillHistogram([[0.5, 1, 60]]),
      checks: [{ at: '60m', alert: FULL, firing: [] }],
    },
    perRunRise({ alert: COST, metric: METRIC_DRIFTWATCH_AGENT_COST, baseline: 0.005, bad: 0.0075 }),
    perRunRise({
      alert: TOKENS,
      metric: METRIC_DRIFTWATCH_AGENT_TOKENS,
      labels: INPUT_TOKENS,
      baseline: 4000,
      bad: 6000,
      others: flatCost,
      quiet: [COST],
    }),
    {
      name: `${COST}: at 15 priced runs an hour, two hours at twice the cost are too few runs to judge: quiet`,
      interval: '10m',
      series: [
        { name: countOf(METRIC_DRIFTWATCH_AGENT_COST), labels: AGENT, values: counter([[2.5, (DAY + 120) / 10]]) },
        {
          name: sumOf(METRIC_DRIFTWATCH_AGENT_COST),
          labels: AGENT,
          values: counter([
            [0.0125, DAY / 10],
            [0.025, 12],
          ]),
        },
      ],
      checks: [{ at: minute(DAY + 120), alert: COST, firing: [] }],
    },
    perRunRise({ alert: STEPS, metric: METRIC_DRIFTWATCH_AGENT_STEPS, baseline: 4, bad: 6 }),
    {
      name: `${STEPS}: twice the steps per run while runs tripled is a volume change, not the agent: quiet`,
      interval: '10m',
      series: [
        {
          name: series(METRIC_DRIFTWATCH_AGENT_EXECUTIONS),
          labels: RUN,
          values: counter([
            [100, DAY / 10],
            [300, 12],
          ]),
        },
        {
          name: countOf(METRIC_DRIFTWATCH_AGENT_STEPS),
          labels: AGENT,
          values: counter([
            [100, DAY / 10],
            [300, 12],
          ]),
        },
        {
          name: sumOf(METRIC_DRIFTWATCH_AGENT_STEPS),
          labels: AGENT,
          values: counter([
            [400, DAY / 10],
            [2400, 12],
          ]),
        },
      ],
      checks: [{ at: minute(DAY + 120), alert: STEPS, firing: [] }],
    },
    {
      name: `${BUDGET}: 144 USD in a day over the default 100 fires; a service with its own 200 budget does not; resolves`,
      series: [
        {
          name: cost,
          labels: { ...AGENT, ...MODEL },
          values: counter([
            [0.1, DAY],
            [0, DAY + 60],
          ]),
        },
        {
          name: cost,
          labels: { ...OTHER_SERVICE, ...MODEL },
          values: counter([
            [0.1, DAY],
            [0, DAY + 60],
          ]),
        },
        { name: RECORD.dailyBudget, labels: { [LABEL.service]: 'support-bot' }, values: gauge([200, 2 * DAY + 61]) },
      ],
      checks: [
        { at: '900m', alert: BUDGET, firing: [] },
        { at: minute(DAY), alert: BUDGET, firing: [{ labels: { [LABEL.service]: 'lead-qualifier' }, value: 144 }] },
        { at: minute(2 * DAY + 60), alert: BUDGET, firing: [] },
      ],
    },
  ],
};
