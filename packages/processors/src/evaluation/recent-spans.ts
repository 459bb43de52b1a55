import type { SpanContext } from '@opentelemetry/api';

/** An evaluated span remembered for feedback: its context and its metric labels. */
export interface RememberedSpan {
  readonly spanContext: SpanContext;
  readonly agentName: string | undefined;
  readonly requestModel: string | undefined;
  readonly responseId: string | undefined;
}

/** A map that forgets its oldest entries beyond a size. */
class RecentMap<Value> {
  private readonly entries = new Map<string, Value>();
  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  get(key: string): Value | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: Value): void {
    this.entries.delete(key);
    this.add(key, value);
  }

  /** Sets `key` unless it is already there (which keeps its place). */
  setIfAbsent(key: string, value: Value): void {
    if (!this.entries.has(key)) this.add(key, value);
  }

  private add(key: string, value: Value): void {
    if (this.entries.size >= this.limit) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(key, value);
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * The most recent LLM calls by response id, and the most recent traces (their outermost agent run, else their
 * first LLM call) by trace id, so that feedback arriving later in the same process lands on the span it is
 * about. Bounded: the oldest entries are forgotten first (about 200 bytes each).
 */
export class RecentSpans {
  private readonly byResponseId: RecentMap<RememberedSpan>;
  private readonly byTraceId: RecentMap<RememberedSpan>;

  constructor(limit: number) {
    this.byResponseId = new RecentMap(limit);
    this.byTraceId = new RecentMap(limit);
  }

  rememberCall(remembered: RememberedSpan): void {
    if (remembered.responseId !== undefined) this.byResponseId.set(remembered.responseId, remembered);
    this.byTraceId.setIfAbsent(remembered.spanContext.traceId, remembered);
  }

  /** Runs end inside out: the last one remembered for a trace is its outermost. */
  rememberRun(remembered: RememberedSpan): void {
    this.byTraceId.set(remembered.spanContext.traceId, remembered);
  }

  responseOf(responseId: string): RememberedSpan | undefined {
    return this.byResponseId.get(responseId);
  }

  traceOf(traceId: string): RememberedSpan | undefined {
    return this.byTraceId.get(traceId);
  }

  get size(): { responses: number; traces: number } {
    return { responses: this.byResponseId.size, traces: this.byTraceId.size };
  }
}
