// Tool-chain brittleness: an external API breaks or changes, or the LLM provider degrades and requests fall back.
import {
  METRIC_DRIFTWATCH_AGENT_EXECUTIONS,
  METRIC_DRIFTWATCH_LLM_FALLBACKS,
  METRIC_DRIFTWATCH_TOOL_CALLS,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
} from '@driftwatch/semconv';
import { AGENT_KEYS, countOf, LABEL, SERVICE_KEYS, series } from '../names.ts';
import { increase, on, rate, selector, sumBy } from '../promql.ts';
import { MINIMUM_VOLUME, THRESHOLDS } from '../settings.ts';
import { alertRule } from './alert.ts';
import type { RuleFile } from './rule-types.ts';

const toolCalls = series(METRIC_DRIFTWATCH_TOOL_CALLS);
const toolKeys = [...AGENT_KEYS, LABEL.tool];
/** Failed calls carry `error.type`; successful ones have no such label (it is never set to ""). */
const failedCalls = selector(toolCalls, `${LABEL.errorType}!=""`);
const succeededCalls = selector(toolCalls, `${LABEL.errorType}=""`);

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
    {
      name: 'driftwatch-tool-chain',
      rules: [
        alertRule({
          name: 'DriftwatchToolErrorRatioHigh',
          severity: 'P2',
          category: 'tool_chain',
          for: '5m',
          expr: [
            sumBy(toolKeys, rate(failedCalls, '10m')),
            '/',
            sumBy(toolKeys, rate(toolCalls, '10m')),
            `>= ${THRESHOLDS.toolErrorRatio}`,
            `and ${on(toolKeys)}`,
            `${sumBy(toolKeys, increase(toolCalls, '10m'))} >= ${MINIMUM_VOLUME.toolCallsPer10m}`,
          ].join('\n'),
          summary: `Tool {{ $labels.${LABEL.tool} }} fails {{ $value | humanizePercentage }} of its calls`,
          description:
            `{{ $value | humanizePercentage }} of the calls {{ $labels.${LABEL.agent} }} ` +
            `({{ $labels.${LABEL.service} }}) made to {{ $labels.${LABEL.tool} }} over the last 10 minutes ended ` +
            `with an error.type (HTTP status, timeout, rate_limited, malformed_result). Threshold: ` +
            `${THRESHOLDS.toolErrorRatio * 100}%.`,
        }),
        alertRule({
          name: 'DriftwatchToolCallsAllFailing',
          severity: 'P1',
          category: 'tool_chain',
          for: '5m',
          expr: [
            `${sumBy(toolKeys, increase(toolCalls, '10m'))} >= ${MINIMUM_VOLUME.toolCallsAllFailingPer10m}`,
            `unless ${on(toolKeys)}`,
            `${sumBy(toolKeys, increase(succeededCalls, '10m'))} > 0`,
            `and ${on(AGENT_KEYS)}`,
            `${sumBy(AGENT_KEYS, increase(series(METRIC_DRIFTWATCH_AGENT_EXECUTIONS), '10m'))} > 0`,
          ].join('\n'),
          summary: `No call to {{ $labels.${LABEL.tool} }} succeeded for 10 minutes while {{ $labels.${LABEL.agent} }} keeps running`,
          description:
            `{{ $labels.${LABEL.agent} }} ({{ $labels.${LABEL.service} }}) is running and called ` +
            `{{ $labels.${LABEL.tool} }} {{ $value | printf "%.0f" }} times in the last 10 minutes; none succeeded.`,
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
