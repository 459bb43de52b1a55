// Quality: evaluation scores by evaluator over time, failing evaluations, the judge's sample and drop rates, and
// feedback (business outcomes).
import {
  METRIC_DRIFTWATCH_EVALUATION_DROPPED,
  METRIC_DRIFTWATCH_EVALUATION_FAILURES,
  METRIC_DRIFTWATCH_EVALUATION_SCORE,
  METRIC_DRIFTWATCH_OUTCOME_VALUE,
} from '@driftwatch/semconv';
import { RECORD } from '../alerts/recording-rules.ts';
import { bucket, countOf, LABEL, series } from '../names.ts';
import { rate, ratioOrZero, selector, sumBy } from '../promql.ts';
import { THRESHOLDS } from '../settings.ts';
import { composeDashboard, heatmapPanel, timeseriesPanel } from './panels.ts';
import { histogramMean, meanDropPanel, RATE } from './query-shapes.ts';
import { TRACE_DRILL_DOWN_URL } from './traceql.ts';
import { AGENT_FILTER, AGENT_VARIABLES, evaluationVariable, SERVICE_FILTER } from './variables.ts';

const EVALUATION_FILTER = `${AGENT_FILTER}, ${LABEL.evaluation}=~"$evaluation"`;
const scored = selector(countOf(METRIC_DRIFTWATCH_EVALUATION_SCORE), EVALUATION_FILTER);
const failures = selector(series(METRIC_DRIFTWATCH_EVALUATION_FAILURES), EVALUATION_FILTER);
const dropped = selector(
  series(METRIC_DRIFTWATCH_EVALUATION_DROPPED),
  `${SERVICE_FILTER}, ${LABEL.evaluation}=~"$evaluation"`,
);
const byEvaluation = [LABEL.evaluation];

export function qualityDashboard() {
  return composeDashboard({
    uid: 'driftwatch-quality',
    title: 'Driftwatch / Quality',
    description: 'Evaluation scores, failing evaluations, the judge pipeline, and feedback from business outcomes.',
    variables: [...AGENT_VARIABLES, evaluationVariable],
    rows: [
      {
        title: 'Scores',
        panels: [
          meanDropPanel({
            title: 'Mean score by evaluator, 1-day mean and alert threshold',
            description: `DriftwatchQualityScoreDrop fires when the mean is under ${THRESHOLDS.qualityDropRatio} times its 7-day mean when the change is also beyond chance for the number of runs (docs/alerts.md). The low-scoring calls themselves are in Driftwatch / Trace drill-down.`,
            metric: METRIC_DRIFTWATCH_EVALUATION_SCORE,
            record: RECORD.evaluationScore,
            label: LABEL.evaluation,
            filter: EVALUATION_FILTER,
            width: 24,
            links: [{ title: 'Low-scoring calls', url: TRACE_DRILL_DOWN_URL }],
          }),
          heatmapPanel({
            title: 'Score distribution',
            description: 'How many evaluations scored in each band, over time.',
            unit: 'percentunit',
            query: {
              expr: sumBy(
                ['le'],
                `increase(${selector(bucket(METRIC_DRIFTWATCH_EVALUATION_SCORE), EVALUATION_FILTER)}[${RATE}])`,
              ),
              legend: '{{le}}',
            },
          }),
          timeseriesPanel({
            title: 'Mean score by requested model',
            description: 'A drop confined to one model points at the model (or a checkpoint change), not the app.',
            unit: 'percentunit',
            min: 0,
            max: 1,
            queries: [
              {
                expr: histogramMean(METRIC_DRIFTWATCH_EVALUATION_SCORE, [LABEL.requestModel], EVALUATION_FILTER),
                legend: `{{${LABEL.requestModel}}}`,
              },
            ],
          }),
        ],
      },
      {
        title: 'Failing evaluations',
        panels: [
          timeseriesPanel({
            title: 'Failing evaluations per minute by evaluator',
            description: 'Evaluations labelled fail.',
            unit: 'short',
            bars: true,
            queries: [{ expr: `${sumBy(byEvaluation, rate(failures, RATE))} * 60`, legend: `{{${LABEL.evaluation}}}` }],
          }),
          timeseriesPanel({
            title: 'Failure ratio by evaluator',
            description: 'Failing evaluations as a share of all scored ones (0 while none failed).',
            unit: 'percentunit',
            min: 0,
            queries: [
              {
                expr: ratioOrZero({
                  numerator: sumBy(byEvaluation, rate(failures, RATE)),
                  denominator: sumBy(byEvaluation, rate(scored, RATE)),
                }),
                legend: `{{${LABEL.evaluation}}}`,
              },
            ],
          }),
        ],
      },
      {
        title: 'Judge pipeline',
        panels: [
          timeseriesPanel({
            title: 'Evaluations scored per minute (judge sample rate)',
            description: 'Scores produced by each evaluator; sampled-out calls are not counted.',
            unit: 'short',
            width: 8,
            queries: [{ expr: `${sumBy(byEvaluation, rate(scored, RATE))} * 60`, legend: `{{${LABEL.evaluation}}}` }],
          }),
          timeseriesPanel({
            title: 'Dropped evaluations per minute by reason',
            description: 'Evaluations that could not run: queue full, budget, timeout, judge or evaluator error.',
            unit: 'short',
            width: 8,
            stacking: 'normal',
            queries: [
              {
                expr: `${sumBy([LABEL.evaluation, LABEL.dropReason], rate(dropped, RATE))} * 60`,
                legend: `{{${LABEL.evaluation}}} {{${LABEL.dropReason}}}`,
              },
            ],
          }),
          timeseriesPanel({
            title: 'Drop ratio',
            description: `Dropped as a share of dropped plus scored. DriftwatchEvaluationsDropping fires at ${THRESHOLDS.evaluationDropRatio * 100}%.`,
            unit: 'percentunit',
            width: 8,
            min: 0,
            thresholdLines: [{ value: THRESHOLDS.evaluationDropRatio, color: 'red' }],
            queries: [
              {
                expr: `${sumBy(byEvaluation, rate(dropped, RATE))}\n/\n(${sumBy(byEvaluation, rate(dropped, RATE))} + (${sumBy(byEvaluation, rate(scored, RATE))} or ${sumBy(byEvaluation, rate(dropped, RATE))} * 0))`,
                legend: `{{${LABEL.evaluation}}}`,
              },
            ],
          }),
        ],
      },
      {
        title: 'Feedback',
        panels: [
          meanDropPanel({
            title: 'Business outcomes (feedback), 1-day mean and alert threshold',
            description:
              'Mean of each recordOutcome value, such as crm_field_correct from the sales team: true is 1, false 0.',
            metric: METRIC_DRIFTWATCH_OUTCOME_VALUE,
            record: RECORD.outcomeValue,
            label: LABEL.outcomeName,
            filter: AGENT_FILTER,
          }),
          timeseriesPanel({
            title: 'Outcomes recorded per minute',
            description: 'Volume behind the ratios: feedback often arrives in batches.',
            unit: 'short',
            bars: true,
            queries: [
              {
                expr: `${sumBy([LABEL.outcomeName], rate(selector(countOf(METRIC_DRIFTWATCH_OUTCOME_VALUE), AGENT_FILTER), RATE))} * 60`,
                legend: `{{${LABEL.outcomeName}}}`,
              },
            ],
          }),
        ],
      },
    ],
  });
}
