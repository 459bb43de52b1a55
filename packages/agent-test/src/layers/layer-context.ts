import type { CaseResult } from '../results';
import type { CaseRun, RunEnvironment } from '../runner/case-runner';
import type { CaseState } from '../runner/case-state';
import type { CheckSpec, RegressionLayerOptions, Suite, TestCase } from '../types';

/** A finished case with the tools the run called. */
export type RunResult = CaseResult & { readonly state: CaseState };

/** What each layer gets: the suite, its cases, a way to run one, and what the regression layer found. */
export interface LayerContext {
  readonly suite: Suite;
  readonly cases: readonly TestCase[];
  readonly environment: RunEnvironment;
  /** Runs one case and reports it as progress (unless `quiet`). */
  run(caseRun: CaseRun): Promise<RunResult>;
  /** Reports a result as progress. */
  report(result: RunResult): void;
  /** Unperturbed runs by case id (the regression layer's, or runs made on demand): tools used, base tokens. */
  baseline(testCase: TestCase): Promise<RunResult>;
}

/** The checks of unperturbed runs: the regression layer's own. */
export function regressionChecks(suite: Suite): readonly CheckSpec[] {
  return optionsOf<RegressionLayerOptions>(suite.layers?.regression).checks ?? [];
}

/** A layer's options: `true` means the defaults. */
export function optionsOf<Options extends object>(value: boolean | Options | undefined): Options {
  return typeof value === 'object' ? value : ({} as Options);
}
