/** One agent run (`invoke_agent` span) being rolled up: totals of its whole subtree, nested runs included. */
export class AgentRun {
  /** The id of the run's `invoke_agent` span. */
  readonly spanId: string;
  readonly parent: AgentRun | undefined;
  readonly startedAt: number;
  agentName: string | undefined;
  /** Set when the run ended or was evicted: nothing is added any more. */
  closed = false;
  llmCalls = 0;
  toolCalls = 0;
  toolErrors = 0;
  inputTokens = 0;
  outputTokens = 0;
  costUsd = 0;
  costUnknown = false;
  /** Response models used (bounded), created on the first call. */
  models: Set<string> | undefined;

  constructor(options: {
    spanId: string;
    parent: AgentRun | undefined;
    agentName: string | undefined;
    startedAt: number;
  }) {
    this.spanId = options.spanId;
    this.parent = options.parent;
    this.agentName = options.agentName;
    this.startedAt = options.startedAt;
  }
}

/** Most distinct models listed per run. */
const MAX_MODELS_PER_RUN = 16;

export interface CallTotals {
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** USD, or undefined when the call's cost is unknown. */
  readonly costUsd: number | undefined;
  readonly model: string | undefined;
}

/** Adds one LLM call to `run` and to every enclosing run still open. */
export function addCall(run: AgentRun, call: CallTotals): void {
  for (let current: AgentRun | undefined = run; current !== undefined; current = current.parent) {
    if (current.closed) continue;
    current.llmCalls += 1;
    current.inputTokens += call.inputTokens;
    current.outputTokens += call.outputTokens;
    if (call.costUsd === undefined) current.costUnknown = true;
    else current.costUsd += call.costUsd;
    if (call.model !== undefined) {
      current.models ??= new Set();
      if (current.models.size < MAX_MODELS_PER_RUN) current.models.add(call.model);
    }
  }
}

/** Adds one tool call to `run` and to every enclosing run still open. */
export function addToolCall(run: AgentRun, failed: boolean): void {
  for (let current: AgentRun | undefined = run; current !== undefined; current = current.parent) {
    if (current.closed) continue;
    current.toolCalls += 1;
    if (failed) current.toolErrors += 1;
  }
}

export interface AgentRunsOptions {
  readonly maxOpenRuns: number;
  readonly maxRunAgeMillis: number;
  /** Called for each run evicted before it ended. */
  readonly onEvicted: () => void;
}

/**
 * The open runs, and which run each span inside them belongs to, keyed by span id. Tracked spans are the runs'
 * own spans, their `execute_tool` spans and any other span started under a tracked span (an app's own
 * `retrieve` span between an agent and its LLM call). LLM spans are leaves: looked up by parent, never tracked.
 * Everything is freed when its span ends; runs that never end are evicted by age and by count, and the span
 * index is capped at 16 entries per allowed run.
 */
export class AgentRuns {
  private readonly options: AgentRunsOptions;
  /** Open runs by their span id, oldest first. */
  private readonly runs = new Map<string, AgentRun>();
  /** Span id -> innermost run containing the span, oldest first. */
  private readonly spans = new Map<string, AgentRun>();
  private readonly maxTrackedSpans: number;

  constructor(options: AgentRunsOptions) {
    this.options = options;
    this.maxTrackedSpans = options.maxOpenRuns * 16;
  }

  /** True while any span is tracked: only then do other spans need a look. */
  get active(): boolean {
    return this.spans.size > 0;
  }

  /** The innermost run containing a span whose parent has this id. */
  runOf(parentSpanId: string | undefined): AgentRun | undefined {
    return parentSpanId === undefined ? undefined : this.spans.get(parentSpanId);
  }

  startRun(spanId: string, parentSpanId: string | undefined, agentName: string | undefined): void {
    const now = Date.now();
    this.evictRuns(now);
    const run = new AgentRun({ spanId, parent: this.runOf(parentSpanId), agentName, startedAt: now });
    this.runs.set(spanId, run);
    this.track(spanId, run);
  }

  /** Removes the run of this span and closes it; undefined when it was not tracked (or was evicted). */
  endRun(spanId: string): AgentRun | undefined {
    const run = this.runs.get(spanId);
    if (run === undefined) return undefined;
    this.runs.delete(spanId);
    this.spans.delete(spanId);
    run.closed = true;
    return run;
  }

  track(spanId: string, run: AgentRun): void {
    if (this.spans.size >= this.maxTrackedSpans) {
      const oldest = this.spans.keys().next();
      if (oldest.done !== true) this.spans.delete(oldest.value);
    }
    this.spans.set(spanId, run);
  }

  /** Forgets a span; returns the run it belonged to. */
  untrack(spanId: string): AgentRun | undefined {
    const run = this.spans.get(spanId);
    if (run !== undefined) this.spans.delete(spanId);
    return run;
  }

  stats(): { openRuns: number; trackedSpans: number } {
    return { openRuns: this.runs.size, trackedSpans: this.spans.size };
  }

  clear(): void {
    this.runs.clear();
    this.spans.clear();
  }

  private evictRuns(now: number): void {
    const { maxOpenRuns, maxRunAgeMillis } = this.options;
    for (const [spanId, run] of this.runs) {
      if (this.runs.size < maxOpenRuns && now - run.startedAt <= maxRunAgeMillis) return;
      this.runs.delete(spanId);
      this.spans.delete(spanId);
      run.closed = true;
      this.options.onEvicted();
    }
  }
}
