import { valueAt } from '../checks/output-path';
import type { Finding } from '../results';
import type { ResourceWrite } from '../runner/case-state';
import type { ConcurrencyLayerOptions, ResourceKey } from '../types';
import { detectConflicts } from './conflict-detector';
import { type LayerContext, optionsOf, type RunResult, regressionChecks } from './layer-context';

function keyReader(resources: Readonly<Record<string, ResourceKey>>) {
  return (tool: string, args: unknown): string | undefined => {
    const key = resources[tool];
    if (key === undefined) return undefined;
    const value = typeof key === 'function' ? key(args) : valueAt(args, key);
    return value === undefined || value === null ? undefined : String(value);
  };
}

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
}

/**
 * 10 to 50 runs at once, cycling through the cases so that some run twice at the same time: every run must still
 * pass its checks, and no two runs may write the same resource (`resources` names, per tool, where its key is)
 * with different values.
 */
export async function runConcurrencyLayer(layer: LayerContext): Promise<{ results: RunResult[]; findings: Finding[] }> {
  const options = optionsOf<ConcurrencyLayerOptions>(layer.suite.layers?.concurrency);
  const count = Math.min(50, Math.max(10, Math.round(options.runs ?? 20)));
  const log: ResourceWrite[] = [];
  const keyOf = keyReader(options.resources ?? {});
  const runs = Array.from({ length: count }, (_, index) => {
    const testCase = layer.cases[index % layer.cases.length];
    if (testCase === undefined) throw new Error('the concurrency layer needs at least one case');
    return layer.run({
      layer: 'concurrency',
      id: `${testCase.id} #${index + 1}`,
      testCase,
      checks: regressionChecks(layer.suite),
      state: { writes: { log, run: index + 1, keyOf } },
    });
  });
  const results = await Promise.all(runs);
  const durations = results.map((result) => result.durationMs).sort((a, b) => a - b);
  const findings: Finding[] = [
    {
      id: 'latency',
      severity: 'note',
      message: `${count} concurrent runs: p50 ${percentile(durations, 0.5)} ms, p95 ${percentile(durations, 0.95)} ms, ${results.filter((result) => !result.pass).length} failed`,
    },
    ...detectConflicts(log),
  ];
  if (Object.keys(options.resources ?? {}).length === 0) {
    findings.push({ id: 'resources', severity: 'note', message: 'no resources named: write conflicts not checked' });
  }
  return { results, findings };
}
