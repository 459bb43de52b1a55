import { ATTR_GEN_AI_RESPONSE_ID } from '@driftwatch/semconv';
import type { Attributes, SpanContext } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/sdk-trace';
import { requestModelOf } from '../genai-span';
import type { AgentNameLookup } from '../runs/agent-run-processor';
import type { ContentRecord } from './content-channel';
import { RecentSpans } from './recent-spans';
import { type RunCalls, RunContents } from './run-contents';
import type { EvaluationTarget } from './types';

/** Runs tracked at most for evaluators of runs (references to their first and last calls). */
const MAX_TRACKED_RUNS = 1000;

export function stringAttribute(attributes: Attributes, name: string): string | undefined {
  const value = attributes[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** One ended span as the quality processor saw it. */
export interface SeenSpan {
  readonly span: Span;
  readonly target: EvaluationTarget;
  readonly record: ContentRecord | undefined;
  readonly spanContext: SpanContext;
  readonly agentName: string | undefined;
  /** Whether some evaluator scores runs: only then are calls' contents kept for their runs. */
  readonly runsEvaluated: boolean;
}

/**
 * What the quality processor remembers of ended spans: the most recent calls and runs, so feedback finds the span it
 * is about, and the content of the first and last call of each open run, for evaluators of runs.
 */
export class SpanMemory {
  readonly recent: RecentSpans;
  private readonly runContents = new RunContents(MAX_TRACKED_RUNS);
  private readonly agentNames: AgentNameLookup | undefined;

  constructor(options: { maxRememberedSpans: number; agentNames: AgentNameLookup | undefined }) {
    this.recent = new RecentSpans(options.maxRememberedSpans);
    this.agentNames = options.agentNames;
  }

  /** Remembers the span; returns, for a run, the first and last of its calls that handed content over. */
  note(seen: SeenSpan): RunCalls | undefined {
    const { attributes } = seen.span;
    const remembered = {
      spanContext: seen.spanContext,
      agentName: seen.agentName,
      requestModel: requestModelOf(attributes),
      responseId: stringAttribute(attributes, ATTR_GEN_AI_RESPONSE_ID),
    };
    if (seen.target === 'llm') {
      this.recent.rememberCall(remembered);
      const runSpanIds = this.agentNames?.runSpanIdsFor;
      if (seen.record !== undefined && seen.runsEvaluated && runSpanIds !== undefined) {
        this.runContents.noteCall(runSpanIds.call(this.agentNames, seen.span), seen.record);
      }
      return undefined;
    }
    if (seen.target !== 'agent') return undefined;
    this.recent.rememberRun(remembered);
    return this.runContents.take(seen.spanContext.spanId);
  }
}
