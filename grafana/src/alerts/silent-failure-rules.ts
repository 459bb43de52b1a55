// Silent failure: wrong answers with no error. Quality scores, business outcomes, escalations, repeats, and the
// evaluation pipeline that produces the scores.
import {
  METRIC_DRIFTWATCH_AGENT_EXECUTIONS,
  METRIC_DRIFTWATCH_EVALUATION_DROPPED,
  METRIC_DRIFTWATCH_EVALUATION_SCORE,
  METRIC_DRIFTWATCH_OUTCOME_VALUE,
} from '@driftwatch/semconv';
import { AGENT_KEYS, countOf, LABEL, SERVICE_KEYS, series } from '../names.ts';
import { increase, on, rate, sumBy } from '../promql.ts';
import { MINIMUM_VOLUME, THRESHOLDS } from '../settings.ts';
import { alertRule } from './alert.ts';
import { RECORD } from './recording-rules.ts';
import type { AlertingRule, RuleFile } from './rule-types.ts';

const runsLastHour = sumBy(AGENT_KEYS, increase(series(METRIC_DRIFTWATCH_AGENT_EXECUTIONS), '1h'));
const dropPercent = Math.round((1 - THRESHOLDS.qualityDropRatio) * 100);

/** A mean over the last hour below `qualityDropRatio` of its mean over the day before, with enough samples. */
function meanDropExpression(options: {
  record: string;
  countSeries: string;
  keys: readonly string[];
  minimum: number;
}) {
  const { record, countSeries, keys, minimum } = options;
  return [
    `${record}`,
    `  < ${THRESHOLDS.qualityDropRatio} * avg_over_time(${record}[1d] offset 1h)`,
    `and ${on(keys)}`,
    `${sumBy(keys, increase(countSeries, '1h'))} >= ${minimum}`,
  ].join('\n');
}

/** A ratio at least `factor` times its 7-day mean and `increase` above it, for an agent with enough runs. */
function ratioRiseExpression(options: { record: string; factor: number; increase: number }) {
  const { record, factor } = options;
  return [
    `${record}`,
    `  >= ${factor} * avg_over_time(${record}[7d])`,
    `and`,
    `${record}`,
    `  >= ${options.increase} + avg_over_time(${record}[7d])`,
    `and ${on(AGENT_KEYS)}`,
    `${runsLastHour} >= ${MINIMUM_VOLUME.runsPerHour}`,
  ].join('\n');
}

const evaluationKeys = [...AGENT_KEYS, LABEL.evaluation];
const outcomeKeys = [...AGENT_KEYS, LABEL.outcomeName];
const dropKeys = [...SERVICE_KEYS, LABEL.evaluation];
const dropped = series(METRIC_DRIFTWATCH_EVALUATION_DROPPED);
const droppedRate = sumBy(dropKeys, rate(dropped, '30m'));
const scoredRate = sumBy(dropKeys, rate(countOf(METRIC_DRIFTWATCH_EVALUATION_SCORE), '30m'));

