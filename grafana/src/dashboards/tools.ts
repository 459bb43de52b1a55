// Tools: error ratio by tool and error.type, latency, errors by hour of day and day of week (the "Tuesday at
// 3 AM" clustering), and LLM provider fallbacks.
import {
  METRIC_DRIFTWATCH_LLM_FALLBACKS,
  METRIC_DRIFTWATCH_TOOL_CALLS,
  METRIC_DRIFTWATCH_TOOL_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
} from '@driftwatch/semconv';
import { bucket, countOf, LABEL, series } from '../names.ts';
import { rate, ratioOrZero, selector, sumBy } from '../promql.ts';
import { THRESHOLDS } from '../settings.ts';
import { composeDashboard, tablePanel, timeseriesPanel, traceTablePanel } from './panels.ts';
import { quantile, RATE } from './query-shapes.ts';
import { TRACEQL } from './traceql.ts';
import { AGENT_FILTER, AGENT_VARIABLES, labelVariable, SERVICE_FILTER } from './variables.ts';

const toolCalls = series(METRIC_DRIFTWATCH_TOOL_CALLS);
const TOOL_FILTER = `${AGENT_FILTER}, ${LABEL.tool}=~"$tool"`;
const calls = selector(toolCalls, TOOL_FILTER);
const failed = selector(toolCalls, `${TOOL_FILTER}, ${LABEL.errorType}!=""`);
const byTool = [LABEL.tool];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const toolVariable = labelVariable({
  name: 'tool',
  label: 'Tool',
  query: `label_values(${toolCalls}{${AGENT_FILTER}}, ${LABEL.tool})`,
});

/**
 * Failed tool calls in each hour, labelled with the hour of day and the day of week (UTC) of that hour (the middle
 * of the window, so the count for 03:00-04:00 is labelled 3): `count_values` turns the clock into labels, and
 * summing the hourly counts per label pair gives the heatmap.
 */
const windowMiddle = 'vector(time() - 1800)';
const errorsByHourAndWeekday = [
  `sum(increase(${failed}[1h]))`,
  '* on () group_right ()',
  `(count_values("hour", hour(${windowMiddle})) * on () group_left (day_of_week) count_values("day_of_week", day_of_week(${windowMiddle})))`,
].join('\n');

const fallbackKeys = [LABEL.fallbackFrom];
const llmCallsByProvider = sumBy(
  fallbackKeys,
  `label_replace(${rate(selector(countOf(METRIC_GEN_AI_CLIENT_OPERATION_DURATION), SERVICE_FILTER), RATE)}, "${LABEL.fallbackFrom}", "$1", "${LABEL.provider}", "(.*)")`,
);
const fallbacks = selector(series(METRIC_DRIFTWATCH_LLM_FALLBACKS), SERVICE_FILTER);

