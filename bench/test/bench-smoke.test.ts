// The benchmark's smoke run, so the harness never rots: every variant set up in its own process, every scenario
// run a few times, and each must have produced its telemetry. No timing is asserted: that is the bench's job.
import { describe, expect, it } from 'vitest';
import { runInChild } from '../src/child-process.mjs';
import { runBench, SMOKE_OPTIONS } from '../src/harness.mjs';
import { startMockServerProcess } from '../src/mock-server.mjs';
import { formatReport } from '../src/report.mjs';
import { SCENARIO_NAMES } from '../src/scenarios.mjs';
import { fitLine, quantile, spread } from '../src/statistics.mjs';
import { VARIANTS } from '../src/variants.mjs';

interface Row {
  variant: string;
  scenario: string;
  concurrency: number;
  untraced: boolean;
  problems: string[];
  metricNames: string[];
  figures: Record<string, { value: { median: number } }>;
}

const median = (row: Row, figure: string) => row.figures[figure]?.value.median;

describe('bench smoke', () => {
  it('sets up every variant and each produces its spans and metrics in every scenario', async () => {
    const results = await runBench(SMOKE_OPTIONS);
    const rows = results.rows as Row[];
    expect(rows).toHaveLength(VARIANTS.length * SCENARIO_NAMES.length * 2);
    for (const variant of VARIANTS) {
      const instrumented = variant.peer !== undefined || variant.name.startsWith('driftwatch');
      for (const row of rows.filter((candidate) => candidate.variant === variant.name)) {
        const where = `${row.variant} ${row.scenario} c${row.concurrency}`;
        expect(row.problems, where).toEqual([]);
        const spansPerCall = median(row, 'spansPerCall');
        if (!instrumented) {
          expect(spansPerCall, where).toBe(0);
          expect(median(row, 'metricPoints'), where).toBe(0);
        } else if (row.untraced) {
          expect(spansPerCall, `${where} is declared untraced`).toBe(0);
        } else {
          // One span per call; an agent run has its run, two LLM calls and the tool.
          expect(spansPerCall, where).toBe(row.scenario === 'agent' ? 4 : 1);
          if (variant.recordsMetrics) expect(median(row, 'metricPoints'), where).toBeGreaterThan(0);
        }
      }
    }
    const chat = (name: string) => rows.find((row) => row.variant === name && row.scenario === 'chat');
    expect(chat('driftwatch')?.metricNames).toEqual(
      expect.arrayContaining(['gen_ai.client.operation.duration', 'gen_ai.client.token.usage']),
    );
    // The span path alone: the same spans, its metrics to a no-op meter.
    const spansOnly = chat('driftwatch-spans');
    expect(spansOnly && median(spansOnly, 'metricPoints')).toBe(0);
    expect(chat('driftwatch+processors')?.metricNames).toEqual(
      expect.arrayContaining([
        'gen_ai.client.operation.duration',
        'driftwatch.llm.cost',
        'driftwatch.context.fill_ratio',
      ]),
    );
    const report = formatReport(results);
    for (const variant of VARIANTS) expect(report).toContain(variant.name);
    expect(report).toContain('Targets: not judged');
  }, 180_000);

  it('runs the processor throughput and the SDK floor measurements', async () => {
    const { throughput, floor } = await runInChild({ kind: 'throughput', runs: 200, calls: 1000, rounds: 2 });
    // Warm-up and two rounds of 200 agent runs, 4 spans each, all through the processor chain to the exporter.
    expect(throughput.exportedSpans).toBe(200 + 2 * 800);
    expect(throughput.metricPoints).toBeGreaterThan(0);
    expect(throughput.processorMicrosPerSpan.count).toBe(2);
    expect(floor.microsPerCall.count).toBe(2);
  }, 60_000);

  it('runs the memory soak and fits a line through its heap samples', async () => {
    const mock = await startMockServerProcess();
    try {
      const soak = await runInChild({
        kind: 'soak',
        variant: 'driftwatch+processors',
        baseURL: mock.url,
        transport: 'memory',
        calls: 600,
        samples: 3,
        concurrency: 5,
      });
      expect(soak.errors).toBe(0);
      expect(soak.llmCalls).toBeGreaterThanOrEqual(600);
      expect(soak.spans).toBeGreaterThan(soak.llmCalls);
      expect(soak.samples.length).toBeGreaterThanOrEqual(4);
      expect(Number.isFinite(soak.fit.bytesPer1000Calls)).toBe(true);
    } finally {
      await mock.close();
    }
  }, 60_000);
});

describe('bench statistics', () => {
  it('reports medians with their range, quantiles by nearest rank and least-squares slopes', () => {
    expect(spread([3, 1, 2, Number.NaN])).toEqual({ median: 2, min: 1, max: 3, count: 3 });
    expect(spread([4, 1, 2, 3]).median).toBe(2.5);
    expect(quantile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(
      quantile(
        Float64Array.from({ length: 100 }, (_, index) => index + 1),
        0.99,
      ),
    ).toBe(99);
    const line = fitLine([0, 1, 2, 3].map((x) => ({ x, y: 10 + 2 * x })));
    expect(line.slope).toBeCloseTo(2);
    expect(line.intercept).toBeCloseTo(10);
    expect(line.r2).toBeCloseTo(1);
  });
});