const ALERTS: AlertingRule[] = [
  alertRule({
    name: 'DriftwatchQualityScoreDrop',
    severity: 'P1',
    category: 'silent_failure',
    for: '15m',
    expr: meanDropExpression({
      record: RECORD.evaluationScore,
      countSeries: countOf(METRIC_DRIFTWATCH_EVALUATION_SCORE),
      keys: evaluationKeys,
      minimum: MINIMUM_VOLUME.evaluationsPerHour,
    }),
    summary: `{{ $labels.${LABEL.agent} }}: {{ $labels.${LABEL.evaluation} }} score dropped ${dropPercent}% or more in 24 h`,
    description:
      `The mean {{ $labels.${LABEL.evaluation} }} score of {{ $labels.${LABEL.agent} }} ({{ $labels.${LABEL.service} }}) ` +
      `over the last hour is {{ $value | printf "%.2f" }}, under ${THRESHOLDS.qualityDropRatio} times its mean over ` +
      'the day before. Answers are getting worse without errors.',
  }),
  alertRule({
    name: 'DriftwatchBusinessOutcomeDrop',
    severity: 'P1',
    category: 'silent_failure',
    for: '15m',
    expr: meanDropExpression({
      record: RECORD.outcomeValue,
      countSeries: countOf(METRIC_DRIFTWATCH_OUTCOME_VALUE),
      keys: outcomeKeys,
      minimum: MINIMUM_VOLUME.outcomesPerHour,
    }),
    summary: `{{ $labels.${LABEL.agent} }}: business outcome {{ $labels.${LABEL.outcomeName} }} dropped ${dropPercent}% or more in 24 h`,
    description:
      `The mean of {{ $labels.${LABEL.outcomeName} }} recorded for {{ $labels.${LABEL.agent} }} ` +
      `({{ $labels.${LABEL.service} }}) over the last hour is {{ $value | printf "%.2f" }}, under ` +
      `${THRESHOLDS.qualityDropRatio} times its mean over the day before.`,
  }),
  alertRule({
    name: 'DriftwatchEscalationRateHigh',
    severity: 'P1',
    category: 'silent_failure',
    for: '15m',
    expr: ratioRiseExpression({
      record: RECORD.escalationRatio,
      factor: THRESHOLDS.escalationRateFactor,
      increase: THRESHOLDS.escalationRateIncrease,
    }),
    summary: `{{ $labels.${LABEL.agent} }} escalates {{ $value | humanizePercentage }} of its runs to a human`,
    description:
      `{{ $labels.${LABEL.agent} }} ({{ $labels.${LABEL.service} }}) handed {{ $value | humanizePercentage }} of ` +
      `its runs to a human over the last hour: at least ${THRESHOLDS.escalationRateFactor} times its 7-day ` +
      `baseline and ${THRESHOLDS.escalationRateIncrease * 100} points above it.`,
  }),
  alertRule({
    name: 'DriftwatchRepeatRateHigh',
    severity: 'P2',
    category: 'silent_failure',
    for: '15m',
    expr: ratioRiseExpression({
      record: RECORD.repeatRatio,
      factor: THRESHOLDS.repeatRateFactor,
      increase: THRESHOLDS.repeatRateIncrease,
    }),
    summary: `{{ $value | humanizePercentage }} of {{ $labels.${LABEL.agent} }} runs repeat a task it already completed`,
    description:
      `{{ $labels.${LABEL.agent} }} ({{ $labels.${LABEL.service} }}) got {{ $value | humanizePercentage }} of its ` +
      'runs over the last hour for tasks it had completed within the repeat window: users are coming back because ' +
      `the first answer did not stick. At least ${THRESHOLDS.repeatRateFactor} times the 7-day baseline and ` +
      `${THRESHOLDS.repeatRateIncrease * 100} points above it.`,
  }),
  alertRule({
    name: 'DriftwatchEvaluationsDropping',
    severity: 'P2',
    category: 'pipeline',
    for: '15m',
    expr: [
      droppedRate,
      '/',
      '(',
      `  ${droppedRate}`,
      '  +',
      `  (${scoredRate} or ${droppedRate} * 0)`,
      ')',
      `>= ${THRESHOLDS.evaluationDropRatio}`,
      `and ${on(dropKeys)}`,
      `${sumBy(dropKeys, increase(dropped, '30m'))} >= ${MINIMUM_VOLUME.droppedEvaluationsPer30m}`,
    ].join('\n'),
    summary: `{{ $value | humanizePercentage }} of {{ $labels.${LABEL.evaluation} }} evaluations are dropped`,
    description:
      `{{ $labels.${LABEL.service} }} dropped {{ $value | humanizePercentage }} of its ` +
      `{{ $labels.${LABEL.evaluation} }} evaluations over the last 30 minutes instead of scoring them (queue full, ` +
      'budget, judge timeouts or errors): quality alerts are blind for those calls.',
  }),
];

export const SILENT_FAILURE_RULES: RuleFile = {
  name: 'silent-failure',
  about: 'Silent failure: quality scores, business outcomes, escalations, repeats, and the evaluation pipeline.',
  groups: [{ name: 'driftwatch-silent-failure', rules: ALERTS }],
};