export function toolsDashboard() {
  return composeDashboard({
    uid: 'driftwatch-tools',
    title: 'Driftwatch / Tools',
    description: 'Tool-chain brittleness: errors by tool and error.type, latency, when errors cluster, LLM fallbacks.',
    variables: [...AGENT_VARIABLES, toolVariable],
    rows: [
      {
        title: 'Errors',
        panels: [
          timeseriesPanel({
            title: 'Error ratio by tool',
            description: `Calls that ended with an error.type (0 while a tool never failed). DriftwatchToolErrorRatioHigh fires at ${THRESHOLDS.toolErrorRatio * 100}% when the change is also beyond chance for the number of calls (docs/alerts.md).`,
            unit: 'percentunit',
            min: 0,
            thresholdLines: [{ value: THRESHOLDS.toolErrorRatio, color: 'red' }],
            queries: [
              {
                expr: ratioOrZero({
                  numerator: sumBy(byTool, rate(failed, RATE)),
                  denominator: sumBy(byTool, rate(calls, RATE)),
                }),
                legend: `{{${LABEL.tool}}}`,
              },
            ],
          }),
          timeseriesPanel({
            title: 'Failed calls per minute by tool and error.type',
            description:
              'HTTP status, timeout, rate_limited, malformed_result (the result failed its schema) or the exception class.',
            unit: 'short',
            bars: true,
            stacking: 'normal',
            queries: [
              {
                expr: `${sumBy([LABEL.tool, LABEL.errorType], rate(failed, RATE))} * 60`,
                legend: `{{${LABEL.tool}}} {{${LABEL.errorType}}}`,
              },
            ],
          }),
          timeseriesPanel({
            title: 'Calls per minute by tool',
            description: 'All calls, failed or not.',
            unit: 'short',
            queries: [{ expr: `${sumBy(byTool, rate(calls, RATE))} * 60`, legend: `{{${LABEL.tool}}}` }],
          }),
          timeseriesPanel({
            title: 'Failed calls per hour',
            description: 'Hourly counts: a dependency that fails at the same hour every week shows up here first.',
            unit: 'short',
            bars: true,
            interval: '1h',
            queries: [{ expr: sumBy(byTool, `increase(${failed}[1h])`), legend: `{{${LABEL.tool}}}` }],
          }),
          tablePanel({
            title: 'Failed tool calls by hour of day and day of week (UTC, last 4 weeks)',
            description:
              'Each cell is the number of failed calls in that hour of that weekday over the last 4 weeks: a nightly batch job or a weekly deploy window ("Tuesday at 3 AM") shows as a hot cell.',
            width: 24,
            height: 14,
            interval: '1h',
            colorCells: true,
            queries: [{ expr: errorsByHourAndWeekday }],
            transformations: [
              { id: 'reduce', options: { mode: 'seriesToRows', reducers: ['sum'], labelsToFields: true } },
              {
                id: 'convertFieldType',
                options: {
                  conversions: [
                    { targetField: 'hour', destinationType: 'number' },
                    { targetField: 'day_of_week', destinationType: 'number' },
                  ],
                },
              },
              { id: 'sortBy', options: { sort: [{ field: 'hour' }] } },
              {
                id: 'groupingToMatrix',
                options: { columnField: 'day_of_week', rowField: 'hour', valueField: 'Total' },
              },
              {
                id: 'organize',
                options: {
                  renameByName: Object.fromEntries(WEEKDAYS.map((day, index) => [String(index), day])),
                  indexByName: Object.fromEntries(
                    ['1', '2', '3', '4', '5', '6', '0'].map((day, index) => [day, index + 1]),
                  ),
                },
              },
            ],
          }).timeFrom('28d'),
        ],
      },
      {
        title: 'Latency',
        panels: [
          timeseriesPanel({
            title: 'p95 duration by tool',
            description: 'A tool slowing down often precedes its timeouts.',
            unit: 's',
            queries: [
              {
                expr: quantile(0.95, byTool, selector(bucket(METRIC_DRIFTWATCH_TOOL_DURATION), TOOL_FILTER)),
                legend: `{{${LABEL.tool}}}`,
              },
            ],
          }),
          timeseriesPanel({
            title: 'p50 duration by tool',
            description: 'The typical call.',
            unit: 's',
            queries: [
              {
                expr: quantile(0.5, byTool, selector(bucket(METRIC_DRIFTWATCH_TOOL_DURATION), TOOL_FILTER)),
                legend: `{{${LABEL.tool}}}`,
              },
            ],
          }),
          traceTablePanel({
            title: 'Failed tool calls',
            description:
              'execute_tool spans with an error.type: open one to see the request and, for malformed results, the failing schema paths.',
            traceql: TRACEQL.toolErrors,
          }),
        ],
      },
      {
        title: 'LLM provider fallbacks',
        panels: [
          timeseriesPanel({
            title: 'Fallback ratio by provider',
            description: `Share of a provider's calls that fell back to the next one. DriftwatchLlmFallbackRateHigh fires at ${THRESHOLDS.fallbackRatio * 100}%.`,
            unit: 'percentunit',
            min: 0,
            thresholdLines: [{ value: THRESHOLDS.fallbackRatio, color: 'red' }],
            queries: [
              {
                expr: ratioOrZero({
                  numerator: sumBy(fallbackKeys, rate(fallbacks, RATE)),
                  denominator: llmCallsByProvider,
                }),
                legend: `{{${LABEL.fallbackFrom}}}`,
              },
            ],
          }),
          timeseriesPanel({
            title: 'Fallbacks per minute by reason',
            description: 'From which provider to which, and the error.type that caused it (429, 529, timeouts).',
            unit: 'short',
            bars: true,
            queries: [
              {
                expr: `${sumBy([LABEL.fallbackFrom, LABEL.fallbackTo, LABEL.fallbackReason], rate(fallbacks, RATE))} * 60`,
                legend: `{{${LABEL.fallbackFrom}}} -> {{${LABEL.fallbackTo}}} ({{${LABEL.fallbackReason}}})`,
              },
            ],
          }),
        ],
      },
    ],
  });
}
