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
  ATTR_DRIFTWATCH_COST_UNKNOWN,
  ATTR_DRIFTWATCH_COST_USD,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOKEN_TYPE,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
  GEN_AI_TOKEN_TYPE_VALUE_INPUT,
  GEN_AI_TOKEN_TYPE_VALUE_OUTPUT,
} from '@driftwatch/semconv';
import { type Attributes, type Context, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { inputTokensOf, isInferenceOperation, outputTokensOf, requestModelOf, responseModelOf } from '../genai-span';
import { DROP_REASON_ORPHAN_RUN, ProcessorGuard } from '../internal/processor-guard';
import type { ProcessorInstruments } from '../internal/processor-instruments';
import { roundUsd } from '../model-table/model-table';
import { type AgentRun, AgentRuns, addCall, addToolCall, type CallTotals } from './agent-runs';

/** Tells the processors that label LLM metrics by agent which agent a span runs in. */
export interface AgentNameLookup {
  /** `gen_ai.agent.name` of the innermost `invoke_agent` span enclosing `span`, if any. */
  agentNameFor(span: ReadableSpan): string | undefined;
  /** Span ids of the open runs enclosing `span`, innermost first. */
  runSpanIdsFor?(span: ReadableSpan): string[];
}

export interface AgentRunProcessorOptions {
  readonly instruments: ProcessorInstruments;
  readonly maxOpenRuns: number;
  readonly maxRunAgeMillis: number;
  readonly slowThresholdMillis: number;
}

function stringAttribute(attributes: Attributes, name: string): string | undefined {
  const value = attributes[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Per-run roll-ups on `invoke_agent` spans: LLM calls, tool calls, tool errors, steps, tokens, cost, whether some
 * cost is unknown and the models used, as span attributes when the run ends, and histograms per run of cost
 * (priced runs only), tokens and steps by `gen_ai.agent.name`. Totals are subtree totals: a run counts its nested
 * runs' calls, and each nested run gets its own roll-up. A call that ends after its run ended is not counted in
 * that run (nor in an enclosing run that ended before it).
 *
 * Runs are found by span ids: `gen_ai.operation.name` must be set when the `invoke_agent` and `execute_tool`
 * spans start (the conventions list it among the attributes to set at start). Goes after the cost processor,
 * whose `driftwatch.cost.usd` it sums.
 */
export class AgentRunProcessor implements SpanProcessor, AgentNameLookup {
  private readonly instruments: ProcessorInstruments;
  private readonly guard: ProcessorGuard;
  private readonly runs: AgentRuns;

  constructor(options: AgentRunProcessorOptions) {
    this.instruments = options.instruments;
    const guard = new ProcessorGuard({
      component: 'processor.agent_runs',
      instruments: options.instruments,
      slowThresholdMillis: options.slowThresholdMillis,
    });
    this.guard = guard;
    this.runs = new AgentRuns({
      maxOpenRuns: options.maxOpenRuns,
      maxRunAgeMillis: options.maxRunAgeMillis,
      onEvicted: () => guard.drop(DROP_REASON_ORPHAN_RUN),
    });
  }

  onStart(span: Span, _parentContext: Context): void {
    const operation = span.attributes[ATTR_GEN_AI_OPERATION_NAME];
    // LLM calls are leaves, looked up by their parent when they end: nothing to do before the request is sent.
    if (operation === undefined) {
      if (this.runs.active) this.trackOther(span);
    } else if (!isInferenceOperation(operation)) this.guard.run(this.start, this, span);
  }

  onEnding(span: Span): void {
    const operation = span.attributes[ATTR_GEN_AI_OPERATION_NAME];
    if (operation === undefined) {
      if (this.runs.active) this.untrackOther(span);
    } else if (this.runs.active || !isInferenceOperation(operation)) this.guard.run(this.end, this, span);
  }

  onEnd(_span: ReadableSpan): void {}

  agentNameFor(span: ReadableSpan): string | undefined {
    return this.runs.runOf(span.parentSpanContext?.spanId)?.agentName;
  }

  runSpanIdsFor(span: ReadableSpan): string[] {
    const ids: string[] = [];
    for (let run = this.runs.runOf(span.parentSpanContext?.spanId); run !== undefined; run = run.parent) {
      if (!run.closed) ids.push(run.spanId);
    }
    return ids;
  }

  /** Sizes of the internal state, for tests and diagnostics. */
  stats(): { openRuns: number; trackedSpans: number } {
    return this.runs.stats();
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.runs.clear();
    return Promise.resolve();
  }

  /** A span that is not GenAI, started while runs are open: under a tracked span, it belongs to the same run. */
  private trackOther(span: Span): void {
    try {
      const run = this.runs.runOf(span.parentSpanContext?.spanId);
      if (run !== undefined) this.runs.track(span.spanContext().spanId, run);
    } catch (error) {
      this.guard.fail(error);
    }
  }

  private untrackOther(span: Span): void {
    try {
      this.runs.untrack(span.spanContext().spanId);
    } catch (error) {
      this.guard.fail(error);
    }
  }

  private start(span: Span): void {
    const { attributes } = span;
    const parentSpanId = span.parentSpanContext?.spanId;
    const operation = attributes[ATTR_GEN_AI_OPERATION_NAME];
    if (operation === GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT) {
      this.runs.startRun(span.spanContext().spanId, parentSpanId, stringAttribute(attributes, ATTR_GEN_AI_AGENT_NAME));
      return;
    }
    // A tool span, or another GenAI span (workflow, retrieval…) under a run: nested calls belong to the same run.
    this.trackOther(span);
  }

  private end(span: Span): void {
    const { attributes } = span;
    const operation = attributes[ATTR_GEN_AI_OPERATION_NAME];
    if (isInferenceOperation(operation)) {
      const run = this.runs.runOf(span.parentSpanContext?.spanId);
      if (run !== undefined) addCall(run, callTotalsOf(attributes));
    } else if (operation === GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT) {
      const run = this.runs.endRun(span.spanContext().spanId);
      if (run !== undefined) this.finish(span, run);
    } else {
      // A tool span, or another GenAI span that was tracked.
      const run = this.runs.untrack(span.spanContext().spanId);
      if (run !== undefined && operation === GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL) {
        addToolCall(run, attributes[ATTR_ERROR_TYPE] !== undefined || span.status.code === SpanStatusCode.ERROR);
      }
    }
  }

  private finish(span: Span, run: AgentRun): void {
    const agentName = stringAttribute(span.attributes, ATTR_GEN_AI_AGENT_NAME) ?? run.agentName;
    const steps = run.llmCalls + run.toolCalls;
    const costUsd = roundUsd(run.costUsd);
    span.setAttributes({
      [ATTR_DRIFTWATCH_AGENT_LLM_CALLS]: run.llmCalls,
      [ATTR_DRIFTWATCH_AGENT_TOOL_CALLS]: run.toolCalls,
      [ATTR_DRIFTWATCH_AGENT_TOOL_ERRORS]: run.toolErrors,
      [ATTR_DRIFTWATCH_AGENT_STEPS]: steps,
      [ATTR_DRIFTWATCH_AGENT_INPUT_TOKENS]: run.inputTokens,
      [ATTR_DRIFTWATCH_AGENT_OUTPUT_TOKENS]: run.outputTokens,
      [ATTR_DRIFTWATCH_AGENT_COST_USD]: costUsd,
      [ATTR_DRIFTWATCH_AGENT_COST_UNKNOWN]: run.costUnknown,
      [ATTR_DRIFTWATCH_AGENT_MODELS]: run.models === undefined ? [] : [...run.models].sort(),
    });
    const instruments = this.instruments.get();
    const labels: Attributes = agentName === undefined ? {} : { [ATTR_GEN_AI_AGENT_NAME]: agentName };
    if (!run.costUnknown) instruments.agentCost.record(costUsd, labels);
    instruments.agentSteps.record(steps, labels);
    instruments.agentTokens.record(run.inputTokens, {
      ...labels,
      [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUE_INPUT,
    });
    instruments.agentTokens.record(run.outputTokens, {
      ...labels,
      [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUE_OUTPUT,
    });
  }
}

/**
 * What one LLM span adds to its runs. Its cost is unknown when the cost processor marked it so, or when the span
 * reports usage but carries no cost (the cost processor is missing or failed on it); a call with neither usage
 * nor cost (a failed request) adds no cost.
 */
function callTotalsOf(attributes: Attributes): CallTotals {
  const inputTokens = inputTokensOf(attributes);
  const outputTokens = outputTokensOf(attributes);
  const cost = attributes[ATTR_DRIFTWATCH_COST_USD];
  const hasUsage = inputTokens !== undefined || outputTokens !== undefined;
  let costUsd: number | undefined = typeof cost === 'number' ? cost : 0;
  if (attributes[ATTR_DRIFTWATCH_COST_UNKNOWN] === true || (typeof cost !== 'number' && hasUsage)) costUsd = undefined;
  return {
    inputTokens: inputTokens ?? 0,
    outputTokens: outputTokens ?? 0,
    costUsd,
    model: responseModelOf(attributes) ?? requestModelOf(attributes),
  };
}
