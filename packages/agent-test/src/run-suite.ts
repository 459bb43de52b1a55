import { randomBytes } from 'node:crypto';
import { looksLikeRefusal } from './checks/refusal';
import { runAdversarialLayer } from './layers/adversarial-layer';
import { runConcurrencyLayer } from './layers/concurrency-layer';
import { runContextLayer } from './layers/context-layer';
import { type LayerContext, type RunResult, regressionChecks } from './layers/layer-context';
import { runRegressionLayer } from './layers/regression-layer';
import { runToolFaultLayer } from './layers/tool-fault-layer';
import { type Output, ProgressReporter } from './report/terminal-report';
import type { CaseResult, Finding, LayerResult, SuiteResults } from './results';
import { type RunEnvironment, runCase } from './runner/case-runner';
import { installToolInterception } from './runner/tool-interception';
import { loadSuite } from './suite/load-suite';
import { startTestTelemetry } from './telemetry/test-telemetry';
import { LAYERS, type LayerName, type Suite, type TestCase } from './types';

export interface RunSuiteOptions {
  /** The suite file: a JS/TS module or YAML. */
  readonly suite: string;
  /** Run on this model instead of the suite's (a dated checkpoint). */
  readonly model?: string;
  /** Only these layers (default: every layer the suite does not switch off). */
  readonly layers?: readonly LayerName[];
  readonly output?: Output;
  /** Print only failures and the summary. */
  readonly quiet?: boolean;
}

function enabledLayers(suite: Suite, only: readonly LayerName[] | undefined): LayerName[] {
  return LAYERS.filter((name) => (only ? only.includes(name) : suite.layers?.[name] !== false));
}

function withoutState({ state: _state, ...result }: RunResult): CaseResult {
  return result;
}

function judgeEndpoint(suite: Suite) {
  const env = process.env;
  return {
    model: suite.judge?.model,
    baseURL:
      suite.judge?.baseURL ?? env.DRIFTWATCH_JUDGE_BASE_URL ?? env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1',
    apiKey: suite.judge?.apiKey ?? env.DRIFTWATCH_JUDGE_API_KEY ?? env.OPENAI_API_KEY,
  };
}

async function runLayer(
  name: LayerName,
  context: LayerContext,
): Promise<{ results: RunResult[]; findings: Finding[] }> {
  switch (name) {
    case 'regression':
      return { results: await runRegressionLayer(context), findings: [] };
    case 'adversarial':
      return { results: await runAdversarialLayer(context), findings: [] };
    case 'tool_faults':
      return runToolFaultLayer(context);
    case 'context':
      return { results: await runContextLayer(context), findings: [] };
    case 'concurrency':
      return runConcurrencyLayer(context);
  }
}

/**
 * Runs a suite's layers against the agent in this process, under Driftwatch's instrumentation (exported like
 * production, tagged with the test run's id), and returns the results (the next run's baseline).
 */
export async function runSuite(options: RunSuiteOptions): Promise<SuiteResults> {
  const startedAt = new Date();
  const runId = randomBytes(8).toString('hex');
  const telemetry = startTestTelemetry({ runId });
  const uninstall = installToolInterception();
  const progress = new ProgressReporter(options.output ?? process.stdout, options.quiet ?? false);
  let teardown: (() => unknown) | undefined;
  try {
    const loaded = await loadSuite(options.suite);
    const { suite } = loaded;
    const setup = (await suite.setup?.()) ?? {};
    teardown = setup.teardown;
    const environment: RunEnvironment = {
      entry: loaded.entry,
      model: options.model ?? suite.model,
      world: setup.world ?? {},
      suiteChecks: suite.checks ?? [],
      judge: judgeEndpoint(suite),
      telemetry,
      isRefusal: suite.isRefusal ?? looksLikeRefusal,
    };
    const baselines = new Map<string, Promise<RunResult>>();
    let currentLayer: LayerName = 'regression';
    const context: LayerContext = {
      suite,
      cases: loaded.cases,
      environment,
      async run(caseRun) {
        const result = await runCase(environment, caseRun);
        if (!caseRun.quiet) progress.caseFinished(result);
        return result;
      },
      report: (result) => progress.caseFinished(result),
      baseline(testCase: TestCase) {
        let pending = baselines.get(testCase.id);
        if (pending === undefined) {
          const shown = currentLayer === 'regression';
          pending = context.run({
            layer: 'regression',
            id: testCase.id,
            testCase,
            checks: regressionChecks(suite),
            quiet: !shown,
          });
          baselines.set(testCase.id, pending);
        }
        return pending;
      },
    };
    const layers: LayerResult[] = [];
    for (const name of enabledLayers(suite, options.layers)) {
      currentLayer = name;
      progress.layerStarted(name);
      const started = performance.now();
      const { results, findings } = await runLayer(name, context);
      const layer: LayerResult = {
        name,
        pass: results.every((result) => result.pass) && findings.every((finding) => finding.severity !== 'fail'),
        cases: results.map(withoutState),
        findings,
        durationMs: Math.round(performance.now() - started),
      };
      progress.layerFinished(layer);
      layers.push(layer);
    }
    return {
      format: 'driftwatch-agent-test/1',
      suite: suite.name,
      runId,
      model: environment.model,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      pass: layers.every((layer) => layer.pass),
      layers,
    };
  } finally {
    try {
      await teardown?.();
    } finally {
      uninstall();
      await telemetry.shutdown();
    }
  }
}
