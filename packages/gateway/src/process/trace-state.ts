/** What one span of a trace adds to the runs above it. */
export interface SpanNode {
  readonly parentSpanId: string | undefined;
  readonly role: 'llm' | 'tool' | 'run' | 'other';
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** USD; undefined when the call's cost is unknown. */
  readonly costUsd: number | undefined;
  readonly model: string | undefined;
  readonly toolError: boolean;
}

export interface TraceState {
  readonly nodes: Map<string, SpanNode>;
  /** Runs already rolled up: a span arriving under one of them came too late to count. */
  readonly finishedRuns: Set<string>;
  lastSeenMillis: number;
}

/**
 * Per-trace state for the run roll-ups, bounded in traces, in spans and in age. Spans are never held: only what
 * each adds to the runs above it is kept until the run's span arrives (usually last, in a later batch). A trace
 * is forgotten when its root span arrives, when it has been idle longer than `maxAgeMillis`, or, oldest first,
 * when the bounds are reached (this source's, or the budget all sources share); `onEvicted` is told of each trace the bounds forced out while it held calls.
 */
/** Spans held for roll-ups by every source together, against one bound for the whole gateway. */
export interface SpanBudget {
  used: number;
  readonly max: number;
}

export class TraceStates {
  private readonly traces = new Map<string, TraceState>();
  private readonly maxTraces: number;
  private readonly maxSpans: number;
  private readonly budget: SpanBudget;
  private readonly maxAgeMillis: number;
  private readonly onEvicted: (reason: 'capacity' | 'age') => void;
  private spanCount = 0;

  constructor(options: {
    maxTraces: number;
    maxSpans: number;
    maxAgeMillis: number;
    budget: SpanBudget;
    onEvicted: (reason: 'capacity' | 'age') => void;
  }) {
    this.maxTraces = options.maxTraces;
    this.maxSpans = options.maxSpans;
    this.budget = options.budget;
    this.maxAgeMillis = options.maxAgeMillis;
    this.onEvicted = options.onEvicted;
  }

  /** The state of a trace, created (and moved to the young end) on use. */
  touch(traceId: string, nowMillis: number): TraceState {
    let state = this.traces.get(traceId);
    if (state === undefined) {
      state = { nodes: new Map(), finishedRuns: new Set(), lastSeenMillis: nowMillis };
    } else {
      this.traces.delete(traceId);
    }
    state.lastSeenMillis = nowMillis;
    this.traces.set(traceId, state);
    this.expire(nowMillis);
    return state;
  }

  addNode(state: TraceState, spanId: string, node: SpanNode): void {
    if (!state.nodes.has(spanId)) {
      this.spanCount += 1;
      this.budget.used += 1;
    }
    state.nodes.set(spanId, node);
    while (this.spanCount > this.maxSpans || this.traces.size > this.maxTraces || this.budget.used > this.budget.max) {
      // The trace being added to stays (it is the youngest); the bound is then met by the next ones.
      if (this.traces.values().next().value === state || !this.evictOldest('capacity')) break;
    }
  }

  forget(traceId: string): void {
    const state = this.traces.get(traceId);
    if (state === undefined) return;
    this.spanCount -= state.nodes.size;
    this.budget.used -= state.nodes.size;
    this.traces.delete(traceId);
  }

  stats(): { traces: number; spans: number } {
    return { traces: this.traces.size, spans: this.spanCount };
  }

  private expire(nowMillis: number): void {
    for (let checked = 0; checked < 8; checked++) {
      const oldest = this.traces.values().next().value;
      if (oldest === undefined || nowMillis - oldest.lastSeenMillis <= this.maxAgeMillis) return;
      this.evictOldest('age');
    }
  }

  private evictOldest(reason: 'capacity' | 'age'): boolean {
    const first = this.traces.entries().next().value;
    if (first === undefined) return false;
    const [traceId, state] = first;
    this.forget(traceId);
    const uncounted = [...state.nodes.values()].some((node) => node.role === 'llm' || node.role === 'tool');
    if (uncounted && reason === 'capacity') this.onEvicted(reason);
    return true;
  }
}
