import {
  ATTR_DRIFTWATCH_TEST_CASE,
  ATTR_DRIFTWATCH_TEST_FAULT,
  ATTR_DRIFTWATCH_TEST_LAYER,
  ATTR_DRIFTWATCH_TEST_PASSED,
  ATTR_DRIFTWATCH_TEST_VERDICT,
} from '@driftwatch/semconv';
import { context, ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import type { JudgeEndpoint } from '../checks/judge-check';
import { runChecks } from '../checks/run-checks';
import type { CaseResult } from '../results';
import { readRunSignals } from '../telemetry/run-signals';
import type { TestTelemetry } from '../telemetry/test-telemetry';
import type { AgentContext, AgentEntry, CheckSpec, LayerName, TestCase, Verdict } from '../types';
import { type CaseState, caseStorage } from './case-state';
import { reportable, shortened } from './shortened';
import { classifyRun } from './verdict';

/** What every case of a test run shares. */
export interface RunEnvironment {
  readonly entry: AgentEntry;
  readonly model: string;
  readonly world: Record<string, unknown>;
  readonly suiteChecks: readonly CheckSpec[];
  readonly judge: JudgeEndpoint;
  readonly telemetry: TestTelemetry;
  readonly isRefusal: (output: unknown) => boolean;
}

/** One run of the agent to make: the case, the layer, and how it is perturbed. */
export interface CaseRun {
  readonly layer: LayerName;
  readonly id: string;
  readonly testCase: TestCase;
  /** The input actually given (padded, adversarial); the case's own by default. */
  readonly input?: unknown;
  readonly fault?: string;
  /** The verdicts that pass; undefined: only `correct`. */
  readonly accept?: readonly Verdict[];
  readonly state?: Partial<Pick<CaseState, 'fault' | 'writes'>>;
  /** Checks for this run on top of the case's and the suite's. */
  readonly checks?: readonly CheckSpec[];
  /** Not shown as progress (a calibration run); the layer reports what it keeps. */
  readonly quiet?: boolean;
}

const tracer = () => trace.getTracer('@driftwatch/agent-test');

/**
 * Runs the agent once for a case, in a trace of its own under an `agent_test {layer} {case}` span; reads its
 * signals from the spans the in-process SDK recorded, runs its checks and classifies how it ended.
 */
export async function runCase(environment: RunEnvironment, run: CaseRun): Promise<CaseResult & { state: CaseState }> {
  const state: CaseState = { toolsSeen: [], fixedResultTools: new Set(), faultHits: 0, ...run.state };
  const input = run.input ?? run.testCase.input;
  const agentContext: AgentContext = {
    model: environment.model,
    caseId: run.testCase.id,
    layer: run.layer,
    world: environment.world,
  };
  const span = tracer().startSpan(
    `agent_test ${run.layer} ${run.id}`,
    {
      attributes: {
        [ATTR_DRIFTWATCH_TEST_LAYER]: run.layer,
        [ATTR_DRIFTWATCH_TEST_CASE]: run.id,
        ...(run.fault !== undefined ? { [ATTR_DRIFTWATCH_TEST_FAULT]: run.fault } : {}),
      },
    },
    ROOT_CONTEXT,
  );
  const started = performance.now();
  let output: unknown;
  let error: unknown;
  let threw = false;
  try {
    output = await context.with(trace.setSpan(ROOT_CONTEXT, span), () =>
      caseStorage.run(state, () => environment.entry(input, agentContext)),
    );
  } catch (caught) {
    threw = true;
    error = caught;
  }
  const durationMs = performance.now() - started;
  const { traceId, spanId } = span.spanContext();
  const signals = readRunSignals(environment.telemetry.collector.take(traceId), spanId);
  const checks = await runChecks({
    testCase: run.testCase,
    suiteChecks: [...environment.suiteChecks, ...(run.checks ?? [])],
    input: { output, input, signals, error, context: agentContext },
    judge: environment.judge,
  });
  if (threw) {
    checks.unshift({ name: 'threw', pass: false, message: reportable(String((error as Error)?.message ?? error)) });
  }
  const verdict = classifyRun({ threw, checks, signals, output, isRefusal: environment.isRefusal });
  const pass = (run.accept ?? ['correct']).includes(verdict);
  span.setAttributes({ [ATTR_DRIFTWATCH_TEST_PASSED]: pass, [ATTR_DRIFTWATCH_TEST_VERDICT]: verdict });
  if (!pass) span.setStatus({ code: SpanStatusCode.ERROR, message: verdict });
  span.end();
  return {
    layer: run.layer,
    id: run.id,
    caseId: run.testCase.id,
    ...(run.fault !== undefined ? { fault: run.fault } : {}),
    pass,
    verdict,
    output: shortened(output),
    ...(threw ? { error: reportable(String((error as Error)?.message ?? error)) } : {}),
    checks,
    signals,
    durationMs: Math.round(durationMs),
    traceId,
    state,
  };
}
