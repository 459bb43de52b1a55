import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';

/** Most traces kept while waiting to be read; spans of older traces are dropped first. */
const MAXIMUM_TRACES = 2000;

/**
 * The in-memory side of the test run's telemetry: after Driftwatch's processors (so spans carry cost, fill, roll-ups
 * and scores) and next to the user's own exporters, it keeps each finished span by trace until the case that made
 * the trace takes them.
 */
export class CaseSpanCollector implements SpanProcessor {
  private readonly byTrace = new Map<string, ReadableSpan[]>();

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    const traceId = span.spanContext().traceId;
    let spans = this.byTrace.get(traceId);
    if (spans === undefined) {
      if (this.byTrace.size >= MAXIMUM_TRACES) {
        const oldest = this.byTrace.keys().next().value;
        if (oldest !== undefined) this.byTrace.delete(oldest);
      }
      spans = [];
      this.byTrace.set(traceId, spans);
    }
    spans.push(span);
  }

  /** The finished spans of a trace, handed over once. */
  take(traceId: string): ReadableSpan[] {
    const spans = this.byTrace.get(traceId) ?? [];
    this.byTrace.delete(traceId);
    return spans;
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {
    this.byTrace.clear();
  }
}
