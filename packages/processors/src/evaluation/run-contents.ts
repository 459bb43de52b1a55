import type { ContentRecord } from './content-channel';

/** The first and the last LLM call of a run: its input and its output, for evaluators of runs. */
export interface RunCalls {
  readonly first: ContentRecord;
  last: ContentRecord;
}

/**
 * The calls of the open runs, by run span id, kept only while some evaluator scores runs. Bounded: beyond
 * `limit` runs the oldest is forgotten (its evaluators then see no content); references only.
 */
export class RunContents {
  private readonly runs = new Map<string, RunCalls>();
  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** One LLM call inside these runs (innermost first): the first call of a run stays, the last is replaced. */
  noteCall(runSpanIds: readonly string[], record: ContentRecord): void {
    for (const spanId of runSpanIds) {
      const calls = this.runs.get(spanId);
      if (calls !== undefined) {
        calls.last = record;
        continue;
      }
      if (this.runs.size >= this.limit) {
        const oldest = this.runs.keys().next();
        if (oldest.done !== true) this.runs.delete(oldest.value);
      }
      this.runs.set(spanId, { first: record, last: record });
    }
  }

  take(runSpanId: string): RunCalls | undefined {
    const calls = this.runs.get(runSpanId);
    if (calls !== undefined) this.runs.delete(runSpanId);
    return calls;
  }

  get size(): number {
    return this.runs.size;
  }
}
