import type { LayerContext, RunResult } from './layer-context';

/** The regression baseline: every case as it is, its checks must pass. */
export async function runRegressionLayer(layer: LayerContext): Promise<RunResult[]> {
  const results: RunResult[] = [];
  for (const testCase of layer.cases) results.push(await layer.baseline(testCase));
  return results;
}
