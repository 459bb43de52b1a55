import { describe, expect, it } from 'vitest';
import { type SpanNode, TraceStates } from '../src/process/trace-state';

const call: SpanNode = {
  parentSpanId: 'run',
  role: 'llm',
  inputTokens: 1,
  outputTokens: 1,
  costUsd: 0,
  model: undefined,
  toolError: false,
};

function states(options: { maxTraces?: number; maxSpans?: number; budget?: { used: number; max: number } }) {
  const evicted: string[] = [];
  const traces = new TraceStates({
    maxTraces: options.maxTraces ?? 100,
    maxSpans: options.maxSpans ?? 100,
    maxAgeMillis: 1_000,
    budget: options.budget ?? { used: 0, max: 1_000 },
    onEvicted: (reason) => evicted.push(reason),
  });
  return { traces, evicted };
}

describe('TraceStates', () => {
  it('forgets the oldest traces beyond its bounds and counts those that held calls', () => {
    const { traces, evicted } = states({ maxTraces: 2 });
    for (const traceId of ['a', 'b', 'c']) traces.addNode(traces.touch(traceId, 0), `${traceId}-1`, call);
    expect(traces.stats()).toEqual({ traces: 2, spans: 2 });
    expect(evicted).toEqual(['capacity']);
  });

  it('shares one span budget between sources, and frees it when a trace is forgotten', () => {
    const budget = { used: 0, max: 3 };
    const first = states({ budget });
    const second = states({ budget });
    first.traces.addNode(first.traces.touch('a', 0), 'a-1', call);
    first.traces.addNode(first.traces.touch('a', 0), 'a-2', call);
    second.traces.addNode(second.traces.touch('b', 0), 'b-1', call);
    expect(budget.used).toBe(3);
    second.traces.addNode(second.traces.touch('c', 0), 'c-1', call);
    expect(budget.used).toBe(3);
    expect(second.evicted).toEqual(['capacity']);
    first.traces.forget('a');
    expect(budget.used).toBe(1);
  });

  it('lets idle traces age out without counting them', () => {
    const { traces, evicted } = states({});
    traces.addNode(traces.touch('old', 0), 'old-1', call);
    traces.touch('new', 5_000);
    expect(traces.stats()).toEqual({ traces: 1, spans: 0 });
    expect(evicted).toEqual([]);
  });
});
