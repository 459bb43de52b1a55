export type { BaselineDiff, CaseDiff } from './report/baseline-diff';
export { diffAgainstBaseline, renderBaselineDiff } from './report/baseline-diff';
export { junitReport } from './report/junit-report';
export { renderSummary } from './report/terminal-report';
export type { CaseResult, Finding, LayerResult, SuiteResults } from './results';
export { type RunSuiteOptions, runSuite } from './run-suite';
export { defineSuite } from './suite/load-suite';
export type {
  AdversarialCase,
  AdversarialLayerOptions,
  AgentContext,
  AgentEntry,
  CheckInput,
  CheckResult,
  CheckSpec,
  ConcurrencyLayerOptions,
  ContextLayerOptions,
  FaultMode,
  JudgeCheck,
  LayerName,
  LayerSwitches,
  RegressionLayerOptions,
  ResourceKey,
  RunSignals,
  Suite,
  SuiteWorld,
  TestCase,
  ToolFaultLayerOptions,
  Verdict,
} from './types';
export { LAYERS } from './types';
