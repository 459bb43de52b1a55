import type { Finding } from '../results';
import { DEFAULT_ACCEPTED } from '../runner/verdict';
import type { ToolFaultLayerOptions } from '../types';
import { FAULT_MODES } from './fault-modes';
import { type LayerContext, optionsOf, type RunResult } from './layer-context';

/**
 * Every tool the agent called in its unperturbed runs, under each fault mode (HTTP 500, timeout, malformed result,
 * rate limit), injected through Driftwatch's tool wrapping: the agent must recover, escalate or refuse.
 */
export async function runToolFaultLayer(layer: LayerContext): Promise<{ results: RunResult[]; findings: Finding[] }> {
  const options = optionsOf<ToolFaultLayerOptions>(layer.suite.layers?.tool_faults);
  const modes = options.modes ?? FAULT_MODES;
  const casesByTool = new Map<string, string[]>();
  const fixedResults = new Set<string>();
  for (const testCase of layer.cases) {
    const base = await layer.baseline(testCase);
    for (const tool of base.state.fixedResultTools) fixedResults.add(tool);
    for (const tool of base.state.toolsSeen) {
      if (options.skipTools?.includes(tool)) continue;
      const cases = casesByTool.get(tool) ?? [];
      if (options.cases === 'all' || cases.length === 0) cases.push(testCase.id);
      casesByTool.set(tool, cases);
    }
  }
  const results: RunResult[] = [];
  const findings: Finding[] = [];
  for (const [tool, caseIds] of casesByTool) {
    for (const mode of modes) {
      if (mode === 'malformed' && fixedResults.has(tool)) {
        findings.push({
          id: `${tool} malformed`,
          severity: 'note',
          message: `${tool}: its framework keeps the tool's own result (AI SDK 7), so no malformed result was injected`,
        });
        continue;
      }
      for (const caseId of caseIds) {
        const testCase = layer.cases.find((candidate) => candidate.id === caseId);
        if (testCase === undefined) continue;
        const result = await layer.run({
          layer: 'tool_faults',
          id: `${caseId} ${tool} ${mode}`,
          testCase,
          fault: `${tool} ${mode}`,
          accept: options.accept ?? DEFAULT_ACCEPTED,
          state: { fault: { tool, mode, firstCallOnly: options.persistence === 'first_call' } },
        });
        results.push(
          result.state.faultHits === 0 ? { ...result, notes: [`${tool} was not called this time`] } : result,
        );
      }
    }
  }
  return { results, findings };
}
