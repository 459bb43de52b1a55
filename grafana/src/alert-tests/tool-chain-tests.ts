import {
  METRIC_DRIFTWATCH_AGENT_EXECUTIONS,
  METRIC_DRIFTWATCH_LLM_FALLBACKS,
  METRIC_DRIFTWATCH_TOOL_CALLS,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
} from '@driftwatch/semconv';
import { countOf, LABEL, series } from '../names.ts';
import { DAY, FALLBACK, LLM_CALL, minute, RUN, SERVICE, TOOL } from './fixtures.ts';
import { counter } from './series-notation.ts';
import type { AlertTestFile } from './unit-test-types.ts';

const calls = series(METRIC_DRIFTWATCH_TOOL_CALLS);
const runs = series(METRIC_DRIFTWATCH_AGENT_EXECUTIONS);
const FAILED = { ...TOOL, [LABEL.errorType]: '500' };
const RATIO = 'DriftwatchToolErrorRatioHigh';
const ALL_FAILING = 'DriftwatchToolCallsAllFailing';
const FALLBACK_ALERT = 'DriftwatchLlmFallbackRateHigh';
const FALLBACK_ALERT_LABELS = { ...SERVICE, [LABEL.fallbackFrom]: FALLBACK[LABEL.fallbackFrom] as string };

export const TOOL_CHAIN_TESTS: AlertTestFile = {
  ruleFile: 'tool-chain',
  alsoLoads: [],
  evaluationInterval: '5m',
  tests: [
    {
      name: `${RATIO}: a day at 1% errors, an hour at 20%: fires; the error series is absent before the first error; resolves`,
      interval: '5m',
      series: [
        { name: calls, labels: TOOL, values: counter([[49.5, DAY / 5 + 36]]) },
        {
          name: calls,
          labels: FAILED,
          values: counter(
            [
              [0.5, DAY / 5 - 24],
              [12.5, 12],
              [0.5, 24],
            ],
            24,
          ),
        },
        { name: runs, labels: RUN, values: counter([[25, DAY / 5 + 36]]) },
      ],
      checks: [
        { at: minute(DAY), alert: RATIO, firing: [] },
        { at: minute(DAY + 55), alert: RATIO, firing: [{ labels: TOOL, value: 12.5 / 62 }] },
        { at: minute(DAY + 55), alert: ALL_FAILING, firing: [] },
        { at: minute(DAY + 180), alert: RATIO, firing: [] },
      ],
    },
    {
      name: `${RATIO}: 20% errors on 12 calls an hour is within chance for a 1% tool: quiet`,
      interval: '5m',
      series: [
        { name: calls, labels: TOOL, values: counter([[0.8, DAY / 5 + 24]]) },
        {
          name: calls,
          labels: FAILED,
          values: counter([
            [0.008, DAY / 5],
            [0.2, 24],
          ]),
        },
      ],
      checks: [{ at: minute(DAY + 120), alert: RATIO, firing: [] }],
    },
    {
      name: `${ALL_FAILING}: successes stop while calls go on failing and runs go on; resolves when one succeeds`,
      series: [
        {
          name: calls,
          labels: TOOL,
          values: counter([
            [10, 60],
            [0, 60],
            [10, 30],
          ]),
        },
        { name: calls, labels: FAILED, values: counter([[10, 90]], 61) },
        { name: runs, labels: RUN, values: counter([[5, 150]]) },
      ],
      checks: [
        { at: '60m', alert: ALL_FAILING, firing: [] },
        { at: '120m', alert: ALL_FAILING, firing: [{ labels: TOOL, value: 30 }] },
        { at: '150m', alert: ALL_FAILING, firing: [] },
      ],
    },
    {
      name: `${ALL_FAILING}: a tool that never succeeded has no success series at all, and still fires`,
      series: [
        { name: calls, labels: FAILED, values: counter([[10, 30]]) },
        { name: runs, labels: RUN, values: counter([[5, 30]]) },
      ],
      checks: [{ at: '30m', alert: ALL_FAILING, firing: [{ labels: TOOL, value: 30 }] }],
    },
    {
      name: `${ALL_FAILING}: one success a minute keeps it quiet; the error ratio pages instead`,
      series: [
        { name: calls, labels: TOOL, values: counter([[1, 30]]) },
        { name: calls, labels: FAILED, values: counter([[10, 30]]) },
        { name: runs, labels: RUN, values: counter([[5, 30]]) },
      ],
      checks: [
        { at: '30m', alert: ALL_FAILING, firing: [] },
        { at: '30m', alert: RATIO, firing: [{ labels: TOOL, value: 10 / 11 }] },
      ],
    },
    {
      name: `${FALLBACK_ALERT}: 4 of 20 openai calls falling back fires, and resolves`,
      series: [
        { name: countOf(METRIC_GEN_AI_CLIENT_OPERATION_DURATION), labels: LLM_CALL, values: counter([[20, 150]]) },
        {
          name: series(METRIC_DRIFTWATCH_LLM_FALLBACKS),
          labels: FALLBACK,
          values: counter(
            [
              [4, 60],
              [0, 61],
            ],
            30,
          ),
        },
      ],
      checks: [
        { at: '29m', alert: FALLBACK_ALERT, firing: [] },
        { at: '89m', alert: FALLBACK_ALERT, firing: [{ labels: FALLBACK_ALERT_LABELS, value: 0.2 }] },
        { at: '150m', alert: FALLBACK_ALERT, firing: [] },
      ],
    },
    {
      name: `${FALLBACK_ALERT}: 2.5% of calls falling back is quiet`,
      series: [
        { name: countOf(METRIC_GEN_AI_CLIENT_OPERATION_DURATION), labels: LLM_CALL, values: counter([[20, 60]]) },
        { name: series(METRIC_DRIFTWATCH_LLM_FALLBACKS), labels: FALLBACK, values: counter([[0.5, 60]]) },
      ],
      checks: [{ at: '60m', alert: FALLBACK_ALERT, firing: [] }],
    },
  ],
};
