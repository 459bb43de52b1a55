import {
  DRIFTWATCH_ESCALATION_CATEGORY_VALUE_UNSPECIFIED,
  METRIC_DRIFTWATCH_AGENT_ESCALATIONS,
  METRIC_DRIFTWATCH_AGENT_EXECUTIONS,
  METRIC_DRIFTWATCH_AGENT_REPEATS,
  METRIC_DRIFTWATCH_EVALUATION_DROPPED,
  METRIC_DRIFTWATCH_EVALUATION_SCORE,
  METRIC_DRIFTWATCH_OUTCOME_VALUE,
  type MetricDefinition,
} from '@driftwatch/semconv';
import { countOf, LABEL, series, sumOf } from '../names.ts';
import { AGENT, DAY, MODEL, minute, RUN, SERVICE } from './fixtures.ts';
import { counter } from './series-notation.ts';
import type { AlertTestFile, AlertUnitTest, Labels } from './unit-test-types.ts';

const runs = series(METRIC_DRIFTWATCH_AGENT_EXECUTIONS);
const escalations = series(METRIC_DRIFTWATCH_AGENT_ESCALATIONS);
const repeats = series(METRIC_DRIFTWATCH_AGENT_REPEATS);
const ESCALATION: Labels = { ...AGENT, [LABEL.escalationCategory]: DRIFTWATCH_ESCALATION_CATEGORY_VALUE_UNSPECIFIED };
const EVALUATION: Labels = { ...AGENT, ...MODEL, [LABEL.evaluation]: 'verdict_schema' };
const OUTCOME: Labels = { ...AGENT, [LABEL.outcomeName]: 'crm_field_correct' };

/** A day of history: enough for the 7-day baseline's average, and promtool stays fast. */
const HISTORY = DAY;

/**
 * A day at the baseline share, two hours at the bad share, three hours back at the baseline; sampled every 10
 * minutes, which is plenty for 1-hour rates and keeps promtool fast. At 20 runs an hour the same change is within
 * chance for an hour, and pages from the 12-hour window once half a day shows it.
 */
function ratioRise(options: {
  alert: string;
  counterName: string;
  counterLabels: Labels;
  runsPerMinute: number;
  baseline: number;
  bad: number;
}): AlertUnitTest[] {
  const { alert, counterName, counterLabels, baseline, bad } = options;
  const runsPerStep = options.runsPerMinute * 10;
  const share = (runs: number, value: number) => Number((runs * value).toFixed(6));
  const end = HISTORY + 120 + 180;
  const lowVolume = 20 / 6;
  const lowEnd = DAY + 720 + 120;
  return [
    {
      name: `${alert}: ${bad * 100}% against a ${baseline * 100}% baseline fires, and resolves when it returns`,
      interval: '10m',
      series: [
        { name: runs, labels: RUN, values: counter([[runsPerStep, end / 10]]) },
        {
          name: counterName,
          labels: counterLabels,
          values: counter([
            [share(runsPerStep, baseline), HISTORY / 10],
            [share(runsPerStep, bad), 12],
            [share(runsPerStep, baseline), 18],
          ]),
        },
      ],
      checks: [
        { at: minute(HISTORY), alert, firing: [] },
        { at: minute(HISTORY + 120), alert, firing: [{ labels: AGENT, value: bad }] },
        { at: minute(end), alert, firing: [] },
      ],
    },
    {
      name: `${alert}: at 20 runs an hour, ${bad * 100}% is within chance for hours (quiet), beyond it over 12 hours (fires), and resolves`,
      interval: '10m',
      series: [
        { name: runs, labels: RUN, values: counter([[lowVolume, lowEnd / 10]]) },
        {
          name: counterName,
          labels: counterLabels,
          values: counter([
            [share(lowVolume, baseline), DAY / 10],
            [share(lowVolume, bad), 72],
            [share(lowVolume, baseline), 12],
          ]),
        },
      ],
      checks: [
        { at: minute(DAY + 300), alert, firing: [] },
        { at: minute(DAY + 720), alert, firing: [{ labels: AGENT, value: bad }] },
        { at: minute(lowEnd), alert, firing: [] },
      ],
    },
  ];
}

/**
 * A day at the baseline mean, two hours at the bad mean, three hours back. At 15 values an hour the same drop is
 * within chance.
 */
