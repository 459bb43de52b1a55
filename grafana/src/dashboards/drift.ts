// Drift: the models in use, floating labels, and checkpoint and fingerprint changes as annotations.
import {
  METRIC_DRIFTWATCH_EVALUATION_SCORE,
  METRIC_DRIFTWATCH_MODEL_CHANGES,
  METRIC_DRIFTWATCH_MODEL_CHECKPOINT,
  METRIC_DRIFTWATCH_MODEL_UNPINNED_CALLS,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
} from '@driftwatch/semconv';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { countOf, LABEL, series } from '../names.ts';
import { rate, ratioOrZero, selector, sumBy } from '../promql.ts';
import { PROMETHEUS_DATASOURCE } from './datasources.ts';
import { composeDashboard, tablePanel, timeseriesPanel, traceTablePanel } from './panels.ts';
import { histogramMean, RATE } from './query-shapes.ts';
import { TRACEQL } from './traceql.ts';
import { environmentVariable, MODEL_FILTER, modelVariable, SERVICE_FILTER, serviceVariable } from './variables.ts';

const checkpoint = selector(series(METRIC_DRIFTWATCH_MODEL_CHECKPOINT), SERVICE_FILTER);
const pairKeys = [LABEL.service, LABEL.provider, LABEL.requestModel, LABEL.responseModel, LABEL.fingerprint];
const llmCalls = selector(countOf(METRIC_GEN_AI_CLIENT_OPERATION_DURATION), MODEL_FILTER);
const unpinned = selector(series(METRIC_DRIFTWATCH_MODEL_UNPINNED_CALLS), MODEL_FILTER);

export function driftDashboard() {
  return composeDashboard({
    uid: 'driftwatch-drift',
    title: 'Driftwatch / Drift',
    description: 'Models in use, floating labels, and checkpoint or system fingerprint changes behind a label.',
    variables: [environmentVariable, serviceVariable, modelVariable],
    annotations: [
      new dashboard.AnnotationQueryBuilder()
        .name('New checkpoint')
        .datasource(PROMETHEUS_DATASOURCE)
        .enable(true)
        .iconColor('orange')
        .expr(
          `max by (${pairKeys.join(', ')}) (${checkpoint} == 1)\nunless\nmax by (${pairKeys.join(', ')}) (${checkpoint} offset 5m == 1)`,
        )
        .titleFormat(`{{${LABEL.requestModel}}} now served by {{${LABEL.responseModel}}}`)
        .textFormat(`fingerprint {{${LABEL.fingerprint}}}`)
        .step('60s'),
      new dashboard.AnnotationQueryBuilder()
        .name('DriftwatchModelCheckpointChanged')
        .datasource(PROMETHEUS_DATASOURCE)
        .enable(true)
        .iconColor('red')
        .expr(`ALERTS{alertname="DriftwatchModelCheckpointChanged", alertstate="firing", ${SERVICE_FILTER}}`)
        .titleFormat('{{alertname}}')
        .textFormat(`{{${LABEL.requestModel}}} -> {{${LABEL.responseModel}}} {{${LABEL.fingerprint}}}`)
        .step('60s'),
    ],
    rows: [
      {
        title: 'Models in use',
        panels: [
          tablePanel({
            title: 'Checkpoint serving each model label now',
            description: 'For each requested label, the response model and system fingerprint of its latest answer.',
            width: 24,
            height: 7,
            queries: [{ expr: `${checkpoint} == 1`, instant: true, format: 'table' }],
            transformations: [
              {
                id: 'organize',
                options: {
                  excludeByName: { Time: true, Value: true, __name__: true, job: true, instance: true },
                  renameByName: {
                    [LABEL.requestModel]: 'Requested',
                    [LABEL.responseModel]: 'Served by',
                    [LABEL.fingerprint]: 'Fingerprint',
                  },
                },
              },
            ],
          }),
          timeseriesPanel({
            title: 'LLM calls per minute by requested and response model',
            description: 'A new response model appearing under the same requested label is a checkpoint change.',
            unit: 'short',
            queries: [
              {
                expr: `${sumBy([LABEL.requestModel, LABEL.responseModel], rate(llmCalls, RATE))} * 60`,
                legend: `{{${LABEL.requestModel}}} -> {{${LABEL.responseModel}}}`,
              },
            ],
          }),
          timeseriesPanel({
            title: 'Checkpoint in use',
            description: '1 while a response model and fingerprint serve a label, 0 after another replaced it.',
            unit: 'short',
            min: 0,
            max: 1,
            queries: [
              {
                expr: `max by (${[LABEL.requestModel, LABEL.responseModel, LABEL.fingerprint].join(', ')}) (${checkpoint})`,
                legend: `{{${LABEL.requestModel}}}: {{${LABEL.responseModel}}} {{${LABEL.fingerprint}}}`,
              },
            ],
          }),
        ],
      },
      {
        title: 'Floating labels',
        panels: [
          timeseriesPanel({
            title: 'Calls to floating model aliases per minute',
            description:
              'Requests that named an alias (gpt-4o) instead of a dated checkpoint: the provider can change what answers at any time.',
            unit: 'short',
            queries: [
              {
                expr: `${sumBy([LABEL.service, LABEL.requestModel], rate(unpinned, RATE))} * 60`,
                legend: `{{${LABEL.service}}} {{${LABEL.requestModel}}}`,
              },
            ],
          }),
          timeseriesPanel({
            title: 'Share of calls to floating aliases',
            description: 'Per requested model, 0 once every call is pinned.',
            unit: 'percentunit',
            min: 0,
            max: 1,
            queries: [
              {
                expr: ratioOrZero({
                  numerator: sumBy([LABEL.requestModel], rate(unpinned, RATE)),
                  denominator: sumBy([LABEL.requestModel], rate(llmCalls, RATE)),
                }),
                legend: `{{${LABEL.requestModel}}}`,
              },
            ],
          }),
        ],
      },
      {
        title: 'Changes and their effect',
        panels: [
          timeseriesPanel({
            title: 'Checkpoint and fingerprint changes since each process started',
            description:
              'driftwatch.model.changes per label and kind. A step up is a change (the New checkpoint annotation also marks changes across restarts).',
            unit: 'short',
            queries: [
              {
                expr: sumBy(
                  [LABEL.service, LABEL.requestModel, LABEL.changeKind],
                  selector(series(METRIC_DRIFTWATCH_MODEL_CHANGES), MODEL_FILTER),
                ),
                legend: `{{${LABEL.requestModel}}} {{${LABEL.changeKind}}}`,
              },
            ],
          }),
          timeseriesPanel({
            title: 'Mean evaluation score by requested model',
            description: 'Quality around a change: a step down right after a New checkpoint annotation is model drift.',
            unit: 'percentunit',
            min: 0,
            max: 1,
            queries: [
              {
                expr: histogramMean(METRIC_DRIFTWATCH_EVALUATION_SCORE, [LABEL.requestModel], MODEL_FILTER),
                legend: `{{${LABEL.requestModel}}}`,
              },
            ],
          }),
          traceTablePanel({
            title: 'Calls where the checkpoint changed',
            description:
              'LLM calls carrying a driftwatch.model.changed event: the first answer from the new checkpoint.',
            traceql: TRACEQL.modelChanges,
          }),
          traceTablePanel({
            title: 'Calls to floating aliases',
            description: 'LLM calls with driftwatch.model.pinned = false.',
            traceql: TRACEQL.unpinnedCalls,
          }),
        ],
      },
    ],
  });
}
