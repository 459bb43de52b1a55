import { createRequire } from 'node:module';
import { driftwatchProcessors } from '@driftwatch/processors';
import { diag } from '@opentelemetry/api';
import { OTLPTraceExporter as OTLPJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { NodeSDK } from '@opentelemetry/sdk-node';
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
import type { DriftwatchOptions } from '../types';
import { CountedBatchSpanProcessor } from './counted-batch-processor';
import { installExitHooks, settleWithin } from './exit-hooks';
import { nothingListeningFromNow } from './export-outcomes';
import { unrefExportSockets } from './export-sockets';
import { recordingSampler } from './recording-sampler';

export const SHUTDOWN_TIMEOUT_ENVIRONMENT = 'DRIFTWATCH_SHUTDOWN_TIMEOUT_MS';

/** A started Driftwatch: its NodeSDK, and a bounded shutdown that flushes everything. */
export interface Driftwatch {
  readonly sdk: NodeSDK;
  /**
   * Flushes and stops telemetry within the shutdown timeout; resolves true when everything was flushed in time.
   * Safe to call more than once.
   */
  shutdown(): Promise<boolean>;
}

let running: Driftwatch | undefined;

/** An exporter class NodeSDK itself depends on (gRPC, Zipkin), loaded from NodeSDK's own dependencies. */
function nodeSdkExporter(packageName: string, className: string): SpanExporter {
  const load = createRequire(require.resolve('@opentelemetry/sdk-node'));
  const exports = load(packageName) as Record<string, new () => SpanExporter>;
  const Exporter = exports[className];
  if (Exporter === undefined) throw new Error(`${packageName} has no ${className}`);
  return new Exporter();
}

function otlpTraceExporter(protocol: string): SpanExporter {
  if (protocol === 'http/json') return new OTLPJsonTraceExporter();
  if (protocol === 'grpc') return nodeSdkExporter('@opentelemetry/exporter-trace-otlp-grpc', 'OTLPTraceExporter');
  if (protocol !== 'http/protobuf') {
    diag.warn(`@driftwatch/instrumentation: unsupported OTLP traces protocol "${protocol}"; using http/protobuf`);
  }
  return new OTLPProtobufTraceExporter();
}

/** One exporting span processor by its `OTEL_TRACES_EXPORTER` name, or undefined for an unsupported name. */
function exportingSpanProcessor(
  name: string,
  protocol: string,
  batch: BatchSpanEnvironment,
): SpanProcessor | undefined {
  switch (name) {
    case 'otlp':
      return new CountedBatchSpanProcessor(otlpTraceExporter(protocol), batch);
    case 'console':
      return new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() });
    case 'zipkin':
      return new CountedBatchSpanProcessor(nodeSdkExporter('@opentelemetry/exporter-zipkin', 'ZipkinExporter'), batch);
    default:
      diag.warn(`@driftwatch/instrumentation: unsupported OTEL_TRACES_EXPORTER value "${name}"`);
      return undefined;
  }
}

/**
 * The exporting span processors `OTEL_TRACES_EXPORTER` asks for (`otlp` by default, `console`, `zipkin`, `none`),
 * built as NodeSDK builds them: NodeSDK stops reading these variables once it is given `spanProcessors`.
 */
function exportingSpanProcessors(): SpanProcessor[] {
  const { exporters, protocol, batch } = readTraceExportEnvironment();
  const processors: SpanProcessor[] = [];
  for (const name of exporters) {
    try {
      const processor = exportingSpanProcessor(name, protocol, batch);
      if (processor !== undefined) processors.push(processor);
    } catch (error) {
      reportInternalError(`exporter.${name}`, error);
    }
  }
  return processors;
}

/**
 * Driftwatch's span processors, then the exporting ones; undefined (NodeSDK's own setup from the environment)
 * when the processors are turned off or could not be built. With `OTEL_TRACES_EXPORTER=none` spans are still
 * processed, so the processors' metrics keep flowing without exported traces.
 */
function spanProcessorsFor(options: DriftwatchOptions): SpanProcessor[] | undefined {
  if (options.processors === false) return undefined;
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
    return undefined;
  }
}

/**
 * Starts OpenTelemetry with Driftwatch's instrumentations and span processors: a NodeSDK configured by the standard
 * `OTEL_*` variables (OTLP/HTTP traces, metrics and logs; `http/protobuf` or `http/json`), flushed when the
 * process ends. Idempotent: a second call returns the running instance. Returns undefined when `OTEL_SDK_DISABLED=true` or
 * when starting failed (reported through `diag`); the app runs on either way.
 */
export function startDriftwatch(options: DriftwatchOptions = {}): Driftwatch | undefined {
  if (running !== undefined) return running;
  if (readBooleanEnvironment('OTEL_SDK_DISABLED', false)) return undefined;
  try {
    const instrumentation = defaultOpenAIInstrumentation(options.openai);
    const spanProcessors = spanProcessorsFor(options);
    const sdk = new NodeSDK({
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
    sdk.start();
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
          // Pending evaluations first (within half the time): NodeSDK shuts its providers down in parallel, so
          // events emitted while the span processors shut down would miss the logs exporter.
          const started = performance.now();
          const processors = (spanProcessors ?? []).map((processor) => processor.forceFlush());
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
