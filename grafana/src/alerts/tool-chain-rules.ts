// Tool-chain brittleness: an external API breaks or changes, or the LLM provider degrades and requests fall back.
import {
  METRIC_DRIFTWATCH_AGENT_EXECUTIONS,
  METRIC_DRIFTWATCH_LLM_FALLBACKS,
  METRIC_DRIFTWATCH_TOOL_CALLS,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
} from '@driftwatch/semconv';
import { AGENT_KEYS, countOf, LABEL, SERVICE_KEYS, series } from '../names.ts';
import { increase, on, rate, sumBy } from '../promql.ts';
import { MINIMUM_VOLUME, STATISTICS, THRESHOLDS } from '../settings.ts';
import { alertRule } from './alert.ts';
import { shareRise } from './baseline-conditions.ts';
import type { RuleFile } from './rule-types.ts';
import { SUCCEEDED_TOOL_CALLS, TOOL_ERRORS, TOOL_KEYS } from './signals.ts';
import { statisticsGroup } from './statistics.ts';

const toolCalls = series(METRIC_DRIFTWATCH_TOOL_CALLS);
const toolKeys = TOOL_KEYS;

/**
 * Windows of "no call succeeded": the short one pages within minutes at a few calls a minute, the long one finds a
 * tool called a few times an hour.
 */
const ALL_FAILING_WINDOWS = ['3m', '30m'] as const;

function allFailingIn(window: string): string {
  return [
    `${sumBy(toolKeys, increase(toolCalls, window))} >= ${MINIMUM_VOLUME.toolCallsAllFailing}`,
    `unless ${on(toolKeys)}`,
    `${sumBy(toolKeys, increase(SUCCEEDED_TOOL_CALLS, window))} > 0`,
    `and ${on(AGENT_KEYS)}`,
    `${sumBy(AGENT_KEYS, increase(series(METRIC_DRIFTWATCH_AGENT_EXECUTIONS), window))} > 0`,
  ].join('\n');
}

const fallbackKeys = [...SERVICE_KEYS, LABEL.fallbackFrom];
/** LLM calls per provider, relabelled so they join the fallbacks counter on the provider they fell back from. */
function llmCallsByFallbackSource(window: string, fn: typeof rate): string {
  const calls = fn(countOf(METRIC_GEN_AI_CLIENT_OPERATION_DURATION), window);
  return sumBy(fallbackKeys, `label_replace(${calls}, "${LABEL.fallbackFrom}", "$1", "${LABEL.provider}", "(.*)")`);
}

export const TOOL_CHAIN_RULES: RuleFile = {
  name: 'tool-chain',
  about: "Tool-chain brittleness: a tool's error ratio, a tool that stopped answering, LLM provider fallbacks.",
  groups: [
    statisticsGroup('driftwatch-tool-chain-statistics', { counts: [TOOL_ERRORS] }),
    {
      name: 'driftwatch-tool-chain',
      rules: [
        alertRule({
          name: 'DriftwatchToolErrorRatioHigh',
          severity: 'P1',
          category: 'tool_chain',
          for: '5m',
          expr: shareRise(TOOL_ERRORS, { absolute: THRESHOLDS.toolErrorRatio }),
          summary: `Tool {{ $labels.${LABEL.tool} }} fails {{ $value | humanizePercentage }} of its calls`,
          description:
            `{{ $value | humanizePercentage }} of the calls {{ $labels.${LABEL.agent} }} ` +
            `({{ $labels.${LABEL.service} }}) made to {{ $labels.${LABEL.tool} }} over the last ` +
            `${STATISTICS.toolWindows.join(' or ')} ended with an error.type (HTTP status, timeout, rate_limited, ` +
            `malformed_result): at least ${THRESHOLDS.toolErrorRatio * 100}%, and more than its 7-day error ratio and ` +
            'chance explain.',
        }),
        alertRule({
          name: 'DriftwatchToolCallsAllFailing',
          severity: 'P1',
          category: 'tool_chain',
          for: '1m',
          expr: ALL_FAILING_WINDOWS.map((window) => `(\n${allFailingIn(window)}\n)`).join('\nor\n'),
          summary: `No call to {{ $labels.${LABEL.tool} }} succeeds while {{ $labels.${LABEL.agent} }} keeps running`,
          description:
            `{{ $labels.${LABEL.agent} }} ({{ $labels.${LABEL.service} }}) is running and called ` +
            `{{ $labels.${LABEL.tool} }} {{ $value | printf "%.0f" }} times in the last ` +
            `${ALL_FAILING_WINDOWS.join(' or ')}; none succeeded.`,
        }),
        alertRule({
          name: 'DriftwatchLlmFallbackRateHigh',
          severity: 'P2',
          category: 'tool_chain',
          for: '10m',
          expr: [
            sumBy(fallbackKeys, rate(series(METRIC_DRIFTWATCH_LLM_FALLBACKS), '15m')),
            `/ ${on(fallbackKeys)}`,
            llmCallsByFallbackSource('15m', rate),
            `>= ${THRESHOLDS.fallbackRatio}`,
            `and ${on(fallbackKeys)}`,
            `${llmCallsByFallbackSource('15m', increase)} >= ${MINIMUM_VOLUME.llmCallsPer15m}`,
          ].join('\n'),
          summary: `{{ $value | humanizePercentage }} of {{ $labels.${LABEL.fallbackFrom} }} calls fall back to another provider`,
          description:
            `{{ $labels.${LABEL.service} }} moved {{ $value | humanizePercentage }} of its ` +
            `{{ $labels.${LABEL.fallbackFrom} }} calls to the next provider over the last 15 minutes. Users still get ` +
            'answers, from another model: check quality and cost alongside.',
        }),
      ],
    },
  ],
};
