import type { CheckResult, LayerName, RunSignals, Verdict } from './types';

/** One case run in one layer, as reported and as kept in the results file (the next run's baseline). */
export interface CaseResult {
  readonly layer: LayerName;
  /** Unique within the layer: the case id, plus the fault, the fill or the run number. */
  readonly id: string;
  /** The suite case it came from (adversarial cases: the corpus entry). */
  readonly caseId: string;
  /** The injected fault: `update_crm http_500`, `context 0.95` ... */
  readonly fault?: string;
  readonly pass: boolean;
  readonly verdict: Verdict;
  /** The output, as JSON (long values shortened). */
  readonly output: unknown;
  readonly error?: string;
  readonly checks: readonly CheckResult[];
  readonly signals: RunSignals;
  readonly durationMs: number;
  readonly traceId: string;
  /** Facts of this run worth showing (the fill reached, the tool the fault hit). */
  readonly notes?: readonly string[];
}

/** Something a layer found beyond its cases: a write conflict between concurrent runs, a latency figure. */
export interface Finding {
  readonly id: string;
  /** `fail` fails the layer; `note` is information. */
  readonly severity: 'fail' | 'note';
  readonly message: string;
}

export interface LayerResult {
  readonly name: LayerName;
  readonly pass: boolean;
  readonly cases: readonly CaseResult[];
  readonly findings: readonly Finding[];
  readonly durationMs: number;
}

/** The results file: what `--baseline` reads back. */
export interface SuiteResults {
  readonly format: 'driftwatch-agent-test/1';
  readonly suite: string;
  readonly runId: string;
  readonly model: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly pass: boolean;
  readonly layers: readonly LayerResult[];
}
