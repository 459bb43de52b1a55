import {
  ATTR_DRIFTWATCH_AGENT_COST_UNKNOWN,
  ATTR_DRIFTWATCH_AGENT_COST_USD,
  ATTR_DRIFTWATCH_AGENT_ESCALATED,
  ATTR_DRIFTWATCH_AGENT_INPUT_TOKENS,
  ATTR_DRIFTWATCH_AGENT_LLM_CALLS,
  ATTR_DRIFTWATCH_AGENT_OUTCOME,
  ATTR_DRIFTWATCH_AGENT_OUTPUT_TOKENS,
  ATTR_DRIFTWATCH_AGENT_STEPS,
  ATTR_DRIFTWATCH_AGENT_TOOL_CALLS,
  ATTR_DRIFTWATCH_AGENT_TOOL_ERRORS,
  ATTR_DRIFTWATCH_CONTEXT_FILL_RATIO,
  ATTR_DRIFTWATCH_COST_UNKNOWN,
  ATTR_DRIFTWATCH_COST_USD,
  ATTR_DRIFTWATCH_ESCALATION_CATEGORY,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  DRIFTWATCH_EVALUATION_SCORE_ATTRIBUTE_TEMPLATE,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
} from '@driftwatch/semconv';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { RunSignals } from '../types';

const [SCORE_PREFIX, SCORE_SUFFIX] = DRIFTWATCH_EVALUATION_SCORE_ATTRIBUTE_TEMPLATE.split('{name}') as [string, string];

const numberOf = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const stringOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function byStartTime(a: ReadableSpan, b: ReadableSpan): number {
  const [aSeconds, aNanos] = a.startTime;
  const [bSeconds, bNanos] = b.startTime;
  return aSeconds - bSeconds || aNanos - bNanos;
}

function evaluationScores(spans: readonly ReadableSpan[]): Record<string, number> {
  const lowest: Record<string, number> = {};
  for (const span of spans) {
    for (const [key, value] of Object.entries(span.attributes)) {
      if (typeof value !== 'number' || !key.startsWith(SCORE_PREFIX) || !key.endsWith(SCORE_SUFFIX)) continue;
      const name = key.slice(SCORE_PREFIX.length, key.length - SCORE_SUFFIX.length);
      lowest[name] = Math.min(lowest[name] ?? 1, value);
    }
  }
  return lowest;
}

/** Roll-ups of the runs the test case started: Driftwatch's own `driftwatch.agent.*` attributes, summed. */
function fromAgentRuns(runs: readonly ReadableSpan[]) {
  const sum = (name: string) => runs.reduce((total, run) => total + numberOf(run.attributes[name]), 0);
  const last = runs[runs.length - 1]?.attributes;
  const costKnown = runs.every((run) => run.attributes[ATTR_DRIFTWATCH_AGENT_COST_UNKNOWN] !== true);
  return {
    outcome: stringOf(last?.[ATTR_DRIFTWATCH_AGENT_OUTCOME]),
    escalated: runs.some((run) => run.attributes[ATTR_DRIFTWATCH_AGENT_ESCALATED] === true),
    escalationCategory: runs.map((run) => stringOf(run.attributes[ATTR_DRIFTWATCH_ESCALATION_CATEGORY])).find(Boolean),
    errorType: stringOf(last?.[ATTR_ERROR_TYPE]),
    llmCalls: sum(ATTR_DRIFTWATCH_AGENT_LLM_CALLS),
    toolCalls: sum(ATTR_DRIFTWATCH_AGENT_TOOL_CALLS),
    toolErrors: sum(ATTR_DRIFTWATCH_AGENT_TOOL_ERRORS),
    steps: sum(ATTR_DRIFTWATCH_AGENT_STEPS),
    inputTokens: sum(ATTR_DRIFTWATCH_AGENT_INPUT_TOKENS),
    outputTokens: sum(ATTR_DRIFTWATCH_AGENT_OUTPUT_TOKENS),
    costUsd: costKnown ? sum(ATTR_DRIFTWATCH_AGENT_COST_USD) : undefined,
  };
}

/** The same figures from the LLM and tool spans, for an entry point that runs no `traceAgent` run. */
function fromCalls(llmSpans: readonly ReadableSpan[], toolSpans: readonly ReadableSpan[]) {
  const sum = (name: string) => llmSpans.reduce((total, span) => total + numberOf(span.attributes[name]), 0);
  const costKnown = llmSpans.every((span) => span.attributes[ATTR_DRIFTWATCH_COST_UNKNOWN] !== true);
  const toolErrors = toolSpans.filter((span) => span.attributes[ATTR_ERROR_TYPE] !== undefined).length;
  return {
    outcome: undefined,
    escalated: false,
    escalationCategory: undefined,
    errorType: undefined,
    llmCalls: llmSpans.length,
    toolCalls: toolSpans.length,
    toolErrors,
    steps: llmSpans.length + toolSpans.length,
    inputTokens: sum(ATTR_GEN_AI_USAGE_INPUT_TOKENS),
    outputTokens: sum(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS),
    costUsd: costKnown ? sum(ATTR_DRIFTWATCH_COST_USD) : undefined,
  };
}

/** The signals of one test case, from the spans of its trace; `caseSpanId` is the case's own root span. */
export function readRunSignals(spans: readonly ReadableSpan[], caseSpanId: string): RunSignals {
  const operation = (span: ReadableSpan) => span.attributes[ATTR_GEN_AI_OPERATION_NAME];
  const sorted = [...spans].sort(byStartTime);
  const runs = sorted.filter(
    (span) =>
      operation(span) === GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT && span.parentSpanContext?.spanId === caseSpanId,
  );
  const toolSpans = sorted.filter((span) => operation(span) === GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL);
  const llmSpans = sorted.filter((span) => span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS] !== undefined);
  const figures = runs.length > 0 ? fromAgentRuns(runs) : fromCalls(llmSpans, toolSpans);
  const fills = llmSpans
    .map((span) => span.attributes[ATTR_DRIFTWATCH_CONTEXT_FILL_RATIO])
    .filter((fill): fill is number => typeof fill === 'number');
  const toolName = (span: ReadableSpan) => stringOf(span.attributes[ATTR_GEN_AI_TOOL_NAME]) ?? 'tool';
  return {
    ...figures,
    tokens: figures.inputTokens + figures.outputTokens,
    toolErrorTypes: toolSpans
      .filter((span) => span.attributes[ATTR_ERROR_TYPE] !== undefined)
      .map((span) => `${toolName(span)} ${String(span.attributes[ATTR_ERROR_TYPE])}`),
    tools: [...new Set(toolSpans.map(toolName))],
    contextFill: fills.length > 0 ? Math.max(...fills) : undefined,
    maxInputTokens: Math.max(0, ...llmSpans.map((span) => numberOf(span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]))),
    models: [
      ...new Set(llmSpans.map((span) => stringOf(span.attributes[ATTR_GEN_AI_RESPONSE_MODEL])).filter(Boolean)),
    ] as string[],
    evaluations: evaluationScores(sorted),
  };
}