function meanDrop(options: {
  alert: string;
  metric: MetricDefinition;
  labels: Labels;
  baseline: number;
  bad: number;
}): AlertUnitTest[] {
  const { alert, metric, labels, baseline, bad } = options;
  const start = DAY;
  const end = start + 120 + 180;
  return [
    {
      name: `${alert}: a mean of ${bad} after a day at ${baseline} fires, and resolves when it recovers`,
      interval: '5m',
      series: [
        { name: countOf(metric), labels, values: counter([[50, end / 5]]) },
        {
          name: sumOf(metric),
          labels,
          values: counter([
            [50 * baseline, start / 5],
            [50 * bad, 24],
            [50 * baseline, 36],
          ]),
        },
      ],
      checks: [
        { at: minute(start), alert, firing: [] },
        { at: minute(start + 120), alert, firing: [{ labels: withoutModel(labels), value: bad }] },
        { at: minute(end), alert, firing: [] },
      ],
    },
    {
      name: `${alert}: with 15 values an hour the same drop is within chance: quiet`,
      interval: '5m',
      series: [
        { name: countOf(metric), labels, values: counter([[1.25, end / 5]]) },
        {
          name: sumOf(metric),
          labels,
          values: counter([
            [1.25 * baseline, start / 5],
            [1.25 * bad, 60],
          ]),
        },
      ],
      checks: [{ at: minute(start + 120), alert, firing: [] }],
    },
  ];
}

/** The alert's labels: the recording rules keep service, environment, agent and the evaluation or outcome name. */
function withoutModel(labels: Labels): Labels {
  const { [LABEL.provider]: _provider, [LABEL.requestModel]: _model, ...rest } = labels;
  return rest;
}

const dropped = series(METRIC_DRIFTWATCH_EVALUATION_DROPPED);
const DROPPED: Labels = { ...SERVICE, [LABEL.evaluation]: 'verdict_judge', [LABEL.dropReason]: 'queue_full' };
const SCORED: Labels = { ...EVALUATION, [LABEL.evaluation]: 'verdict_judge' };
const DROP_ALERT_LABELS: Labels = { ...SERVICE, [LABEL.evaluation]: 'verdict_judge' };

export const SILENT_FAILURE_TESTS: AlertTestFile = {
  ruleFile: 'silent-failure',
  alsoLoads: [],
  evaluationInterval: '5m',
  tests: [
    ...ratioRise({
      alert: 'DriftwatchEscalationRateHigh',
      counterName: escalations,
      counterLabels: ESCALATION,
      runsPerMinute: 20,
      baseline: 0.15,
      bad: 0.35,
    }),
    {
      name: 'DriftwatchEscalationRateHigh: an agent that never escalated (no escalation series yet) has a baseline of 0, not none',
      interval: '10m',
      series: [
        { name: runs, labels: RUN, values: counter([[200, (DAY + 300) / 10]]) },
        {
          name: escalations,
          labels: ESCALATION,
          values: counter(
            [
              [70, 12],
              [0, 18],
            ],
            DAY / 10 + 1,
          ),
        },
      ],
      checks: [
        { at: minute(DAY + 120), alert: 'DriftwatchEscalationRateHigh', firing: [{ labels: AGENT, value: 0.35 }] },
        { at: minute(DAY + 300), alert: 'DriftwatchEscalationRateHigh', firing: [] },
      ],
    },
    ...ratioRise({
      alert: 'DriftwatchRepeatRateHigh',
      counterName: repeats,
      counterLabels: AGENT,
      runsPerMinute: 20,
      baseline: 0.05,
      bad: 0.2,
    }),
    ...meanDrop({
      alert: 'DriftwatchQualityScoreDrop',
      metric: METRIC_DRIFTWATCH_EVALUATION_SCORE,
      labels: EVALUATION,
      baseline: 0.9,
      bad: 0.6,
    }),
    ...meanDrop({
      alert: 'DriftwatchBusinessOutcomeDrop',
      metric: METRIC_DRIFTWATCH_OUTCOME_VALUE,
      labels: OUTCOME,
      baseline: 0.95,
      bad: 0.5,
    }),
    {
      name: 'DriftwatchEvaluationsDropping: a third of the evaluations dropped fires, and resolves when drops stop',
      series: [
        { name: countOf(METRIC_DRIFTWATCH_EVALUATION_SCORE), labels: SCORED, values: counter([[10, 180]]) },
        {
          name: dropped,
          labels: DROPPED,
          values: counter(
            [
              [5, 60],
              [0, 60],
            ],
            60,
          ),
        },
      ],
      checks: [
        { at: '55m', alert: 'DriftwatchEvaluationsDropping', firing: [] },
        { at: '115m', alert: 'DriftwatchEvaluationsDropping', firing: [{ labels: DROP_ALERT_LABELS, value: 1 / 3 }] },
        { at: '180m', alert: 'DriftwatchEvaluationsDropping', firing: [] },
      ],
    },
    {
      name: 'DriftwatchEvaluationsDropping: every evaluation dropped and no score series at all still fires (100%)',
      series: [{ name: dropped, labels: DROPPED, values: counter([[5, 60]]) }],
      checks: [
        { at: '40m', alert: 'DriftwatchEvaluationsDropping', firing: [{ labels: DROP_ALERT_LABELS, value: 1 }] },
      ],
    },
    {
      name: 'DriftwatchEvaluationsDropping: under 10 drops in 30 minutes it stays quiet',
      series: [{ name: dropped, labels: DROPPED, values: counter([[0.25, 60]]) }],
      checks: [{ at: '60m', alert: 'DriftwatchEvaluationsDropping', firing: [] }],
    },
  ],
};
