import { driftwatchProcessors } from '@driftwatch/instrumentation';
import {
  defaultAISDKInstrumentation,
  defaultAnthropicInstrumentation,
  defaultMCPInstrumentation,
  defaultOpenAIAgentsInstrumentation,
  defaultOpenAIInstrumentation,
  nothingListeningFromNow,
  registerImportHook,
  SHUTDOWN_TIMEOUT_ENVIRONMENT,
  settleWithin,
  unrefExportSockets,
} from '@driftwatch/instrumentation/internal';
import { readPositiveIntegerEnvironment } from '@driftwatch/processors/internal';
import { ATTR_DRIFTWATCH_TEST_RUN_ID } from '@driftwatch/semconv';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { AlwaysOnSampler } from '@opentelemetry/sdk-trace';
import { CaseSpanCollector } from './span-collector';
import { userTraceExporters } from './trace-exporters';

/** Production gives sync evaluators 10 ms per span, then runs the rest after it; a test run waits for them. */
const SYNC_EVALUATION_BUDGET_MILLIS = 60_000;

/** The final flush's bound unless `DRIFTWATCH_SHUTDOWN_TIMEOUT_MS` says otherwise (register's is 3 s). */
const SHUTDOWN_TIMEOUT_MILLIS = 5000;

/** The in-process OpenTelemetry of a test run, and the spans it keeps for the checks. */
export interface TestTelemetry {
  readonly collector: CaseSpanCollector;
  /**
   * Flushes the user's exports (traces, metrics, logs) within `DRIFTWATCH_SHUTDOWN_TIMEOUT_MS` (5 s here), and no
   * longer once every collector endpoint refused its connection (nothing listens: retrying only delays the exit).
   */
  shutdown(): Promise<void>;
}

/**
 * Starts what `register` starts (the import hook, Driftwatch's instrumentations and processors, export configured
 * by the standard `OTEL_*` variables), every signal tagged with the test run's id as a resource attribute, plus the
 * in-memory collector the checks read. Call it before the suite's modules are imported, so their SDKs are patched.
 * Every span is recorded: a test run is not sampled.
 */
export function startTestTelemetry(options: { runId: string }): TestTelemetry {
  registerImportHook();
  const collector = new CaseSpanCollector();
  const sdk = new NodeSDK({
    resource: defaultResource().merge(resourceFromAttributes({ [ATTR_DRIFTWATCH_TEST_RUN_ID]: options.runId })),
    instrumentations: [
      defaultOpenAIInstrumentation(),
      defaultAnthropicInstrumentation(),
      defaultOpenAIAgentsInstrumentation(),
      defaultAISDKInstrumentation(),
      defaultMCPInstrumentation(),
    ],
    // Every sync evaluator scores on the span, however loaded the machine: the checks read the scores there.
    spanProcessors: [
      ...driftwatchProcessors({ evaluation: { syncBudgetMillis: SYNC_EVALUATION_BUDGET_MILLIS } }),
      collector,
      ...userTraceExporters(),
    ],
    sampler: new AlwaysOnSampler(),
  });
  sdk.start();
  // As `register` does: export sockets never hold the process, the first failed export is said in one line, and
  // a refused connection is remembered, so the final flush does not wait out the exporters' retries.
  unrefExportSockets();
  return {
    collector,
    async shutdown() {
      const timeoutMillis = readPositiveIntegerEnvironment(SHUTDOWN_TIMEOUT_ENVIRONMENT, SHUTDOWN_TIMEOUT_MILLIS);
      await settleWithin(Promise.race([sdk.shutdown(), nothingListeningFromNow()]), timeoutMillis);
    },
  };
}
