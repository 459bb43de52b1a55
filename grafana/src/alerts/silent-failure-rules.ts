// Silent failure: wrong answers with no error. Quality scores, business outcomes, escalations, repeats, and the
// evaluation pipeline that produces the scores.
import { METRIC_DRIFTWATCH_EVALUATION_DROPPED, METRIC_DRIFTWATCH_EVALUATION_SCORE } from '@driftwatch/semconv';
import { countOf, LABEL, SERVICE_KEYS, series } from '../names.ts';
import { increase, on, rate, sumBy } from '../promql.ts';
import { MINIMUM_VOLUME, STATISTICS, THRESHOLDS } from '../settings.ts';
import { alertRule } from './alert.ts';
import { meanDrop, shareRise } from './baseline-conditions.ts';
import type { AlertingRule, RuleFile } from './rule-types.ts';
import { ESCALATIONS, OUTCOME_SHORTFALL, QUALITY_SHORTFALL, REPEATS } from './signals.ts';
import { statisticsGroup } from './statistics.ts';

const dropPercent = Math.round((1 - THRESHOLDS.qualityDropRatio) * 100);
const testedWindows = STATISTICS.windows.join(' or ');
const dropKeys = [...SERVICE_KEYS, LABEL.evaluation];
const dropped = series(METRIC_DRIFTWATCH_EVALUATION_DROPPED);
const droppedRate = sumBy(dropKeys, rate(dropped, '30m'));
const scoredRate = sumBy(dropKeys, rate(countOf(METRIC_DRIFTWATCH_EVALUATION_SCORE), '30m'));

const ALERTS: AlertingRule[] = [
  alertRule({
    name: 'DriftwatchQualityScoreDrop',
    severity: 'P1',
    category: 'silent_failure',
    for: '10m',
    expr: meanDrop(QUALITY_SHORTFALL, THRESHOLDS.qualityDropRatio),
    summary: `{{ $labels.${LABEL.agent} }}: {{ $labels.${LABEL.evaluation} }} score dropped ${dropPercent}% or more in 24 h`,
    description:
      `The mean {{ $labels.${LABEL.evaluation} }} score of {{ $labels.${LABEL.agent} }} ({{ $labels.${LABEL.service} }}) ` +
      `over the last ${testedWindows} is {{ $value | printf "%.2f" }}, under ${THRESHOLDS.qualityDropRatio} times its ` +
      'mean over the 7 days before, and more than chance explains. Answers are getting worse without errors.',
  }),
  alertRule({
    name: 'DriftwatchBusinessOutcomeDrop',
    severity: 'P1',
    category: 'silent_failure',
    for: '10m',
    expr: meanDrop(OUTCOME_SHORTFALL, THRESHOLDS.qualityDropRatio),
    summary: `{{ $labels.${LABEL.agent} }}: business outcome {{ $labels.${LABEL.outcomeName} }} dropped ${dropPercent}% or more in 24 h`,
    description:
      `The mean of {{ $labels.${LABEL.outcomeName} }} recorded for {{ $labels.${LABEL.agent} }} ` +
      `({{ $labels.${LABEL.service} }}) over the last ${testedWindows} is {{ $value | printf "%.2f" }}, under ` +
      `${THRESHOLDS.qualityDropRatio} times its mean over the 7 days before, and more than chance explains.`,
  }),
  alertRule({
    name: 'DriftwatchEscalationRateHigh',
    severity: 'P2',
    category: 'silent_failure',
    for: '10m',
    expr: shareRise(ESCALATIONS, {
      factor: THRESHOLDS.escalationRateFactor,
      points: THRESHOLDS.escalationRateIncrease,
    }),
    summary: `{{ $labels.${LABEL.agent} }} escalates {{ $value | humanizePercentage }} of its runs to a human`,
    description:
      `{{ $labels.${LABEL.agent} }} ({{ $labels.${LABEL.service} }}) handed {{ $value | humanizePercentage }} of ` +
      `its runs to a human over the last ${testedWindows}: at least ${THRESHOLDS.escalationRateFactor} times its ` +
      `7-day baseline and ${THRESHOLDS.escalationRateIncrease * 100} points above it, more than chance explains.`,
  }),
  alertRule({
    name: 'DriftwatchRepeatRateHigh',
    severity: 'P1',
    category: 'silent_failure',
    for: '10m',
    expr: shareRise(REPEATS, { factor: THRESHOLDS.repeatRateFactor, points: THRESHOLDS.repeatRateIncrease }),
    summary: `{{ $value | humanizePercentage }} of {{ $labels.${LABEL.agent} }} runs repeat a task it already completed`,
    description:
      `{{ $labels.${LABEL.agent} }} ({{ $labels.${LABEL.service} }}) got {{ $value | humanizePercentage }} of its ` +
      `runs over the last ${testedWindows} for tasks it had completed within the repeat window: users are coming ` +
      `back because the first answer did not stick. At least ${THRESHOLDS.repeatRateFactor} times the 7-day ` +
      `baseline and ${THRESHOLDS.repeatRateIncrease * 100} points above it, more than chance explains.`,
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
  groups: [
    statisticsGroup('driftwatch-silent-failure-statistics', {
      counts: [ESCALATIONS, REPEATS, QUALITY_SHORTFALL, OUTCOME_SHORTFALL],
    }),
    { name: 'driftwatch-silent-failure', rules: ALERTS },
  ],
};
