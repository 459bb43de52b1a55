import type { CaseResult, LayerResult, SuiteResults } from '../results';
import type { LayerName } from '../types';

/** Where the report goes: a stream with an optional TTY. */
export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

function caseLine(result: CaseResult, withLayer: boolean): string {
  const mark = result.pass ? '✓' : '✗';
  const failed = result.checks.filter((check) => !check.pass);
  const why = result.pass ? '' : `  ${failed.map((check) => `${check.name}: ${check.message ?? 'failed'}`).join('; ')}`;
  const notes = result.notes?.length ? `  (${result.notes.join('; ')})` : '';
  const cost = result.signals.costUsd === undefined ? '' : ` $${result.signals.costUsd.toFixed(5)}`;
  const where = withLayer ? `${result.layer} ` : '';
  return `  ${mark} ${where}${result.id}  ${result.verdict}  ${result.signals.steps} steps ${result.signals.tokens} tok${cost}${notes}${why.slice(0, 400)}`;
}

/** Progress while the suite runs: a header per layer, a line per case as it finishes. */
export class ProgressReporter {
  constructor(
    private readonly output: Output,
    private readonly quiet: boolean,
  ) {}

  layerStarted(name: LayerName): void {
    if (!this.quiet) this.output.write(`\n${name}\n`);
  }

  caseFinished(result: CaseResult): void {
    if (!this.quiet || !result.pass) this.output.write(`${caseLine(result, this.quiet)}\n`);
  }

  layerFinished(layer: LayerResult): void {
    for (const finding of layer.findings) {
      if (!this.quiet || finding.severity === 'fail') {
        this.output.write(`  ${finding.severity === 'fail' ? '✗' : '·'} ${finding.message}\n`);
      }
    }
  }
}

/** The closing summary: each layer's count, then every failing case and finding by layer. */
export function renderSummary(results: SuiteResults): string {
  const lines = ['', `${results.suite} on ${results.model} (test run ${results.runId})`];
  for (const layer of results.layers) {
    const passed = layer.cases.filter((c) => c.pass).length;
    const findings = layer.findings.filter((f) => f.severity === 'fail').length;
    const state = layer.pass ? 'pass' : 'FAIL';
    const extra = findings > 0 ? `, ${findings} failing findings` : '';
    lines.push(`  ${state.padEnd(4)} ${layer.name.padEnd(12)} ${passed}/${layer.cases.length} cases${extra}`);
  }
  const failing = results.layers.filter((layer) => !layer.pass);
  if (failing.length > 0) {
    lines.push('', 'Failing:');
    for (const layer of failing) {
      for (const result of layer.cases.filter((c) => !c.pass))
        lines.push(`  ${layer.name}: ${result.id} (${result.verdict})`);
      for (const finding of layer.findings.filter((f) => f.severity === 'fail')) {
        lines.push(`  ${layer.name}: ${finding.message}`);
      }
    }
  }
  lines.push('', results.pass ? 'PASS' : 'FAIL', '');
  return lines.join('\n');
}
