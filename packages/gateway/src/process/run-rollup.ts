import {
  ATTR_DRIFTWATCH_AGENT_COST_UNKNOWN,
  ATTR_DRIFTWATCH_AGENT_COST_USD,
  ATTR_DRIFTWATCH_AGENT_INPUT_TOKENS,
  ATTR_DRIFTWATCH_AGENT_LLM_CALLS,
  ATTR_DRIFTWATCH_AGENT_MODELS,
  ATTR_DRIFTWATCH_AGENT_OUTPUT_TOKENS,
  ATTR_DRIFTWATCH_AGENT_STEPS,
  ATTR_DRIFTWATCH_AGENT_TOOL_CALLS,
  ATTR_DRIFTWATCH_AGENT_TOOL_ERRORS,
} from '@driftwatch/semconv';
import type { SpanNode, TraceState } from './trace-state';

/** A run's subtree totals: the same roll-ups the in-process run processor puts on `invoke_agent` spans. */
export interface RunTotals {
  llmCalls: number;
  toolCalls: number;
  toolErrors: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  costUnknown: boolean;
  models: Set<string>;
}

const MAX_DEPTH = 64;

/** Whether `spanId`'s ancestry, as far as the trace knows it, reaches `runSpanId`. */
function isUnder(state: TraceState, node: SpanNode, runSpanId: string): boolean {
  let parent = node.parentSpanId;
  for (let depth = 0; parent !== undefined && depth < MAX_DEPTH; depth++) {
    if (parent === runSpanId) return true;
    parent = state.nodes.get(parent)?.parentSpanId;
  }
  return false;
}

/** The nearest finished run above a span, if its ancestry reaches one: the span came after its run's roll-up. */
export function finishedRunAbove(state: TraceState, parentSpanId: string | undefined): string | undefined {
  if (state.finishedRuns.size === 0) return undefined;
  let parent = parentSpanId;
  for (let depth = 0; parent !== undefined && depth < MAX_DEPTH; depth++) {
    if (state.finishedRuns.has(parent)) return parent;
    parent = state.nodes.get(parent)?.parentSpanId;
  }
  return undefined;
}

/** Sums the calls and tool calls below a run (nested runs included, as in-process). */
export function rollUp(state: TraceState, runSpanId: string): RunTotals {
  const totals: RunTotals = {
    llmCalls: 0,
    toolCalls: 0,
    toolErrors: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    costUnknown: false,
    models: new Set(),
  };
  for (const node of state.nodes.values()) {
    if ((node.role !== 'llm' && node.role !== 'tool') || !isUnder(state, node, runSpanId)) continue;
    if (node.role === 'tool') {
      totals.toolCalls += 1;
      if (node.toolError) totals.toolErrors += 1;
      continue;
    }
    totals.llmCalls += 1;
    totals.inputTokens += node.inputTokens;
    totals.outputTokens += node.outputTokens;
    if (node.costUsd === undefined) totals.costUnknown = true;
    else totals.costUsd += node.costUsd;
    if (node.model !== undefined) totals.models.add(node.model);
  }
  return totals;
}

/** The roll-up attributes of a run's span. */
export function rollUpAttributes(totals: RunTotals, roundedCostUsd: number) {
  return {
    [ATTR_DRIFTWATCH_AGENT_LLM_CALLS]: totals.llmCalls,
    [ATTR_DRIFTWATCH_AGENT_TOOL_CALLS]: totals.toolCalls,
    [ATTR_DRIFTWATCH_AGENT_TOOL_ERRORS]: totals.toolErrors,
    [ATTR_DRIFTWATCH_AGENT_STEPS]: totals.llmCalls + totals.toolCalls,
    [ATTR_DRIFTWATCH_AGENT_INPUT_TOKENS]: totals.inputTokens,
    [ATTR_DRIFTWATCH_AGENT_OUTPUT_TOKENS]: totals.outputTokens,
    [ATTR_DRIFTWATCH_AGENT_COST_USD]: roundedCostUsd,
    [ATTR_DRIFTWATCH_AGENT_COST_UNKNOWN]: totals.costUnknown,
    [ATTR_DRIFTWATCH_AGENT_MODELS]: [...totals.models].sort(),
  };
}
