import { driftwatchProcessors } from '@driftwatch/instrumentation';
import {
  defaultAISDKInstrumentation,
  defaultAnthropicInstrumentation,
  defaultMCPInstrumentation,
  defaultOpenAIAgentsInstrumentation,
  defaultOpenAIInstrumentation,
  registerImportHook,
} from '@driftwatch/instrumentation/internal';
import { ATTR_DRIFTWATCH_TEST_RUN_ID } from '@driftwatch/semconv';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { AlwaysOnSampler } from '@opentelemetry/sdk-trace';
import { CaseSpanCollector } from './span-collector';
import { userTraceExporters } from './trace-exporters';

/** Production gives sync evaluators 10 ms per span, then runs the rest after it; a test run waits for them. */
const SYNC_EVALUATION_BUDGET_MILLIS = 60_000;

/** The in-process OpenTelemetry of a test run, and the spans it keeps for the checks. */
export interface TestTelemetry {
  readonly collector: CaseSpanCollector;
  /** Flushes the user's exports (traces, metrics, logs) within `timeoutMillis`. */
  shutdown(timeoutMillis?: number): Promise<void>;
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
  return {
    collector,
    async shutdown(timeoutMillis = 5000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMillis);
        timer.unref();
      });
      await Promise.race([sdk.shutdown().catch(() => undefined), timeout]);
      clearTimeout(timer);
    },
  };
}
