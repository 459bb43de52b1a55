import { driftwatchProcessors } from '@driftwatch/processors';
import { diag } from '@opentelemetry/api';
import {
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { defaultAnthropicInstrumentation } from '../anthropic/default-instrumentation';
import { defaultAISDKInstrumentation } from '../frameworks/ai-sdk/default-instrumentation';
import { defaultMCPInstrumentation } from '../frameworks/mcp/default-instrumentation';
import { defaultOpenAIAgentsInstrumentation } from '../frameworks/openai-agents/default-instrumentation';
import {
  type BatchSpanEnvironment,
  readBooleanEnvironment,
  readPositiveIntegerEnvironment,
  readTraceExportEnvironment,
} from '../internal/environment';
import { reportInternalError } from '../internal/guard';
import { defaultOpenAIInstrumentation } from '../openai/default-instrumentation';
import type { Driftwatch, DriftwatchOptions } from '../types';
import { CountedBatchSpanProcessor } from './counted-batch-processor';
import { installDiagLogger } from './diag-logger';
import { exportSetting } from './environment-exporter-list';
import { installExitHooks, settleWithin } from './exit-hooks';
import { nothingListeningFromNow } from './export-outcomes';
import { unrefExportSockets } from './export-sockets';
import { loadOptionalPackage, reportSetupError } from './optional-package';
import { otlpExporter } from './otlp-exporters';
import { recordingSampler } from './recording-sampler';
import { TelemetrySdk } from './telemetry-sdk';

export const SHUTDOWN_TIMEOUT_ENVIRONMENT = 'DRIFTWATCH_SHUTDOWN_TIMEOUT_MS';

let running: Driftwatch | undefined;

/** The Zipkin exporter, an optional package (not a dependency of Driftwatch). */
function zipkinExporter(): SpanExporter {
  const { ZipkinExporter } = loadOptionalPackage<{ ZipkinExporter: new () => SpanExporter }>(
    '@opentelemetry/exporter-zipkin',
  );
  return new ZipkinExporter();
}

/** One exporting span processor by its `OTEL_TRACES_EXPORTER` name, or undefined for an unsupported name. */
function exportingSpanProcessor(name: string, batch: BatchSpanEnvironment): SpanProcessor | undefined {
  switch (name) {
    case 'otlp':
      return new CountedBatchSpanProcessor(otlpExporter('traces'), batch);
    case 'console':
      return new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() });
    case 'zipkin':
      return new CountedBatchSpanProcessor(zipkinExporter(), batch);
    default:
      diag.warn(`@driftwatch/instrumentation: unsupported OTEL_TRACES_EXPORTER value "${name}"`);
      return undefined;
  }
}

/**
 * The exporting span processors `OTEL_TRACES_EXPORTER` asks for (`otlp` by default, `console`, `zipkin`, `none`),
 * built as NodeSDK builds them.
 */
function exportingSpanProcessors(): SpanProcessor[] {
  const { exporters, batch } = readTraceExportEnvironment();
  const processors: SpanProcessor[] = [];
  for (const name of exporters) {
    try {
      const processor = exportingSpanProcessor(name, batch);
      if (processor !== undefined) processors.push(processor);
    } catch (error) {
      reportSetupError(`exporter.${name}`, exportSetting('OTEL_TRACES_EXPORTER', name), error);
    }
  }
  return processors;
}

/**
 * Driftwatch's span processors, then the exporting ones; only the exporting ones when the processors are turned
 * off or could not be built. With `OTEL_TRACES_EXPORTER=none` spans are still processed, so the processors'
 * metrics keep flowing without exported traces.
 */
function spanProcessorsFor(options: DriftwatchOptions): SpanProcessor[] {
  if (options.processors === false) return exportingSpanProcessors();
  try {
    const evaluation = options.processors?.evaluation;
    const processors = driftwatchProcessors({
      requirePinnedModels: options.openai?.requirePinnedModels,
      ...options.processors,
      // Explanations on evaluation events follow the openai option's content capture (else its env var).
      evaluation:
        evaluation === false ? false : { captureContent: options.openai?.captureMessageContent, ...evaluation },
    });
    return [...processors, ...exportingSpanProcessors()];
  } catch (error) {
    reportInternalError('processors', error);
    return exportingSpanProcessors();
  }
}

/**
 * Starts OpenTelemetry with Driftwatch's instrumentations and span processors: the SDK configured by the standard
 * `OTEL_*` variables (OTLP/HTTP traces, metrics and logs; `http/protobuf` or `http/json`), flushed when the
 * process ends. Idempotent: a second call returns the running instance. Returns undefined when `OTEL_SDK_DISABLED=true` or
 * when starting failed (reported through `diag`); the app runs on either way.
 */
export function startDriftwatch(options: DriftwatchOptions = {}): Driftwatch | undefined {
  if (running !== undefined) return running;
  if (readBooleanEnvironment('OTEL_SDK_DISABLED', false)) return undefined;
  try {
    installDiagLogger();
    const instrumentation = defaultOpenAIInstrumentation(options.openai);
    const spanProcessors = spanProcessorsFor(options);
    const sdk = new TelemetrySdk({
      instrumentations: [
        instrumentation,
        defaultAnthropicInstrumentation(options.anthropic),
        defaultOpenAIAgentsInstrumentation(),
        defaultAISDKInstrumentation(),
        defaultMCPInstrumentation(),
      ],
      spanProcessors,
      sampler: recordingSampler(),
    });
    unrefExportSockets();
    const timeoutMillis =
      options.shutdownTimeoutMillis ?? readPositiveIntegerEnvironment(SHUTDOWN_TIMEOUT_ENVIRONMENT, 3000);
    let stopping: Promise<boolean> | undefined;
    let removeExitHooks: (() => void) | undefined;
    const shutdown = () => {
      stopping ??= (async () => {
        removeExitHooks?.();
        // No collector listening (every export refused): the exporters' retries could only hold the exit.
        const refused = nothingListeningFromNow().then(() => false);
        const flushed = (async () => {
          // Pending evaluations first (within half the time): the providers shut down in parallel, so
          // events emitted while the span processors shut down would miss the logs exporter.
          const started = performance.now();
          const processors = spanProcessors.map((processor) => processor.forceFlush());
          await settleWithin(Promise.allSettled(processors), timeoutMillis / 2);
          return settleWithin(sdk.shutdown(), Math.max(1, timeoutMillis - (performance.now() - started)));
        })();
        return Promise.race([flushed, refused]);
      })();
      return stopping;
    };
    removeExitHooks = installExitHooks(shutdown);
    running = { sdk, shutdown };
    diag.debug('@driftwatch/instrumentation: started');
    return running;
  } catch (error) {
    reportInternalError('start', error);
    return undefined;
  }
}

/** Flushes and stops the running Driftwatch (call it before `process.exit()`); a no-op when none runs. */
export async function shutdownDriftwatch(): Promise<void> {
  await running?.shutdown();
}
